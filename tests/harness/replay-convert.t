#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The trace converter's unit tests (tools/replay/test_nbtrace.py): the three
# input formats on canned lines, every gfp_flags spelling of Linux 6.1,
# malformed lines with their errors, the binary format's round trip. No boot.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
exec python3 tools/replay/test_nbtrace.py --tap

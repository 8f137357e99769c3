#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Kept for tests written against the old name: tools/testing/nbtest/nbtest.py parity.
exec python3 "$(dirname "$0")/../tools/testing/nbtest/nbtest.py" parity "$@"

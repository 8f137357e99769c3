# SPDX-License-Identifier: GPL-2.0-only
#
# The nb-* gdb commands (see scripts/gdb/numabuddy.py).
from . import cpus, dmesg, mm, numa, pageblock  # noqa: F401

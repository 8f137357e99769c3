# SPDX-License-Identifier: GPL-2.0-only
#
# nb-dmesg: the kernel log ring, as kernel/printk.c keeps it: byte position
# p (a count of every byte ever logged) is at log_buf[p % log_buf_len], and
# [max(0, log_next - log_buf_len), log_next) is still there.
import gdb

from . import utils


def log_text():
    buf = utils.symbol_value("log_buf")
    size = int(utils.symbol_value("log_buf_len"))
    end = int(utils.symbol_value("log_next"))
    base = int(buf.address)
    start = max(0, end - size)
    data = b""
    pos = start
    while pos < end:
        off = pos % size
        n = min(end - pos, size - off)
        data += utils.read_bytes(base + off, n)
        pos += n
    if start > 0:
        # The ring wrapped: the oldest line is cut; start at the next one.
        nl = data.find(b"\n")
        data = data[nl + 1:] if nl >= 0 else b""
    return data.decode("utf-8", errors="replace")


utils.text_command("nb-dmesg", log_text,
                   """Print the kernel log buffer (log_buf), every level, as the kernel stored it.""")

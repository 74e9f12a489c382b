#!/usr/bin/env python3
"""Run a command (QEMU with -serial stdio) and stamp its output on arrival.

    stamp.py LIMIT_S LOG CMD...

Starts CMD with its stdout on a pipe, reads whatever arrives at once, and
notes the host's monotonic clock for every chunk, relative to the moment
just before CMD was started.  COM1's bytes are written to LOG unchanged;
LOG.stamps gets one line "SECONDS OFFSET" per chunk (OFFSET: how many bytes
of LOG came before it).  Stamping chunks, not lines, matters: iPXE's
"tftp://...  ok" is one line whose two halves are minutes apart.  CMD is
killed after LIMIT_S seconds.  Exit status: CMD's (124 on the limit).

Error of a stamp: the pipe and this loop add well under a millisecond;
QEMU writes a COM1 byte to its chardev when the guest stores it (no baud
rate is emulated), so a stamp is late by the host's scheduling only.
"""
import os
import select
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: stamp.py LIMIT_S LOG CMD...")
    limit, log = float(sys.argv[1]), sys.argv[2]
    t0 = time.monotonic()
    proc = subprocess.Popen(sys.argv[3:], stdout=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    fd = proc.stdout.fileno()
    offset = 0
    timed_out = False
    with open(log, "wb") as out, open(log + ".stamps", "w") as stamps:
        while True:
            left = t0 + limit - time.monotonic()
            if left <= 0:
                proc.kill()
                timed_out = True
                break
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if not ready:
                continue
            now = time.monotonic() - t0
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            stamps.write("%.6f %d\n" % (now, offset))
            out.write(chunk)
            offset += len(chunk)
    rc = proc.wait()
    sys.exit(124 if timed_out else rc)


if __name__ == "__main__":
    main()

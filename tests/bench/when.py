#!/usr/bin/env python3
"""When did a text first appear in a log written by stamp.py?

    when.py LOG REGEXP [REGEXP...]

For each REGEXP (Python syntax, searched in the raw bytes of LOG), prints
the host time in seconds since QEMU's start at which the byte that
completes its first match arrived, or "-" when it never matched.  One
figure a line, in the order given.
"""
import bisect
import re
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: when.py LOG REGEXP...")
    log = sys.argv[1]
    data = open(log, "rb").read()
    times, offsets = [], []
    for line in open(log + ".stamps"):
        t, off = line.split()
        times.append(float(t))
        offsets.append(int(off))
    for pattern in sys.argv[2:]:
        m = re.search(pattern.encode(), data)
        if not m or not offsets:
            print("-")
            continue
        # The chunk holding the match's last byte: the last chunk that
        # starts at or before it.
        i = bisect.bisect_right(offsets, max(m.end() - 1, 0)) - 1
        print("%.3f" % times[max(i, 0)])


if __name__ == "__main__":
    main()

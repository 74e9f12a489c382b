#!/usr/bin/env python3
"""Write the tiny initramfs of tests/lab/t_kernel.sh: a gzip-compressed cpio
archive in the "newc" format (the one the kernel unpacks).

    mkinitramfs.py OUT.gz INIT BUSYBOX [MODULE.ko...]

The archive holds /init (the shell script INIT), /bin/busybox with /bin/sh
pointing at it, /dev/console (so that init has its standard streams before
anything is mounted), empty /proc and /sys, and each MODULE under
/lib/modules/ by its file name.  Written here rather than with cpio(1) so
that the device node needs no mknod on the host, and no root.
"""
import gzip
import os
import stat
import sys


def entry(out, ino, name, mode, data=b"", rdev=(0, 0)):
    """One newc header, the name and the data, each padded to 4 bytes."""
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    head = b"070701" + b"".join(b"%08x" % f for f in fields)
    out.write(head + name.encode() + b"\0")
    out.write(b"\0" * (-(len(head) + len(name) + 1) % 4))
    out.write(data)
    out.write(b"\0" * (-len(data) % 4))


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: mkinitramfs.py OUT.gz INIT BUSYBOX [MODULE.ko...]")
    out_path, init, busybox, modules = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    items = [("dev", stat.S_IFDIR | 0o755, b"", (0, 0)),
             ("dev/console", stat.S_IFCHR | 0o600, b"", (5, 1)),
             ("proc", stat.S_IFDIR | 0o755, b"", (0, 0)),
             ("sys", stat.S_IFDIR | 0o755, b"", (0, 0)),
             ("bin", stat.S_IFDIR | 0o755, b"", (0, 0)),
             ("bin/busybox", stat.S_IFREG | 0o755, read(busybox), (0, 0)),
             ("bin/sh", stat.S_IFLNK | 0o777, b"busybox", (0, 0)),
             ("init", stat.S_IFREG | 0o755, read(init), (0, 0)),
             ("lib", stat.S_IFDIR | 0o755, b"", (0, 0)),
             ("lib/modules", stat.S_IFDIR | 0o755, b"", (0, 0))]
    items += [("lib/modules/" + os.path.basename(m), stat.S_IFREG | 0o644, read(m), (0, 0))
              for m in modules]
    with gzip.open(out_path, "wb", compresslevel=9) as out:
        for ino, (name, mode, data, rdev) in enumerate(items, 1):
            entry(out, ino, name, mode, data, rdev)
        entry(out, 0, "TRAILER!!!", 0)


if __name__ == "__main__":
    main()

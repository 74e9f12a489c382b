#!/usr/bin/env python3
"""Test glue: the random data the EFI test payload checks (never shipped).

efi_mkblob.py SIZE SEED OUT.S
    Writes OUT.bin, SIZE pseudo-random bytes drawn from SEED (the same every
    build), and OUT.S, which puts in .data the header the payload reads
    (tests/payloads/efi_payload.c, struct efi_blob) followed by those bytes:
        16 bytes  marker "EFITEST-BLOB-v1" and a NUL
         4 bytes  SIZE, little-endian
         4 bytes  CRC-32 of the bytes (zlib's)
         8 bytes  zero, so the data starts 32 bytes after the marker
      SIZE bytes  the data
    A test damages the payload by changing a byte after the marker
    (efi_damage in tests/qemu/efi_lib.sh).
"""
import random
import sys
import zlib

MARKER = b"EFITEST-BLOB-v1\0"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: efi_mkblob.py SIZE SEED OUT.S")
    size, seed, out = int(sys.argv[1], 0), int(sys.argv[2], 0), sys.argv[3]
    if not 0 < size < 1 << 31:
        sys.exit("efi_mkblob.py: SIZE must be 1 to 2^31-1 bytes")
    data = random.Random(seed).randbytes(size)
    binary = out.rsplit(".", 1)[0] + ".bin"
    with open(binary, "wb") as f:
        f.write(data)
    with open(out, "w") as f:
        f.write(f"/* Made by tests/payloads/efi_mkblob.py {size} {seed}: "
                f"CRC-32 {zlib.crc32(data):08x}. */\n")
        f.write('\t.section .data.efi_blob, "aw"\n\t.balign 16\n')
        f.write("\t.globl efi_blob\nefi_blob:\n")
        f.write('\t.ascii "' + MARKER[:-1].decode() + '\\0"\n')
        f.write(f"\t.long {size}, 0x{zlib.crc32(data):08x}\n\t.quad 0\n")
        f.write(f'\t.incbin "{binary}"\n')
        f.write('\t.section .note.GNU-stack, "", @progbits\n')


main()

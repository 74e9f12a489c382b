#!/usr/bin/env python3
"""Test glue: boot images for tests/qemu (never shipped).

mkimage.py nbi [--returns] ELF OUT
    A 32-bit NBI image (loaders/nbi_format.h): the 512-byte header (magic
    0x1B031336, flag bit 31 = linear entry in protected mode, header copied
    to 9000:0000), one absolute descriptor per PT_LOAD of ELF, the last
    marked, then the segments' file bytes; execute = the ELF's entry.
    --returns sets flag bit 8 (the program may return).
mkimage.py nbi16 [--returns] BIN OUT
    A real-mode NBI image (flag bit 31 clear) from tests/payloads/nbi16.asm's
    flat binary, cut by the layout table it carries (magic "NB16"): segment
    0 = the code, absolute at LOAD_SEG:0, memory size CODE_MEM; segment 1 =
    the data at DATA_OFF, placed after segment 0 (mode 01, load_addr =
    DATA_OFF - CODE_MEM); the 32-bit sum of segment 1's bytes is written
    into the table for the payload to check.  Header at 9000:0000, execute
    LOAD_SEG:0000.  --returns sets flag bit 8.
mkimage.py grow ELF ADDR SIZE OUT
    A payload ELF32 or ELF64 (tests/payloads) with an extra PT_LOAD of SIZE random
    bytes at ADDR, whose address, length and CRC-32 are written into the
    payload's blob_info (found by its magic 0x424C4F42), so the payload checks
    every byte of it.
mkimage.py elf ADDR SIZE OUT
    An ELF32 with one PT_LOAD of SIZE bytes at ADDR: a stub that writes 0x10
    to isa-debug-exit (port F4h) and halts, then random bytes.
"""
import os
import struct
import sys
import zlib

NBI_MAGIC = 0x1B031336
NBI_LINEAR_EXEC = 1 << 31
NBI_RETURNS = 1 << 8
NBI_SEG_LAST = 1 << 2
NBI_PLACE_AFTER = 1
LOCATION = 0x9000 << 16  # 9000:0000, linear 0x90000


def elf_loads(data):
    """(paddr, file bytes, memsz) of each PT_LOAD, and e_entry."""
    entry, phoff = struct.unpack_from("<II", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    loads = []
    for i in range(phnum):
        ptype, off, _vaddr, paddr, filesz, memsz = struct.unpack_from(
            "<6I", data, phoff + i * phentsize)
        if ptype == 1 and memsz:
            loads.append((paddr, data[off:off + filesz], memsz))
    return loads, entry


def nbi(elf, out, returns):
    loads, entry = elf_loads(open(elf, "rb").read())
    flags = 4 | NBI_LINEAR_EXEC | (NBI_RETURNS if returns else 0)
    hdr = struct.pack("<4I", NBI_MAGIC, flags, LOCATION, entry)
    for i, (addr, body, memsz) in enumerate(loads):
        flags = NBI_SEG_LAST if i == len(loads) - 1 else 0
        hdr += struct.pack("<BBBBIII", 4, 0, 0, flags, addr, len(body), memsz)
    hdr = hdr.ljust(510, b"\0") + b"\x55\xaa"
    with open(out, "wb") as f:
        f.write(hdr + b"".join(body for _a, body, _m in loads))


def nbi16(path, out, returns):
    data = bytearray(open(path, "rb").read())
    table = data.find(b"NB16")
    if table < 0:
        sys.exit("mkimage: no NB16 layout table in " + path)
    seg, code_len, code_mem, data_off, data_len = struct.unpack_from(
        "<5H", data, table + 4)
    body = bytes(data[data_off:data_off + data_len])
    struct.pack_into("<I", data, table + 16, sum(body) & 0xFFFFFFFF)
    code = bytes(data[:code_len])
    flags = 4 | (NBI_RETURNS if returns else 0)
    hdr = struct.pack("<4I", NBI_MAGIC, flags, LOCATION, seg << 16)
    hdr += struct.pack("<BBBBIII", 4, 0, 0, 0, seg * 16, len(code), code_mem)
    hdr += struct.pack("<BBBBIII", 4, 0, 0, NBI_SEG_LAST | NBI_PLACE_AFTER,
                       data_off - code_mem, len(body), len(body))
    hdr = hdr.ljust(510, b"\0") + b"\x55\xaa"
    with open(out, "wb") as f:
        f.write(hdr + code + body)


def program_headers(data):
    """The ELF class's layout: (phoff, phentsize, phnum, offset of e_phnum,
    unpacked program headers as (p_type, p_offset))."""
    if data[4] == 2:
        phoff = struct.unpack_from("<Q", data, 32)[0]
        at = 56
        fmt = "<IIQ"
    else:
        phoff = struct.unpack_from("<I", data, 28)[0]
        at = 44
        fmt = "<II"
    phentsize, phnum = struct.unpack_from("<HH", data, at - 2)
    phs = [struct.unpack_from(fmt, data, phoff + i * phentsize)
           for i in range(phnum)]
    return phoff, phentsize, phnum, at, [(p[0], p[-1]) for p in phs]


def grow(path, addr, size, out):
    data = bytearray(open(path, "rb").read())
    phoff, phentsize, phnum, at, phs = program_headers(data)
    first = min(off for ptype, off in phs if ptype == 1)
    end = phoff + (phnum + 1) * phentsize
    if end > first:
        sys.exit("mkimage: no room for another program header")
    info = data.find(struct.pack("<I", 0x424C4F42) + bytes(12))
    if info < 0:
        sys.exit("mkimage: no blob_info in " + path)
    blob = os.urandom(size)
    struct.pack_into("<III", data, info + 4, addr, size, zlib.crc32(blob))
    off = (len(data) + 4095) & ~4095
    data = data.ljust(off, b"\0")
    if data[4] == 2:
        struct.pack_into("<IIQQQQQQ", data, phoff + phnum * phentsize,
                         1, 6, off, addr, addr, size, size, 4096)
    else:
        struct.pack_into("<8I", data, phoff + phnum * phentsize,
                         1, off, addr, addr, size, size, 6, 4096)
    struct.pack_into("<H", data, at, phnum + 1)
    with open(out, "wb") as f:
        f.write(bytes(data) + blob)


def elf(addr, size, out):
    stub = bytes([0xB0, 0x10, 0xE6, 0xF4, 0xFA, 0xF4, 0xEB, 0xFD])
    body = stub + os.urandom(max(0, size - len(stub)))
    ehdr = struct.pack("<4sBBBB8xHHIIIIIHHHHHH", b"\x7fELF", 1, 1, 1, 0,
                       2, 3, 1, addr, 52, 0, 0, 52, 32, 1, 0, 0, 0)
    phdr = struct.pack("<8I", 1, 4096, addr, addr, len(body), len(body), 7, 4096)
    with open(out, "wb") as f:
        f.write((ehdr + phdr).ljust(4096, b"\0") + body)


if __name__ == "__main__":
    if sys.argv[1] == "nbi":
        returns = sys.argv[2] == "--returns"
        nbi(sys.argv[2 + returns], sys.argv[3 + returns], returns)
    elif sys.argv[1] == "nbi16":
        returns = sys.argv[2] == "--returns"
        nbi16(sys.argv[2 + returns], sys.argv[3 + returns], returns)
    elif sys.argv[1] == "grow":
        grow(sys.argv[2], int(sys.argv[3], 0), int(sys.argv[4], 0), sys.argv[5])
    else:
        elf(int(sys.argv[2], 0), int(sys.argv[3], 0), sys.argv[4])

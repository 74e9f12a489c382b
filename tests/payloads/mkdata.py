#!/usr/bin/env python3
"""Writes data.c: the payloads' patterned data (payload.h pattern_byte)."""
import sys

n = 6144
vals = [(i * 131 + (i >> 8) * 7 + 0x5A) & 0xFF for i in range(n)]
with open(sys.argv[1], "w") as f:
    f.write('#include "tests/payloads/payload.h"\n')
    f.write("const volatile uint8_t pattern[PATTERN_SIZE] = {\n")
    for i in range(0, n, 16):
        f.write("\t" + ", ".join(str(v) for v in vals[i:i + 16]) + ",\n")
    f.write("};\n")

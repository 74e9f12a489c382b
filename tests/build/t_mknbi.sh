#!/bin/bash
# util/mknbi (build/util/mknbi-linux, mkelf-linux, mknbi-rom, nbiinfo):
# fake bzImage and zImage kernels made here become NBIs that nbiinfo
# accepts with the layout of util/mknbi/linux_layout.h and that the ROM's
# own loader loads (build/tests/unit/test_mknbi_images); old and non-kernel
# inputs are refused with their reason; nbiinfo rejects a hostile set,
# each with its own message.
cd "$(dirname "$0")/../.."
bin=build/util
if [ ! -x "$bin/mknbi" ] || [ ! -e "$bin/nbiinfo" ]; then
  echo "FAIL mknbi: $bin/mknbi was not built (make mknbi)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fake.py KIND VERSION SETUP_SECTS OUT: a kernel image with the boot
# sector signature at 510, "HdrS" at 0x202, the protocol version at 0x206,
# setup_sects at 0x1F1 and loadflags bit 0 (LOADED_HIGH) for KIND bz
# (Documentation/x86/boot.rst); KIND nohdrs and notkernel break one thing.
cat >"$tmp/fake.py" <<'PY'
import struct, sys
kind, ver, sects, out = sys.argv[1], int(sys.argv[2], 0), int(sys.argv[3]), sys.argv[4]
real = (sects or 4) * 512 + 512
k = bytearray(real + 8192)
k[510:512] = b'\x55\xaa'
k[0x1f1] = sects
if kind != 'nohdrs':
    k[0x202:0x206] = b'HdrS'
struct.pack_into('<H', k, 0x206, ver)
k[0x211] = 1 if kind == 'bz' else 0
struct.pack_into('<I', k, 0x22c, 0x37ffffff)
struct.pack_into('<I', k, 0x238, 2047)
if kind == 'notkernel':
    k[510:512] = b'\0\0'
for i in range(real, len(k)):
    k[i] = i * 7 & 0xff
open(out, 'wb').write(k)
PY
# break.py MODE IN OUT: one hostile change to a tool-made NBI.
cat >"$tmp/break.py" <<'PY'
import struct, sys
mode, src, out = sys.argv[1:4]
f = bytearray(open(src, 'rb').read())
first = 4 * ((f[4] & 15) + (f[4] >> 4))
def desc(n):
    return first + 16 * n
if mode == 'overlap':        # segment 2 onto segment 1
    struct.pack_into('<I', f, desc(1) + 4, struct.unpack_from('<I', f, desc(0) + 4)[0])
elif mode == 'loader':       # the kernel onto the loader's low memory
    struct.pack_into('<I', f, desc(4) + 4, 0x1000)
elif mode == 'short':        # the file cut short
    f = f[:-100]
elif mode == 'pasttop':      # a top-relative segment reaching past the top
    n = next(n for n in range(8) if f[desc(n) + 3] & 3 == 2)
    struct.pack_into('<I', f, desc(n) + 4, 0x10)
elif mode == 'nolast':       # no descriptor carries the last flag
    for n in range(8):
        f[desc(n) + 3] &= ~4
open(out, 'wb').write(f)
PY

pass() { echo "PASS mknbi $1"; }
fail() { echo "FAIL mknbi $1: $2"; }

python3 "$tmp/fake.py" bz 0x020f 27 "$tmp/bzImage"
python3 "$tmp/fake.py" z 0x0202 0 "$tmp/zImage"
python3 "$tmp/fake.py" bz 0x0200 27 "$tmp/old"
python3 "$tmp/fake.py" nohdrs 0x020f 27 "$tmp/nohdrs"
python3 "$tmp/fake.py" notkernel 0x020f 27 "$tmp/notkernel"
head -c 3000 /dev/urandom >"$tmp/rd1"
head -c 1001 /dev/urandom >"$tmp/rd2"

# expect NAME FILE PATTERN...: nbiinfo accepts FILE and prints every PATTERN
expect() {
  local name=$1 file=$2 out
  shift 2
  if ! out=$("$bin/nbiinfo" "$file" 2>&1); then
    fail "$name" "nbiinfo refused it: $(grep error: <<<"$out" | head -3)"
    return
  fi
  for p in "$@"; do
    if ! grep -qF -- "$p" <<<"$out"; then
      fail "$name" "no \"$p\" in: $out"
      return
    fi
  done
  pass "$name"
}

"$bin/mknbi-linux" --output="$tmp/bz.nbi" --ip=rom --append="console=ttyS0" \
  "$tmp/bzImage" "$tmp/rd1" "$tmp/rd2"
expect "bzImage, initrds at the top" "$tmp/bz.nbi" \
  '"mknbi-linux"' 'header copy at 9b00:0000' 'execute at 9a00:0000' \
  'segment 1: tag 16, absolute 0x9a000' 'segment 2: tag 17, absolute 0x99800' \
  'segment 3: tag 18, absolute 0x90000' 'segment 4: tag 19, absolute 0x90200, at 0x90200, file 0x3600' \
  'segment 5: tag 20, absolute 0x100000, at 0x100000, file 0x2000' \
  'segment 6: tag 21, from end of memory 0x2000, at top-0x2000, file 0x1fa1' ', last'
"$bin/mknbi-linux" --output="$tmp/z.nbi" --rootdir=rom "$tmp/zImage" "$tmp/rd1"
expect "zImage (setup_sects 0 = 4)" "$tmp/z.nbi" \
  'segment 4: tag 19, absolute 0x90200, at 0x90200, file 0x800' \
  'segment 5: tag 20, absolute 0x10000, at 0x10000, file 0x2000'
"$bin/mknbi-linux" --output="$tmp/asis.nbi" --rdbase=asis "$tmp/bzImage" "$tmp/rd1"
expect "bzImage, initrd after the kernel" "$tmp/asis.nbi" \
  'segment 6: tag 21, absolute 0x102000, at 0x102000, file 0xbb8'
"$bin/mknbi-linux" --output="$tmp/addr.nbi" --rdbase=0x110000 "$tmp/bzImage" "$tmp/rd1"
expect "bzImage, initrd at --rdbase" "$tmp/addr.nbi" 'segment 6: tag 21, absolute 0x110000'
"$bin/mknbi" linux --output="$tmp/noinitrd.nbi" "$tmp/bzImage"
expect "mknbi linux, no initrd" "$tmp/noinitrd.nbi" 'segment 5: tag 20, absolute 0x100000, at 0x100000, file 0x2000 bytes at offset 0x3dfd, memory 0x2000 bytes, last'
rom=bin/pcbios/e1000.rom
if [ -f "$rom" ]; then
  "$bin/mknbi-rom" --output="$tmp/rom.nbi" "$rom"
  expect "mknbi-rom" "$tmp/rom.nbi" '"mknbi-rom"' 'execute at 1000:0006' \
    'segment 1: tag 16, absolute 0x10000'
else
  echo "SKIP mknbi mknbi-rom: no $rom (make pcbios)"
fi

# the cmdline template holds what the tool fixes; the rom parts are flags
if grep -qa 'console=ttyS0' "$tmp/bz.nbi" && ! grep -qa 'ip=rom' "$tmp/bz.nbi"; then
  pass "command-line template"
else
  fail "command-line template" "expected console=ttyS0 and no literal ip=rom"
fi

if "$bin/mkelf-linux" --output="$tmp/bz.elf" "$tmp/bzImage" "$tmp/rd1" &&
   out=$(readelf -hl "$tmp/bz.elf" 2>&1) &&
   grep -q 'Entry point address: *0x9b000' <<<"$out" &&
   grep -q 'EXEC' <<<"$out" && grep -q 'Intel 80386' <<<"$out" &&
   [ "$(grep -c '^ *LOAD' <<<"$out")" -eq 7 ] &&
   grep -q 'LOAD .* 0x00102000 0x00102000 0x00bb8' <<<"$out"; then
  pass "mkelf-linux"
else
  fail "mkelf-linux" "$out"
fi

# refuse NAME PATTERN CMD...: the command fails and says PATTERN
refuse() {
  local name=$1 pat=$2 out
  shift 2
  if out=$("$@" 2>&1); then
    fail "$name" "accepted"
  elif grep -qF -- "$pat" <<<"$out"; then
    pass "$name"
  else
    fail "$name" "no \"$pat\" in: $out"
  fi
}
refuse "protocol 2.00 refused" "boot protocol 2.00 is older than 2.01" \
  "$bin/mknbi-linux" --output="$tmp/x" "$tmp/old"
refuse "no HdrS refused" 'no "HdrS" setup header at 0x202' \
  "$bin/mknbi-linux" --output="$tmp/x" "$tmp/nohdrs"
refuse "no boot signature refused" "no boot sector signature 55 AA at offset 510" \
  "$bin/mknbi-linux" --output="$tmp/x" "$tmp/notkernel"
refuse "mkelf-linux refuses --rdbase=top" "cannot place by the end of memory" \
  "$bin/mkelf-linux" --rdbase=top --output="$tmp/x" "$tmp/bzImage" "$tmp/rd1"
refuse "unaligned --rdbase refused" "not a multiple of 4 KiB" \
  "$bin/mknbi-linux" --rdbase=0x110001 --output="$tmp/x" "$tmp/bzImage" "$tmp/rd1"
refuse "mknbi-rom refuses a non-ROM" "no 55 AA at offset 0" \
  "$bin/mknbi-rom" --output="$tmp/x" "$tmp/rd1"

for m in overlap loader short nolast pasttop; do
  python3 "$tmp/break.py" $m "$tmp/bz.nbi" "$tmp/$m.nbi"
done
refuse "nbiinfo: overlapping segments" \
  "error: segment 1 (at 0x9a000, 0x1000 bytes) overlaps segment 2 (at 0x9a000, 0x800 bytes)" \
  "$bin/nbiinfo" "$tmp/overlap.nbi"
refuse "nbiinfo: a segment over the loader" \
  "error: segment 5 (0x1000-0x2fff) is over the loader's stack, scratch and code" \
  "$bin/nbiinfo" "$tmp/loader.nbi"
refuse "nbiinfo: lengths past the file" \
  "error: segment 6: file bytes 0x5e0a-0x7dab are past the end of the file (0x7d47 bytes)" \
  "$bin/nbiinfo" "$tmp/short.nbi"
refuse "nbiinfo: no last-segment flag" \
  "error: no segment carries the last-segment flag" \
  "$bin/nbiinfo" "$tmp/nolast.nbi"
refuse "nbiinfo: past the end of memory" "runs past the end of memory" \
  "$bin/nbiinfo" "$tmp/pasttop.nbi"
refuse "nbiinfo: not an NBI" "error: no NBI magic" "$bin/nbiinfo" "$tmp/bzImage"

unit=build/tests/unit/test_mknbi_images
if [ -x "$unit" ]; then
  imgs="$tmp/bz.nbi $tmp/z.nbi $tmp/asis.nbi $tmp/addr.nbi $tmp/noinitrd.nbi"
  [ -f "$tmp/rom.nbi" ] && imgs="$imgs $tmp/rom.nbi"
  if out=$(MKNBI_IMAGES="$imgs" "$unit" 2>&1) && grep -q '^PASS' <<<"$out"; then
    pass "the ROM's loader loads every tool-made NBI"
  else
    fail "the ROM's loader loads every tool-made NBI" "$out"
  fi
else
  echo "SKIP mknbi round trip: $unit not built (make unit-tests)"
fi

for n in mknbi-linux mkelf-linux mknbi-rom nbiinfo; do
  if "$bin/$n" --help | grep -q "^Usage: $n"; then pass "$n --help"; else fail "$n --help" "no usage line"; fi
done

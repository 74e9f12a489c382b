#!/bin/bash
# The compressed e1000 images (mk/pcbios_lz.mk) in QEMU, against its
# built-in DHCP and TFTP (slirp) serving the ELF32 test payload
# (build/payloads/elf32.elf: "payload elf32: pass", QEMU exit status 33):
#   - e1000.lzrom as the e1000's option ROM, booted through its BEV;
#   - e1000-floppyload.lzdsk (floppyload + e1000.lzrom) and e1000.lzdsk
#     (the floppy boot sector + the compressed body) from the floppy;
#   - e1000.lzpxe chainloaded by the NIC's iPXE ROM (ipxe-qemu), which must
#     reach the point t_pcbios_pxe.sh checks: the PXE stack unloaded, our
#     driver's DHCP, and the refusal (status 35) of the same file again;
#   - a damaged stream (one byte of the LZMA data flipped), in the ROM with
#     its checksum byte fixed again so that the BIOS still runs it, and on
#     the floppyload disk: unpack.c must refuse it with its message and the
#     failure exit (35), and no line of the moving part may appear.
# Each unpack prints its TSC cycles; with the calibrated TSC rate this
# reports the decompression time (INFO).
cd "$(dirname "$0")/../.." || exit
source tests/qemu/lib.sh
limit=60
pay=build/payloads/elf32.elf
roms=/usr/lib/ipxe/qemu

for tool in qemu-system-i386 python3; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP pcbios_lz: $tool is not installed (make deps-check says which package)"
    exit 0
  fi
done
for f in bin/pcbios/e1000.lzrom bin/pcbios/e1000-floppyload.lzdsk bin/pcbios/e1000.lzdsk \
  bin/pcbios/e1000.lzpxe build/pcbios/e1000-lz.elf $pay; do
  if [ ! -f "$f" ]; then
    echo "FAIL pcbios_lz: $f was not built (make pcbios pxe payloads)"
    exit 0
  fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
cp $pay bin/pcbios/e1000.lzpxe "$dir/tftp/"
cp bin/pcbios/e1000-floppyload.lzdsk "$dir/fl.img"
truncate -s 1474560 "$dir/fl.img"

# damage IN OUT SKIP FIX: OUT is IN with one byte in the middle of the LZMA
# stream inverted; the body starts at byte SKIP of IN (the ROM's at its
# 16-byte aligned copy of build/pcbios/e1000.lzbody); FIX 1 sets the ROM
# checksum byte (offset 5) again.
fixed=$(( 0x$(nm build/pcbios/e1000-lz.elf | awk '$3 == "__text16_end" { print $1 }') - 0x8000 ))
damage() {
  python3 - "$@" "$fixed" <<'PY'
import sys
src, dst, skip, fix, fixed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
d = bytearray(open(src, "rb").read())
body = open("build/pcbios/e1000.lzbody", "rb").read()
at = d.find(body, skip)
assert at >= 0, "the compressed body is not in " + src
d[at + fixed + (len(body) - fixed) // 2] ^= 0xFF
if fix:
    d[5] = (d[5] - sum(d)) % 256
open(dst, "wb").write(d)
PY
}
damage bin/pcbios/e1000.lzrom "$dir/bad.lzrom" 0 1
damage "$dir/fl.img" "$dir/bad-fl.img" 512 0

# lz_case NAME BOOTFILE [QEMU_ARGS...]: 32 MiB, the e1000 on slirp serving
# BOOTFILE, isa-debug-exit, COM1 to $dir/NAME.log; then qemu_verdict with
# the globals want_rc and want.
lz_case() {
  local name=$1 file=$2 rc
  shift 2
  timeout "$limit" qemu-system-i386 -accel tcg -m 32 \
    -netdev "user,id=n0,tftp=$dir/tftp,bootfile=$file" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$dir/$name.log" -display none -monitor none -no-reboot -boot reboot-timeout=0 \
    "$@" </dev/null >/dev/null
  rc=$?
  qemu_verdict "$name" "$rc" "$want_rc" "$dir/$name.log" "${want[@]}" || return
  tr -d '\r' <"$dir/$name.log" | awk -v name="$name" '
    /^unpack: / { bytes = $2; cycles = $(NF - 2) }
    /^clock: TSC / { mhz = $3 }
    END { if (cycles && mhz) printf "INFO %s: unpacked %d bytes in %.1f ms (%d TSC cycles at %s MHz)\n",
      name, bytes, cycles / mhz / 1000, cycles, mhz }'
}

# not_in NAME REGEXP: COM1 of case NAME must not show REGEXP.
not_in() {
  if tr -d '\r' <"$dir/$1.log" | grep -q "$2"; then
    echo "FAIL $1_clean: COM1 shows '$2'"
  else
    echo "PASS $1_clean"
  fi
}

unpacked="^unpack: [0-9]* bytes expanded at 0x14000 in [0-9]* TSC cycles"
pass="^payload elf32: pass"
refused="^netboot pcbios: the compressed body is damaged; not started"

want_rc=33 want=("$unpacked" "^image: .* checksum good"
  "^prefix: option ROM at [0-9a-f]*:0000, entered through its BEV (PnP BIOS)" "$pass")
lz_case lz_rom_bev elf32.elf -device e1000,netdev=n0,romfile=bin/pcbios/e1000.lzrom -boot n
want_rc=33 want=("$unpacked" "entered through its legacy entry (far call)" "$pass")
lz_case lz_floppyload elf32.elf -device e1000,netdev=n0,romfile= \
  -drive "if=floppy,format=raw,readonly=on,file=$dir/fl.img"
want_rc=33 want=("$unpacked" "^netboot pcbios: x86 BIOS platform, booted from drive 00" "$pass")
lz_case lz_dsk elf32.elf -device e1000,netdev=n0,romfile= \
  -drive "if=floppy,format=raw,readonly=on,file=bin/pcbios/e1000.lzdsk"

want_rc=35 want=("$refused")
lz_case lz_damaged_rom elf32.elf -device e1000,netdev=n0,romfile="$dir/bad.lzrom" -boot n &&
  not_in lz_damaged_rom "^netboot pcbios: x86"
lz_case lz_damaged_floppyload elf32.elf -device e1000,netdev=n0,romfile= \
  -drive "if=floppy,format=raw,readonly=on,file=$dir/bad-fl.img" &&
  not_in lz_damaged_floppyload "^netboot pcbios: x86"

if [ ! -f $roms/efi-e1000.rom ]; then
  echo "SKIP lz_pxe: $roms/efi-e1000.rom is missing (apt-get install ipxe-qemu)"
  exit 0
fi
limit=120
want_rc=35 want=("$unpacked" "^pxe: chainloaded by a PXE ROM; base memory [0-9]* KiB free at entry"
  "^pxe: the PXE ROM's DHCP answer: address 10.0.2.15, boot file e1000.lzpxe"
  "^pxe: PXE stack shut down and unloaded; probing the NIC with our own driver"
  "^PCI 00:03.0 8086:100e e1000 (82540EM)" "^DHCP: boot file e1000.lzpxe on 10.0.2.2"
  "^boot: the DHCP server names this very image again (e1000.lzpxe)" "^e1000: stopped")
lz_case lz_pxe e1000.lzpxe -device e1000,netdev=n0,romfile=$roms/efi-e1000.rom -boot n

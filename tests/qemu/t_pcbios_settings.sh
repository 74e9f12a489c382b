#!/bin/bash
# The settings block of the pcbios images, written after the build with
# build/util/romtool and obeyed at boot (net/boot_settings.c), in QEMU
# against slirp, whose DHCP offers a boot file that does not exist:
#   - a floppy told filename=elf32.elf fetches the payload instead (exit 33);
#   - one told a static address (ip, netmask, next-server, filename) asks
#     no DHCP at all and still boots the payload;
#   - the compressed option ROM (BEV) with filename= set by romtool, which
#     also re-fixes the ROM checksum, boots the payload;
#   - no-chain=elf32.elf with filename=elf32.elf is refused (exit 35).
cd "$(dirname "$0")/../.." || exit
source tests/qemu/lib.sh
limit=90
romtool=build/util/romtool

if ! command -v qemu-system-i386 >/dev/null; then
  echo "SKIP pcbios_settings: qemu-system-i386 is not installed (make deps-check says which package)"
  exit 0
fi
for f in $romtool bin/pcbios/e1000.dsk bin/pcbios/e1000.lzrom build/payloads/elf32.elf; do
  if [ ! -f $f ]; then
    echo "FAIL pcbios_settings: $f was not built (make)"
    exit 0
  fi
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
cp build/payloads/elf32.elf "$dir/tftp/"

# settings_case NAME WANT_RC DRIVE_ARGS ROMFILE REGEXP...: QEMU with slirp
# offering "absent.bin"; judged by qemu_verdict.
settings_case() {
  local name=$1 want_rc=$2 drive=$3 rom=$4 log=$dir/$1.log rc
  shift 4
  # shellcheck disable=SC2086  # drive holds several arguments or none
  timeout $limit qemu-system-i386 -accel tcg -m 32 $drive \
    -netdev "user,id=n0,tftp=$dir/tftp,bootfile=absent.bin" -device "e1000,netdev=n0,romfile=$rom" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$log" -display none -monitor none -no-reboot </dev/null
  rc=$?
  qemu_verdict "$name" "$rc" "$want_rc" "$log" "$@"
}

# set_on COPY KEY=VALUE...: romtool writes the settings into a copy.
set_on() {
  local img=$1
  shift
  $romtool set "$img" "$@" >"$dir/romtool.log" 2>&1 ||
    { echo "FAIL pcbios_settings: romtool set $*: $(cat "$dir/romtool.log")"; return 1; }
}

cp bin/pcbios/e1000.dsk "$dir/file.dsk"
set_on "$dir/file.dsk" filename=elf32.elf &&
  settings_case pcbios_settings_filename 33 "-drive if=floppy,format=raw,file=$dir/file.dsk" "" \
    "^settings: from the image: file elf32.elf" "^DHCP: boot file absent.bin on 10.0.2.2" \
    "^boot: the image's settings name elf32.elf on 10.0.2.2" "^payload elf32: pass"

cp bin/pcbios/e1000.dsk "$dir/static.dsk"
set_on "$dir/static.dsk" ip=10.0.2.77 netmask=255.255.255.0 gateway=10.0.2.2 \
  next-server=10.0.2.2 filename=elf32.elf &&
  settings_case pcbios_settings_static 33 "-drive if=floppy,format=raw,file=$dir/static.dsk" "" \
    "^settings: from the image: address 10.0.2.77 file elf32.elf server 10.0.2.2" \
    "^DHCP: not asked; static address from the image's settings" \
    "^DHCP: 10.0.2.77/24 gateway 10.0.2.2" \
    "^pcbios: fetched elf32.elf from 10.0.2.2" "^payload elf32: pass"
if grep -q "^DHCP: asking" "$dir/pcbios_settings_static.log" 2>/dev/null; then
  echo "FAIL pcbios_settings_static_no_dhcp: DHCP was asked despite the static address"
else
  echo "PASS pcbios_settings_static_no_dhcp"
fi

cp bin/pcbios/e1000.lzrom "$dir/file.lzrom"
set_on "$dir/file.lzrom" filename=elf32.elf &&
  $romtool info "$dir/file.lzrom" >"$dir/info.log" 2>&1 ||
  echo "FAIL pcbios_settings_lzrom: romtool info fails after set: $(tail -3 "$dir/info.log")"
settings_case pcbios_settings_lzrom 33 "-boot n" "$dir/file.lzrom" \
  "^settings: from the image: file elf32.elf" "^payload elf32: pass"

cp bin/pcbios/e1000.dsk "$dir/guard.dsk"
set_on "$dir/guard.dsk" filename=elf32.elf no-chain=elf32.elf &&
  settings_case pcbios_settings_no_chain 35 "-drive if=floppy,format=raw,file=$dir/guard.dsk" "" \
    "^boot: elf32.elf is the file this image must not chain to again"

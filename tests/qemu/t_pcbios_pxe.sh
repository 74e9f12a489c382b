#!/bin/bash
# PXE chainloading in QEMU: the NIC's own iPXE option ROM (Debian's
# ipxe-qemu, given by path: QEMU's data directory may lack the links) does
# the PXE boot from QEMU's built-in DHCP and TFTP (slirp), fetches
# bin/pcbios/e1000.pxe and starts it at 0000:7C00.  (virtio-net.pxe is
# not tested here: with ipxe-qemu's virtio ROMs on QEMU 7.2, SeaBIOS
# offers no network boot at all.)  COM1
# must show that the body found !PXE, read the ROM's cached DHCP answer,
# unloaded the PXE stack, probed the NIC with its own driver, asked DHCP
# again and then refused the boot file it was given, which is itself
# (slirp names one file for every request), with status 35 rather than a
# loop.  iPXE writes to the screen only; COM1 is ours alone.
# bin/pcbios/undi.pxe does the same through the ROM's UNDI instead of a
# driver of its own: COM1 must name the UNDI driver and the MAC, DHCP must
# get its address through it (transmit and receive), and the loop guard
# must refuse undi.pxe with status 35 likewise, after closing the UNDI.
cd "$(dirname "$0")/../.." || exit
source tests/qemu/lib.sh
limit=120
roms=/usr/lib/ipxe/qemu

if ! command -v qemu-system-i386 >/dev/null; then
  echo "SKIP pcbios_pxe: qemu-system-i386 is not installed (make deps-check says which package)"
  exit 0
fi
if [ ! -f $roms/efi-e1000.rom ]; then
  echo "SKIP pcbios_pxe: $roms/efi-e1000.rom is missing (apt-get install ipxe-qemu)"
  exit 0
fi
for f in e1000.pxe undi.pxe; do
  if [ ! -f bin/pcbios/$f ]; then
    echo "FAIL pcbios_pxe: bin/pcbios/$f was not built (make pxe)"
    exit 0
  fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
cp bin/pcbios/e1000.pxe bin/pcbios/undi.pxe "$dir/tftp/"

# pxe_case NAME FILE NIC ROM: boot NIC (with ROM as its option ROM) from
# the network; globals want_rc and want as in lib.sh.
pxe_case() {
  local name=$1 file=$2 nic=$3 rom=$4 log=$dir/$1.log rc
  timeout $limit qemu-system-i386 -accel tcg -m 32 -boot n \
    -netdev "user,id=n0,tftp=$dir/tftp,bootfile=$file" -device "$nic,netdev=n0,romfile=$rom" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$log" -display none -monitor none -no-reboot </dev/null
  rc=$?
  qemu_verdict "$name" "$rc" "$want_rc" "$log" "${want[@]}"
}

want_rc=35 want=("^netboot pcbios: x86 BIOS platform"
  "^pxe: chainloaded by a PXE ROM; base memory [0-9]* KiB free at entry"
  "^pxe: found !PXE at [0-9a-f]*:[0-9a-f]*" "^pxe: API entry [0-9a-f]*:[0-9a-f]* (!PXE)"
  "^pxe: the PXE ROM's DHCP answer: address 10.0.2.15, boot file e1000.pxe"
  "^pxe: PXE stack shut down and unloaded; probing the NIC with our own driver"
  "^PCI 00:03.0 8086:100e e1000 (82540EM)" "^e1000: link up"
  "^DHCP: boot file e1000.pxe on 10.0.2.2"
  "^boot: the DHCP server names this very image again (e1000.pxe)" "^e1000: stopped")
pxe_case pcbios_pxe_e1000 e1000.pxe e1000 $roms/efi-e1000.rom

want_rc=35 want=("^pxe: chainloaded by a PXE ROM; base memory [0-9]* KiB free at entry"
  "^pxe: API entry [0-9a-f]*:[0-9a-f]* (!PXE)"
  "^pxe: the PXE ROM's DHCP answer: address 10.0.2.15, boot file undi.pxe"
  "^pxe: keeping the PXE stack; its UNDI drives the NIC"
  "^undi: NIC driver is the PXE ROM's UNDI: MAC 52:54:00:12:34:56, MTU 1500"
  "^DHCP: asking on undi" "^DHCP: 10.0.2.15/24 gateway 10.0.2.2"
  "^DHCP: boot file undi.pxe on 10.0.2.2"
  "^boot: the DHCP server names this very image again (undi.pxe)"
  "^undi: closed (.*); the PXE stack stays loaded")
pxe_case pcbios_pxe_undi_e1000 undi.pxe e1000 $roms/efi-e1000.rom

# Told its second stage by romtool (settings filename=), the chainloaded
# image takes the PXE ROM's cached DHCPACK instead of asking again and
# boots the payload.
if [ -f build/util/romtool ] && [ -f build/payloads/elf32.elf ]; then
  cp bin/pcbios/e1000.pxe "$dir/tftp/told.pxe"
  cp build/payloads/elf32.elf "$dir/tftp/"
  if build/util/romtool set "$dir/tftp/told.pxe" filename=elf32.elf >"$dir/romtool.log" 2>&1; then
    want_rc=33 want=("^pxe: the PXE ROM's DHCP answer: address 10.0.2.15, boot file told.pxe"
      "^settings: from the image: file elf32.elf"
      "^DHCP: not asked again; the PXE ROM's answer stands" "^DHCP: 10.0.2.15/24 gateway 10.0.2.2"
      "^pcbios: fetched elf32.elf from 10.0.2.2" "^payload elf32: pass")
    pxe_case pcbios_pxe_cached_answer told.pxe e1000 $roms/efi-e1000.rom
    if grep -q "^DHCP: asking" "$dir/pcbios_pxe_cached_answer.log"; then
      echo "FAIL pcbios_pxe_cached_answer_no_dhcp: DHCP was asked again"
    else
      echo "PASS pcbios_pxe_cached_answer_no_dhcp"
    fi
  else
    echo "FAIL pcbios_pxe_cached_answer: romtool set: $(cat "$dir/romtool.log")"
  fi
else
  echo "FAIL pcbios_pxe_cached_answer: build/util/romtool or build/payloads/elf32.elf was not built (make)"
fi

#!/bin/bash
# `make run`: a PC boots from the network in QEMU.  The machine has an
# Intel e1000 NIC and bin/pcbios/e1000.dsk in its floppy drive; QEMU's
# built-in DHCP and TFTP servers (user-mode networking) hand out an address
# and build/payloads/hello.elf (tests/payloads/hello.c).  The firmware's
# log and the program's hello appear here, on COM1; the program ends QEMU
# with status 33.  Needs no root and touches no network of the host's.
cd "$(dirname "$0")/../.." || exit
img=bin/pcbios/e1000.dsk
boot=build/payloads/hello.elf
limit=60

for f in $img $boot; do
  [ -f "$f" ] || { echo "demo: $f was not built (make pcbios payloads)"; exit 1; }
done
command -v qemu-system-i386 >/dev/null ||
  { echo "demo: qemu-system-i386 is missing (sh mk/deps.sh run installs it)"; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
cp $boot "$dir/tftp/hello.elf"

# KVM when this user may use it, else QEMU's emulator (slower, still fine).
accel=(-accel tcg)
[ -w /dev/kvm ] && accel=(-accel kvm "${accel[@]}")

echo "demo: QEMU boots $img with an e1000 NIC; QEMU's own DHCP and TFTP"
echo "demo: servers offer hello.elf. COM1 follows (at most $limit s):"
echo
timeout $limit qemu-system-i386 "${accel[@]}" -m 32 \
  -drive "if=floppy,format=raw,readonly=on,file=$img" \
  -netdev "user,id=n0,tftp=$dir/tftp,bootfile=hello.elf" -device e1000,netdev=n0,romfile= \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
  -serial stdio -display none -monitor none -no-reboot </dev/null | tee "$dir/com1.log"
rc=${PIPESTATUS[0]}
echo
if [ "$rc" = 33 ] && tr -d '\r' <"$dir/com1.log" | grep -q '^ *Hello from the network!'; then
  echo "demo: success: the PC booted hello.elf over the network (QEMU exit status 33)"
  exit 0
fi
case $rc in
  124) why="QEMU was stopped after $limit s" ;;
  35) why="the firmware gave up (QEMU exit status 35); its reason is above" ;;
  *) why="QEMU exit status $rc" ;;
esac
echo "demo: the network boot failed: $why"
exit 1

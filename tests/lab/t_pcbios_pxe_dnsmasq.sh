#!/bin/bash
# Two-stage boot in the lab: QEMU's own PXE ROM (Debian's iPXE build for
# the e1000, ipxe-qemu) boots from dnsmasq and chainloads
# bin/pcbios/e1000.pxe; our client unloads the PXE stack, drives the NIC
# itself, asks again with user class "netboot" (DHCP option 77), and
# dnsmasq, configured as rom/pcbios/README.md documents, now names the
# payload instead of e1000.pxe:
#   --dhcp-userclass=set:netboot,netboot
#   --dhcp-boot=tag:!netboot,e1000.pxe --dhcp-boot=tag:netboot,elf32.elf
# The case passes when the self-verifying payload runs (QEMU status 33)
# and COM1 shows the chainload, both DHCP answers' boot files and the
# payload's verdict.  dnsmasq's log must show both files sent.
source "$(dirname "$0")/lib.sh"
source "$LAB_REPO/tests/qemu/lib.sh"

name=pcbios_pxe_chain_dnsmasq
rom=/usr/lib/ipxe/qemu/efi-e1000.rom
# shellcheck disable=SC2034  # read by lab_require
LAB_NEEDS_NETBOOT=no
lab_require "dnsmasq qemu-system-i386" $name || exit 0
if [ ! -f $rom ]; then
  echo "SKIP $name: $rom is missing (apt-get install ipxe-qemu)"
  exit 0
fi
for f in bin/pcbios/e1000.pxe build/payloads/elf32.elf; do
  if [ ! -f "$LAB_REPO/$f" ]; then
    lab_fail_all "$f was not built (make pxe payloads)" $name
    exit 0
  fi
done
lab_init
lab_topology 7 || { lab_fail_all "cannot build the topology" $name; exit 0; }
cp "$LAB_REPO/bin/pcbios/e1000.pxe" "$LAB_REPO/build/payloads/elf32.elf" "$LAB_TMP/tftp/"

limit=90
log=$LAB_TMP/$name.log
if ! lab_dnsmasq "$LAB_SRV" s0 'tag:!netboot,e1000.pxe' \
  --dhcp-userclass=set:netboot,netboot --dhcp-boot=tag:netboot,elf32.elf; then
  lab_server_failed "$name" "$LAB_TMP/dnsmasq.log"
  exit 0
fi
timeout -k 5 "$limit" ip netns exec "$LAB_CLI" qemu-system-i386 -accel tcg -m 32 -boot n \
  -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "e1000,netdev=n0,romfile=$rom" \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
  -serial "file:$log" -display none -monitor none -no-reboot </dev/null &
wait $!
rc=$?
lab_stop_servers
sip=${LAB_SIP//./\\.}
for f in e1000.pxe elf32.elf; do
  if ! grep -q "sent .*$f" "$LAB_TMP/dnsmasq.log"; then
    echo "FAIL $name: dnsmasq's log does not show $f sent; its last lines:"
    tail -n 10 "$LAB_TMP/dnsmasq.log" | sed 's/^/  | /'
    exit 0
  fi
done
qemu_verdict "$name" "$rc" 33 "$log" "^pxe: chainloaded by a PXE ROM" \
  "^pxe: the PXE ROM's DHCP answer: address .*, boot file e1000\.pxe" \
  "^pxe: PXE stack shut down and unloaded" "^DHCP: boot file elf32\.elf on $sip" \
  "^pcbios: fetched elf32\.elf from $sip" "^payload elf32: pass"

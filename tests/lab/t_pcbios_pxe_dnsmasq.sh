#!/bin/bash
# Two-stage boot in the lab: QEMU's own PXE ROM (Debian's iPXE build for
# the e1000, ipxe-qemu) boots from dnsmasq and chainloads a PXE image of
# ours, which asks again with user class "netboot" (DHCP option 77), and
# dnsmasq, configured as rom/pcbios/README.md documents, now names the
# payload instead of the chainload image:
#   --dhcp-userclass=set:netboot,netboot
#   --dhcp-boot=tag:!netboot,IMAGE --dhcp-boot=tag:netboot,elf32.elf
# Three cases: bin/pcbios/e1000.pxe unloads the PXE stack and drives the NIC
# itself; bin/pcbios/undi.pxe keeps the stack and uses its UNDI; and
# bin/pcbios/virtio-net.pxe, chainloaded by iPXE's virtio ROM on a
# modern-only virtio-net, drives that NIC itself.  A case
# passes when the self-verifying payload runs (QEMU status 33) and COM1
# shows the chainload, both DHCP answers' boot files and the payload's
# verdict; dnsmasq's log must show both files sent.  The payload's TFTP
# rate is printed as INFO.
source "$(dirname "$0")/lib.sh"
source "$LAB_REPO/tests/qemu/lib.sh"

names="pcbios_pxe_chain_dnsmasq pcbios_pxe_undi_dnsmasq pcbios_pxe_virtio_dnsmasq"
rom=/usr/lib/ipxe/qemu/efi-e1000.rom
# Debian's iPXE virtio ROM names only the modern device, 1AF4:1041, so the
# NIC is made modern-only (disable-legacy=on) for SeaBIOS to run it.
vrom=/usr/lib/ipxe/qemu/pxe-virtio.rom
# shellcheck disable=SC2034  # read by lab_require
LAB_NEEDS_NETBOOT=no
# shellcheck disable=SC2086
lab_require "dnsmasq qemu-system-i386" $names || exit 0
if [ ! -f $rom ] || [ ! -f $vrom ]; then
  for n in $names; do echo "SKIP $n: $rom or $vrom is missing (apt-get install ipxe-qemu)"; done
  exit 0
fi
for f in bin/pcbios/e1000.pxe bin/pcbios/undi.pxe bin/pcbios/virtio-net.pxe build/payloads/elf32.elf; do
  if [ ! -f "$LAB_REPO/$f" ]; then
    # shellcheck disable=SC2086
    lab_fail_all "$f was not built (make pxe payloads)" $names
    exit 0
  fi
done
lab_init
# shellcheck disable=SC2086
lab_topology 7 || { lab_fail_all "cannot build the topology" $names; exit 0; }
cp "$LAB_REPO/bin/pcbios/e1000.pxe" "$LAB_REPO/bin/pcbios/undi.pxe" "$LAB_REPO/bin/pcbios/virtio-net.pxe" \
  "$LAB_REPO/build/payloads/elf32.elf" "$LAB_TMP/tftp/"

limit=90
sip=${LAB_SIP//./\\.}

# chain_case NAME IMAGE REGEXP...: the two-stage boot with IMAGE as the
# chainload image; COM1 must also show each REGEXP.
# chain_case NAME IMAGE [REGEXP...]: with $nic (QEMU's NIC and iPXE ROM).
nic="e1000,netdev=n0,romfile=$rom"
chain_case() {
  local name=$1 image=$2 log=$LAB_TMP/$1.log rc f
  shift 2
  if ! lab_dnsmasq "$LAB_SRV" s0 "tag:!netboot,$image" \
    --dhcp-userclass=set:netboot,netboot --dhcp-boot=tag:netboot,elf32.elf; then
    lab_server_failed "$name" "$LAB_TMP/dnsmasq.log"
    return
  fi
  lab_qemu "$log" qemu-system-i386 -boot n -device "$nic"
  rc=$?
  lab_stop_servers
  for f in "$image" elf32.elf; do
    if ! grep -q "sent .*$f" "$LAB_TMP/dnsmasq.log"; then
      echo "FAIL $name: dnsmasq's log does not show $f sent; its last lines:"
      tail -n 10 "$LAB_TMP/dnsmasq.log" | sed 's/^/  | /'
      return
    fi
  done
  qemu_verdict "$name" "$rc" 33 "$log" "^pxe: chainloaded by a PXE ROM" \
    "^pxe: the PXE ROM's DHCP answer: address .*, boot file ${image//./\\.}" "$@" \
    "^DHCP: boot file elf32\.elf on $sip" \
    "^pcbios: fetched elf32\.elf from $sip" "^payload elf32: pass" || return
  tr -d '\r' <"$log" | sed -n "s/^pcbios: fetched elf32\.elf from [0-9.]*: \(.*\)/INFO $name: TFTP \1/p"
}

chain_case pcbios_pxe_chain_dnsmasq e1000.pxe "^pxe: PXE stack shut down and unloaded"
chain_case pcbios_pxe_undi_dnsmasq undi.pxe "^pxe: keeping the PXE stack; its UNDI drives the NIC" \
  "^undi: NIC driver is the PXE ROM's UNDI: MAC [0-9a-f:]*, MTU 1500" "^DHCP: asking on undi"
nic="virtio-net-pci,disable-legacy=on,netdev=n0,romfile=$vrom"
chain_case pcbios_pxe_virtio_dnsmasq virtio-net.pxe "^pxe: PXE stack shut down and unloaded" \
  "^PCI 00:0[0-9a-f]\.0 1af4:1041 virtio-net"

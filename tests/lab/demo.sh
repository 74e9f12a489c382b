#!/bin/bash
# `make run`: a network boot in a sandbox.  Two network namespaces joined
# by a bridge; dnsmasq gives DHCP and TFTP in one, bin/hosted/netboot boots
# from it in the other, as a diskless machine would.  Everything it creates
# is removed when it ends.
source "$(dirname "$0")/lib.sh"

lab_require dnsmasq demo || exit 1
lab_init
lab_topology 9 || { echo "demo: cannot build the namespaces"; exit 1; }
mkdir -p "$LAB_TMP/tftp/demo"
lab_make_file demo/boot.img 8388608
lab_dnsmasq "$LAB_SRV" s0 demo/boot.img || {
  lab_server_failed demo "$LAB_TMP/dnsmasq.log"
  exit 1
}

echo "demo: dnsmasq serves DHCP and TFTP on $LAB_SIP; the client boots from it:"
echo
ip netns exec "$LAB_CLI" "$NETBOOT" --iface eth0 --save "$LAB_TMP/out/boot.img"
rc=$?
echo
if [ "$rc" = 0 ] && [ "$(lab_sha256 "$LAB_TMP/out/boot.img")" = \
  "$(lab_sha256 "$LAB_TMP/tftp/demo/boot.img")" ]; then
  echo "demo: the file arrived whole (SHA-256 $(lab_sha256 "$LAB_TMP/out/boot.img" | cut -c1-16)...)"
  exit 0
fi
echo "demo: the boot failed (status $rc)"
exit 1

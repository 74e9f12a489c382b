#!/bin/bash
# DHCP and TFTP both from dnsmasq: 1 KiB, 1 MiB and 64 MiB through an
# AF_PACKET socket, and 1 MiB and 64 MiB through a TAP device.
source "$(dirname "$0")/lib.sh"

cases="dnsmasq_1k dnsmasq_1m dnsmasq_64m dnsmasq_tap_1m dnsmasq_tap_64m"
# shellcheck disable=SC2086
lab_require dnsmasq $cases || exit 0
lab_init
# shellcheck disable=SC2086
lab_topology 1 || { lab_fail_all "cannot build the topology" $cases; exit 0; }

lab_make_file boot-1k.bin 1024
lab_make_file boot-1m.bin 1048576
lab_make_file boot-64m.bin 67108864

# one CASE FILE TIMEOUT NETBOOT-ARG...: a fresh dnsmasq naming FILE.
one() {
  if lab_dnsmasq "$LAB_SRV" s0 "$2"; then
    lab_fetch "$@"
  else
    lab_server_failed "$1" "$LAB_TMP/dnsmasq.log"
  fi
  lab_stop_servers
}

one dnsmasq_1k boot-1k.bin 60 --iface eth0
one dnsmasq_1m boot-1m.bin 60 --iface eth0
one dnsmasq_64m boot-64m.bin 120 --iface eth0
one dnsmasq_tap_1m boot-1m.bin 60 --iface tap0 --tap
one dnsmasq_tap_64m boot-64m.bin 120 --iface tap0 --tap

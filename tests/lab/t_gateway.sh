#!/bin/bash
# An off-subnet TFTP server: the client gets 10.77.5.x by DHCP from dnsmasq
# on a router, whose option 3 names the router and whose next-server is
# 10.77.6.2 behind it (atftpd), so every TFTP packet must go through the
# gateway, whose MAC the client must ARP for.
source "$(dirname "$0")/lib.sh"

cases="gateway_1m gateway_tap_1m"
# shellcheck disable=SC2086
lab_require "atftpd dnsmasq" $cases || exit 0
lab_init
# shellcheck disable=SC2086
lab_router_topology 5 6 || { lab_fail_all "cannot build the topology" $cases; exit 0; }

lab_make_file boot-1m.bin 1048576

# one CASE TIMEOUT NETBOOT-ARG...
one() {
  if ! lab_atftpd "$LAB_SRV" "$LAB_SIP"; then
    lab_server_failed "$1" "$LAB_TMP/atftpd.log"
  elif ! lab_dnsmasq_dhcp "$LAB_RTR" r0 "boot-1m.bin,,$LAB_SIP" --dhcp-option=3,"$LAB_GW"; then
    lab_server_failed "$1" "$LAB_TMP/dnsmasq-dhcp.log"
  else
    lab_fetch "$1" boot-1m.bin "${@:2}"
  fi
  lab_stop_servers
}

one gateway_1m 60 --iface eth0
one gateway_tap_1m 60 --iface tap0 --tap

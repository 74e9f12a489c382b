#!/bin/bash
# BOOTP only: ISC dhcpd configured to answer BOOTREQUESTs and to ignore DHCP
# (lab_dhcpd_bootp), so the client must fall back to plain BOOTP; TFTP from
# a TFTP-only dnsmasq.  1 KiB, 1 MiB and 64 MiB.
source "$(dirname "$0")/lib.sh"

cases="bootp_dhcpd_1k bootp_dhcpd_1m bootp_dhcpd_64m"
# shellcheck disable=SC2086
lab_require "dhcpd dnsmasq" $cases || exit 0
lab_init
# shellcheck disable=SC2086
lab_topology 2 || { lab_fail_all "cannot build the topology" $cases; exit 0; }

lab_make_file boot-1k.bin 1024
lab_make_file boot-1m.bin 1048576
lab_make_file boot-64m.bin 67108864

# one CASE FILE TIMEOUT NETBOOT-ARG...: a fresh dhcpd naming FILE.
one() {
  if ! lab_dhcpd_bootp "$LAB_SRV" s0 "$2" "$LAB_SIP"; then
    lab_server_failed "$1" "$LAB_TMP/dhcpd.log"
  elif ! lab_dnsmasq_tftp "$LAB_SRV" s0; then
    lab_server_failed "$1" "$LAB_TMP/dnsmasq-tftp.log"
  else
    lab_client "$1" "$3" "${@:4}"
    lab_check "$1" "$2" $?
    # The address must have come from a BOOTP exchange, never from DHCP.
    if [ -z "$LAB_WHY" ] && { grep -q '^DHCPOFFER' "$LAB_TMP/dhcpd.log" ||
      ! grep -q '^BOOTREPLY' "$LAB_TMP/dhcpd.log"; }; then
      LAB_WHY="dhcpd did not answer by BOOTP alone"
      sed 's/^/  | /' "$LAB_TMP/dhcpd.log"
    fi
    lab_report "$1" "$2"
  fi
  lab_stop_servers
}

one bootp_dhcpd_1k boot-1k.bin 60 --iface eth0
one bootp_dhcpd_1m boot-1m.bin 60 --iface eth0
one bootp_dhcpd_64m boot-64m.bin 120 --iface eth0

#!/bin/bash
# TFTP from atftpd (DHCP from dnsmasq): 1 KiB and 1 MiB with the client's
# defaults, then 64 MiB lock-step (windowsize 1) and with a window of 16
# blocks (RFC 7440); the window must make it faster.
source "$(dirname "$0")/lib.sh"

cases="atftpd_1k atftpd_1m atftpd_64m_window1 atftpd_64m_window16 atftpd_window_faster"
# shellcheck disable=SC2086
lab_require "atftpd dnsmasq" $cases || exit 0
lab_init
# shellcheck disable=SC2086
lab_topology 3 || { lab_fail_all "cannot build the topology" $cases; exit 0; }

lab_make_file boot-1k.bin 1024
lab_make_file boot-1m.bin 1048576
lab_make_file boot-64m.bin 67108864

# one CASE FILE TIMEOUT NETBOOT-ARG...: a fresh atftpd, and dnsmasq for
# DHCP naming FILE.
one() {
  if ! lab_atftpd "$LAB_SRV" "$LAB_SIP"; then
    lab_server_failed "$1" "$LAB_TMP/atftpd.log"
  elif ! lab_dnsmasq_dhcp "$LAB_SRV" s0 "$2"; then
    lab_server_failed "$1" "$LAB_TMP/dnsmasq-dhcp.log"
  else
    lab_fetch "$@"
  fi
  lab_stop_servers
}

one atftpd_1k boot-1k.bin 60 --iface eth0
one atftpd_1m boot-1m.bin 60 --iface eth0
one atftpd_64m_window1 boot-64m.bin 120 --iface eth0 --windowsize 1
rate1=$LAB_RATE
one atftpd_64m_window16 boot-64m.bin 120 --iface eth0 --windowsize 16
rate16=$LAB_RATE

if [ -z "$rate1" ] || [ -z "$rate16" ]; then
  echo "FAIL atftpd_window_faster: a 64 MiB fetch failed, no rates to compare"
elif awk -v a="$rate16" -v b="$rate1" 'BEGIN { exit !(a > b) }'; then
  echo "PASS atftpd_window_faster"
  echo "INFO atftpd_window_faster: window 16 $rate16 MB/s, lock-step $rate1 MB/s"
else
  echo "FAIL atftpd_window_faster: window 16 $rate16 MB/s is not faster than lock-step $rate1 MB/s"
fi

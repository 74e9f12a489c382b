#!/bin/bash
# A lossy link: 10% of the frames lost each way, 2 ms delay, a quarter
# reordered (lab_impair).  4 MiB from atftpd with a window of 16 blocks and
# from dnsmasq (lock-step), SHA-256 checked.
source "$(dirname "$0")/lib.sh"

cases="netem_atftpd_window16_4m netem_dnsmasq_4m"
# shellcheck disable=SC2086
lab_require "atftpd dnsmasq python3" $cases || exit 0
lab_init
# shellcheck disable=SC2086
{ lab_topology 4 && lab_impair; } || { lab_fail_all "cannot build the topology" $cases; exit 0; }
echo "INFO netem: impairment by $LAB_IMPAIR"

lab_make_file boot-4m.bin 4194304

if lab_atftpd "$LAB_SRV" "$LAB_SIP" && lab_dnsmasq_dhcp "$LAB_SRV" s0 boot-4m.bin; then
  lab_fetch netem_atftpd_window16_4m boot-4m.bin 120 --iface eth0 --windowsize 16
else
  echo "FAIL netem_atftpd_window16_4m: servers did not start"
fi
lab_stop_servers

if lab_dnsmasq "$LAB_SRV" s0 boot-4m.bin; then
  lab_fetch netem_dnsmasq_4m boot-4m.bin 120 --iface eth0
else
  lab_server_failed netem_dnsmasq_4m "$LAB_TMP/dnsmasq.log"
fi
lab_stop_servers

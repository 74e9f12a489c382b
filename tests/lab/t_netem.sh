#!/bin/bash
# A lossy link: 10% of the frames lost each way, 2 ms delay, a quarter
# reordered (lab_impair).  2 MiB from atftpd with a window of 16 blocks, and
# 256 KiB from dnsmasq, SHA-256 checked.
#
# dnsmasq sends lock-step only and ignores a repeated ACK, so every lost
# DATA or ACK waits for its own retransmission timer (2 s, then 2, 3, 3,
# 5 s...): about 20% of blocks cost 2 s or more, so 1 MiB (715 blocks)
# would take some 150 s; 256 KiB takes about 40 s.
source "$(dirname "$0")/lib.sh"

cases="netem_atftpd_window16_2m netem_dnsmasq_256k"
# shellcheck disable=SC2086
lab_require "atftpd dnsmasq python3" $cases || exit 0
lab_init
# shellcheck disable=SC2086
{ lab_topology 4 && lab_impair; } || { lab_fail_all "cannot build the topology" $cases; exit 0; }
echo "INFO netem: impairment by $LAB_IMPAIR"

lab_make_file boot-2m.bin 2097152
lab_make_file boot-256k.bin 262144

if lab_atftpd "$LAB_SRV" "$LAB_SIP" && lab_dnsmasq_dhcp "$LAB_SRV" s0 boot-2m.bin; then
  lab_fetch netem_atftpd_window16_2m boot-2m.bin 120 --iface eth0 --windowsize 16
else
  echo "FAIL netem_atftpd_window16_2m: servers did not start"
fi
lab_stop_servers

if lab_dnsmasq "$LAB_SRV" s0 boot-256k.bin; then
  lab_fetch netem_dnsmasq_256k boot-256k.bin 150 --iface eth0
else
  lab_server_failed netem_dnsmasq_256k "$LAB_TMP/dnsmasq.log"
fi
lab_stop_servers

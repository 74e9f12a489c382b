#!/bin/bash
# Failures the client must report, not hide: a boot file the TFTP server
# does not have (dnsmasq, then atftpd), and no DHCP server at all.
source "$(dirname "$0")/lib.sh"

cases="errors_missing_dnsmasq errors_missing_atftpd errors_no_dhcp"
# shellcheck disable=SC2086
lab_require "atftpd dnsmasq" $cases || exit 0
lab_init
# shellcheck disable=SC2086
lab_topology 7 || { lab_fail_all "cannot build the topology" $cases; exit 0; }

# expect_failure CASE STATUS TEXT: the client must have ended by itself
# with a non-zero status, saved no file, printed no summary, and its
# output must contain TEXT.
expect_failure() {
  local out=$LAB_TMP/out/$1
  if [ "$2" = 0 ]; then
    echo "FAIL $1: netboot exited with status 0"
  elif [ "$2" = 124 ]; then
    echo "FAIL $1: timed out instead of giving up"
  elif grep -q '^netboot: fetched' "$out.out"; then
    echo "FAIL $1: printed a summary line"
  elif [ -s "$out.bin" ]; then
    echo "FAIL $1: saved a file"
  elif ! grep -qF -- "$3" "$out.out" "$out.err"; then
    echo "FAIL $1: output does not contain '$3'"
  else
    echo "PASS $1"
    return
  fi
  lab_show "$1"
}

# The error texts come from the servers: dnsmasq's names the full path and
# the client, atftpd's is its own "File not found" (the client's own words
# for error 1 are in lower case).
if lab_dnsmasq "$LAB_SRV" s0 no-such.bin; then
  lab_client errors_missing_dnsmasq 30 --iface eth0
  expect_failure errors_missing_dnsmasq $? "file $LAB_TMP/tftp/no-such.bin not found"
else
  lab_server_failed errors_missing_dnsmasq "$LAB_TMP/dnsmasq.log"
fi
lab_stop_servers

if lab_atftpd "$LAB_SRV" "$LAB_SIP" && lab_dnsmasq_dhcp "$LAB_SRV" s0 no-such.bin; then
  lab_client errors_missing_atftpd 30 --iface eth0
  expect_failure errors_missing_atftpd $? "File not found"
else
  echo "FAIL errors_missing_atftpd: servers did not start"
fi
lab_stop_servers

# Nothing answers: the client gives up after its whole DHCP schedule
# (35 s at most, by the README; about 32 s here) and says so.
lab_client errors_no_dhcp 50 --iface eth0
expect_failure errors_no_dhcp $? "no offer after 6 DISCOVERs (35 s)"

#!/bin/bash
# The pcbios floppy images in QEMU against dnsmasq (DHCP and TFTP) instead
# of QEMU's built-in slirp servers.  dnsmasq runs in a server namespace
# (s0 = 10.77.7.1); QEMU runs in the client namespace, where its NIC is the
# TAP device tap0 on the bridge br0 (lab_topology), so the guest's frames
# cross a real bridge and veth pair to a real server, as a diskless PC's
# would.  romfile= keeps QEMU's own iPXE ROM off the NIC.
#
# Every boot file is a 16 MiB self-verifying payload (tests/payloads, grown
# by mkimage.py with a random segment at 2 MiB): an NBI made from the nbi32
# payload and a plain ELF32 made from the elf32 one.  A case passes when
# QEMU exits with status 33 (the payload's "pass" through isa-debug-exit)
# and COM1 shows the payload's verdict, the firmware's "fetched" line with
# the file's exact size, and the CRC-32 (zlib's) of every byte received.
# Cases, across qemu-system-i386 and qemu-system-x86_64:
#   e1000, modern-only virtio-net (disable-legacy=on), legacy virtio-net
#   (disable-modern=on), and a boot file dnsmasq does not have: status 35
#   with the server's error on COM1.
# INFO lines: the DHCP time and the TFTP transfer as the firmware reports
# them.
source "$(dirname "$0")/lib.sh"
source "$LAB_REPO/tests/qemu/lib.sh"

cases="pcbios_dnsmasq_e1000_nbi_i386 pcbios_dnsmasq_e1000_elf_x86_64
pcbios_dnsmasq_virtio_modern_nbi_x86_64 pcbios_dnsmasq_virtio_modern_elf_i386
pcbios_dnsmasq_virtio_legacy_elf_x86_64 pcbios_dnsmasq_missing_file"
# shellcheck disable=SC2034  # read by lab_require
LAB_NEEDS_NETBOOT=no
# shellcheck disable=SC2086
lab_require "dnsmasq qemu-system-i386 qemu-system-x86_64 python3" $cases || exit 0
pay=$LAB_REPO/build/payloads
for f in bin/pcbios/e1000.dsk bin/pcbios/virtio-net.dsk build/payloads/nbi32.elf \
  build/payloads/elf32.elf; do
  if [ ! -f "$LAB_REPO/$f" ]; then
    # shellcheck disable=SC2086
    lab_fail_all "$f was not built (make pcbios payloads)" $cases
    exit 0
  fi
done
lab_init
# shellcheck disable=SC2086
lab_topology 7 || { lab_fail_all "cannot build the topology" $cases; exit 0; }

big=$(((16 << 20) - 16384))
mkimage=$LAB_REPO/tests/payloads/mkimage.py
if ! { python3 "$mkimage" grow "$pay/nbi32.elf" 0x200000 $big "$LAB_TMP/big-nbi.elf" &&
  python3 "$mkimage" nbi "$LAB_TMP/big-nbi.elf" "$LAB_TMP/tftp/big.nbi" &&
  python3 "$mkimage" grow "$pay/elf32.elf" 0x200000 $big "$LAB_TMP/tftp/big.elf"; }; then
  # shellcheck disable=SC2086
  lab_fail_all "mkimage.py failed" $cases
  exit 0
fi

# qemu_verdict (tests/qemu/lib.sh) quotes $limit when QEMU timed out.
limit=90

# boot NAME QEMU IMAGE NIC BOOTFILE WANT_RC REGEXP...: a fresh dnsmasq
# naming BOOTFILE, then QEMU in the client namespace booting IMAGE with NIC
# on tap0; judged by qemu_verdict on QEMU's status and COM1's log.  When
# BOOTFILE exists, COM1 must also show its size and CRC-32.
boot() {
  local name=$1 qemu=$2 img=$LAB_REPO/$3 nic=$4 file=$5 want_rc=$6 log=$LAB_TMP/$1.log rc
  local size sum
  shift 6
  local checks=("$@")
  if ! lab_dnsmasq "$LAB_SRV" s0 "$file"; then
    lab_server_failed "$name" "$LAB_TMP/dnsmasq.log"
    lab_stop_servers
    return
  fi
  if [ -f "$LAB_TMP/tftp/$file" ]; then
    size=$(stat -c %s "$LAB_TMP/tftp/$file") sum=$(qemu_crc "$LAB_TMP/tftp/$file")
    checks+=("^pcbios: fetched ${file//./\\.} from ${LAB_SIP//./\\.}: $size bytes in"
      "^pcbios: CRC-32 $sum over $size bytes")
  fi
  lab_qemu "$log" "$qemu" -drive "if=floppy,format=raw,readonly=on,file=$img" \
    -device "$nic,netdev=n0,romfile="
  rc=$?
  lab_stop_servers
  if ! qemu_verdict "$name" "$rc" "$want_rc" "$log" "${checks[@]}"; then
    echo "  --- dnsmasq (last 10 lines):"
    tail -n 10 "$LAB_TMP/dnsmasq.log" | sed 's/^/  | /'
    return
  fi
  tr -d '\r' <"$log" | sed -n "s/^DHCP: .* in \([0-9.]*\) s$/INFO $name: DHCP \1 s/p"
  tr -d '\r' <"$log" |
    sed -n "s/^pcbios: fetched .*: \([0-9]*\) bytes in \(.*\)$/INFO $name: TFTP \1 bytes in \2/p"
}

e1000=e1000
modern=virtio-net-pci,disable-legacy=on
legacy=virtio-net-pci,disable-modern=on
e1000_up=("^PCI 00:03.0 8086:100e e1000 (82540EM)" "^e1000: link up" "^e1000: stopped")
modern_up=("^PCI 00:03.0 1af4:1041 virtio-net (virtio-net 1.0)" "^virtio-net: modern PCI transport"
  "^virtio-net: stopped (device reset)")
legacy_up=("^PCI 00:03.0 1af4:1000 virtio-net (transitional virtio-net)"
  "^virtio-net: legacy PCI transport" "^virtio-net: stopped (device reset)")
nbi_ok=("^start: NBI (32-bit protected mode)" "^payload: checking 00ffc000 bytes at 00200000"
  "^payload nbi32: pass")
elf_ok=("^start: ELF32, entry 00100000" "^payload elf32: pass")

boot pcbios_dnsmasq_e1000_nbi_i386 qemu-system-i386 bin/pcbios/e1000.dsk $e1000 big.nbi 33 \
  "${e1000_up[@]}" "${nbi_ok[@]}"
boot pcbios_dnsmasq_e1000_elf_x86_64 qemu-system-x86_64 bin/pcbios/e1000.dsk $e1000 big.elf 33 \
  "${e1000_up[@]}" "${elf_ok[@]}"
boot pcbios_dnsmasq_virtio_modern_nbi_x86_64 qemu-system-x86_64 bin/pcbios/virtio-net.dsk $modern \
  big.nbi 33 "${modern_up[@]}" "${nbi_ok[@]}"
boot pcbios_dnsmasq_virtio_modern_elf_i386 qemu-system-i386 bin/pcbios/virtio-net.dsk $modern \
  big.elf 33 "${modern_up[@]}" "${elf_ok[@]}"
boot pcbios_dnsmasq_virtio_legacy_elf_x86_64 qemu-system-x86_64 bin/pcbios/virtio-net.dsk $legacy \
  big.elf 33 "${legacy_up[@]}" "${elf_ok[@]}"
# dnsmasq's error text names the file with its path in the TFTP root.
boot pcbios_dnsmasq_missing_file qemu-system-i386 bin/pcbios/e1000.dsk $e1000 missing.bin 35 \
  "^TFTP: server ${LAB_SIP//./\\.}: error 1: .*missing\.bin.* not found" \
  "^boot: fetching missing\.bin failed" "^e1000: stopped"

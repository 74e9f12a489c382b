#!/bin/bash
# Network boot of bin/pcbios/virtio-net.dsk in QEMU with QEMU's
# virtio-net-pci, against QEMU's built-in DHCP and TFTP (slirp), over each
# transport the driver has:
#   - legacy: a transitional device with disable-modern=on (1AF4:1000,
#     I/O BAR only), so the legacy interface is the only one;
#   - modern through a transitional device (the default virtio-net-pci
#     offers both; the driver prefers modern);
#   - modern only: disable-legacy=on (1AF4:1041);
# with 1 MiB and 16 MiB ELF32 images made by tests/payloads/mkimage.py (a
# stub that exits QEMU with status 33, then random bytes): COM1 reports
# exactly the file's size and CRC-32 (zlib.crc32), so a case cannot pass
# unless every byte arrived in order; on qemu-system-i386 and x86_64, and
# once with 16 MiB of RAM.  Each case also checks that close() reset the
# device.  romfile= keeps QEMU's own iPXE option ROM off the NIC; the
# floppy is read-only, so runs of the suite side by side share the image.
# INFO lines: QEMU start to "DHCP: asking", the DHCP time, the TFTP rate.
cd "$(dirname "$0")/../.." || exit
img=bin/pcbios/virtio-net.dsk
limit=120

for tool in qemu-system-i386 qemu-system-x86_64 python3; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP pcbios_virtio: $tool is not installed (make deps-check says which package)"
    exit 0
  fi
done
if [ ! -f $img ]; then
  echo "FAIL pcbios_virtio: $img was not built (make pcbios)"
  exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
python3 tests/payloads/mkimage.py elf 0x100000 $(((1 << 20) - 4096)) "$dir/tftp/small.bin"
python3 tests/payloads/mkimage.py elf 0x100000 $(((16 << 20) - 4096)) "$dir/tftp/big.bin"
crc() { python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$1"; }

# net_case NAME QEMU MEM_MIB BOOTFILE NIC [QEMU_ARGS...] (NIC "none": no
# network at all); the globals want_rc (QEMU's exit
# status) and want (basic regexps COM1 must show) say what must happen.  A
# file that exists must arrive whole: its size and CRC-32 on COM1.
net_case() {
  local name=$1 qemu=$2 mem=$3 file=$4 nic=$5 log=$dir/$1.log start pid rc
  local t_ask="" w missing="" size sum checks=("${want[@]}") net
  shift 5
  net=(-netdev "user,id=n0,tftp=$dir/tftp,bootfile=$file" -device "$nic,netdev=n0,romfile=")
  [ "$nic" = none ] && net=(-nic none)
  start=$(date +%s%N)
  timeout $limit "$qemu" -accel tcg -m "$mem" -drive "if=floppy,format=raw,readonly=on,file=$img" \
    "${net[@]}" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$log" -display none -monitor none -no-reboot "$@" </dev/null &
  pid=$!
  # Time QEMU start to the first DHCP message; the poll ends with QEMU,
  # which timeout bounds.
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$t_ask" ] && grep -q "DHCP: asking" "$log" 2>/dev/null; then
      t_ask=$(( ($(date +%s%N) - start) / 1000000 ))
    fi
    sleep 0.01
  done
  wait "$pid"
  rc=$?
  if [ "$nic" != none ] && [ -f "$dir/tftp/$file" ]; then
    size=$(stat -c %s "$dir/tftp/$file") sum=$(crc "$dir/tftp/$file")
    checks+=("^pcbios: fetched $file from 10.0.2.2: $size bytes in"
      "^pcbios: CRC-32 $sum over $size bytes")
  fi
  for w in "${checks[@]}"; do
    tr -d '\r' <"$log" | grep -q "$w" || missing="$missing '$w'"
  done
  if [ "$rc" -ne "$want_rc" ]; then
    echo "FAIL $name: QEMU exit status $rc, expected $want_rc (124 = timed out after $limit s); serial log:"
    tr -d '\r' <"$log" | tail -n 20
  elif [ -n "$missing" ]; then
    echo "FAIL $name: COM1 lacks$missing; serial log:"
    tr -d '\r' <"$log" | tail -n 20
  else
    echo "PASS $name"
    [ -n "$t_ask" ] && echo "INFO $name: QEMU start to \"DHCP: asking\" $t_ask ms"
    tr -d '\r' <"$log" | sed -n "s/^DHCP: .* in \([0-9.]*\) s$/INFO $name: DHCP \1 s/p"
    tr -d '\r' <"$log" | sed -n "s/^pcbios: fetched .*: \([0-9]*\) bytes in \(.*\)$/INFO $name: TFTP \1 bytes in \2/p"
  fi
}

legacy=virtio-net-pci,disable-modern=on
modern=virtio-net-pci,disable-legacy=on
want_rc=33 want=("^PCI 00:03.0 1af4:1000 virtio-net (transitional virtio-net)"
  "^virtio-net: legacy PCI transport" "^virtio-net: stopped (device reset)")
net_case pcbios_virtio_legacy_1m_i386 qemu-system-i386 32 small.bin $legacy
net_case pcbios_virtio_legacy_16m_i386 qemu-system-i386 32 big.bin $legacy
net_case pcbios_virtio_legacy_16m_x86_64 qemu-system-x86_64 32 big.bin $legacy

want_rc=33 want=("^PCI 00:03.0 1af4:1000 virtio-net (transitional virtio-net)"
  "^virtio-net: modern PCI transport" "^virtio-net: stopped (device reset)")
net_case pcbios_virtio_transitional_1m_i386 qemu-system-i386 32 small.bin virtio-net-pci
net_case pcbios_virtio_transitional_ram16m_i386 qemu-system-i386 16 small.bin virtio-net-pci

want_rc=33 want=("^PCI 00:03.0 1af4:1041 virtio-net (virtio-net 1.0)"
  "^virtio-net: modern PCI transport" "^virtio-net: stopped (device reset)")
net_case pcbios_virtio_modern_1m_i386 qemu-system-i386 32 small.bin $modern
net_case pcbios_virtio_modern_16m_i386 qemu-system-i386 32 big.bin $modern
net_case pcbios_virtio_modern_16m_x86_64 qemu-system-x86_64 32 big.bin $modern

want_rc=35 want=("^TFTP: server 10.0.2.2: error 1: File not found"
  "^boot: fetching missing.bin failed" "^virtio-net: stopped (device reset)")
net_case pcbios_virtio_missing_file qemu-system-i386 32 missing.bin $modern

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
source tests/qemu/lib.sh
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


want_fetched=()
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

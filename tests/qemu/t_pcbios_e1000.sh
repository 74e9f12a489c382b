#!/bin/bash
# Network boot of bin/pcbios/e1000.dsk in QEMU with QEMU's e1000 (82540EM)
# and, once, its 82545EM, against QEMU's built-in DHCP and TFTP (slirp):
#   - 1 MiB and 16 MiB files, mostly random bytes: the ELF32 test payload
#     (build/payloads/elf32.elf) grown by tests/payloads/mkimage.py with a
#     segment of random bytes at 2 MiB: COM1 reports exactly the file's
#     size and CRC-32 (zlib.crc32), so the test cannot pass unless every
#     byte arrived in order; then the firmware starts the payload, which
#     checks the CRC-32 of the random segment in place, prints
#     "payload elf32: pass" and exits QEMU with status 33;
#   - the same on qemu-system-x86_64, with 16 MiB of RAM, and on the
#     82545EM (-device e1000-82545em);
#   - a boot file the server does not have: the server's error text on
#     COM1 and status 35, well within the 120 s limit;
#   - with -uuid, the DHCP UUID comes from SMBIOS;
#   - no NIC: a clear message and status 35.
# romfile= keeps QEMU's own iPXE option ROM off the NIC, so SeaBIOS boots
# the floppy and our driver is the only one that touches the device.
# INFO lines: QEMU start to "DHCP: asking", the DHCP time, the TFTP rate.
cd "$(dirname "$0")/../.." || exit
source tests/qemu/lib.sh
img=bin/pcbios/e1000.dsk
limit=120

for tool in qemu-system-i386 qemu-system-x86_64 python3; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP pcbios_e1000: $tool is not installed (make deps-check says which package)"
    exit 0
  fi
done
for f in $img build/payloads/elf32.elf; do
  if [ ! -f $f ]; then
    echo "FAIL pcbios_e1000: $f was not built (make pcbios payloads)"
    exit 0
  fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
python3 tests/payloads/mkimage.py grow build/payloads/elf32.elf 0x200000 $(((1 << 20) - 16384)) \
  "$dir/tftp/small.bin" || exit
python3 tests/payloads/mkimage.py grow build/payloads/elf32.elf 0x200000 $(((16 << 20) - 16384)) \
  "$dir/tftp/big.bin" || exit


# "e1000" is QEMU's 82540EM.  QEMU's e1000 holds received frames for 1 s
# after each write to RCTL (its flush-queue timer), so the reply to the
# first DISCOVER waits and DHCP takes about a second.
# Every file served is the ELF32 payload, which checks itself once started.
want_fetched=("^payload elf32: pass")
want_rc=33 want=("^PCI 00:03.0 8086:100e e1000 (82540EM)" "^e1000: link up" "^e1000: stopped")
net_case pcbios_e1000_1m_i386 qemu-system-i386 32 small.bin e1000
net_case pcbios_e1000_16m_i386 qemu-system-i386 32 big.bin e1000
want_rc=33 want=("^PCI 00:03.0 8086:100e e1000 (82540EM)" "^boot: UUID from SMBIOS")
net_case pcbios_e1000_16m_x86_64 qemu-system-x86_64 32 big.bin e1000 \
  -uuid 6b1f2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b
want_rc=33 want=("^PCI 00:03.0 8086:100e e1000 (82540EM)" "^e1000: stopped")
net_case pcbios_e1000_ram16m_i386 qemu-system-i386 16 small.bin e1000
want_rc=33 want=("^PCI 00:03.0 8086:100f e1000 (82545EM copper)" "^e1000: stopped")
net_case pcbios_e1000_82545em_i386 qemu-system-i386 32 small.bin e1000-82545em

want_rc=35 want=("^TFTP: server 10.0.2.2: error 1: File not found"
  "^boot: fetching missing.bin failed" "^boot: attempt 2 of 3 in 1.000 s"
  "^boot: attempt 3 of 3 in 2.000 s" "^boot: giving up after 3 attempts" "^e1000: stopped")
net_case pcbios_e1000_missing_file qemu-system-i386 32 missing.bin e1000

# No NIC at all: say so and leave (status 35; INT 18h on a PC).
want_rc=35 want=("^PCI: no device that a driver in this image handles"
  "^boot: no network card this image can drive")
net_case pcbios_e1000_no_nic qemu-system-i386 32 small.bin none

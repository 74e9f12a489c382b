#!/bin/bash
# The UEFI client (bin/efi/, rom/efi/README.md) under OVMF on
# qemu-system-x86_64 (TCG), against QEMU's own DHCP and TFTP (slirp),
# starting the self-verifying EFI payload (tests/payloads/efi_payload.c:
# "payload efi: pass", QEMU status 33) and the ELF64 one:
#   - efi_pxe_snp: OVMF's own PXE client (virtio-net, no option ROM) loads
#     netboot.efi, whose settings name payload.efi; it takes the firmware's
#     cached DHCPACK (no DHCP of its own), takes the NIC's SNP from the
#     firmware, fetches payload.efi by TFTP through SNP and starts it with
#     LoadImage/StartImage, the file name as its load options;
#   - efi_pxe_snp_big: the same with payload-big.efi (4 MiB of data): the
#     INFO line gives the TFTP rate through SNP;
#   - efi_pxe_self: netboot.efi without settings: DHCP names netboot.efi
#     again, and the client refuses to start itself (status 35);
#   - efi_usb_disk: bin/efi/netboot.img (the USB stick image) started by
#     OVMF's boot manager does its own DHCP through SNP, then the payload;
#   - efi_e1000_own_driver: bin/efi/e1000.efi on a FAT disk drives an
#     e1000 that has no firmware driver (no option ROM), through PCI I/O;
#     its settings add a command line to the payload's load options;
#   - efi_elf64: netboot.efi fetches build/payloads/elf64.elf, places it,
#     leaves boot services and jumps to it; the payload checks long mode,
#     RAX/RBX as on the BIOS and the handed-over memory map;
#   - efi_nbi_refused: an NBI image is refused with the reason (status 35).
# INFO lines: QEMU start to the payload's first line, the TFTP rate.
cd "$(dirname "$0")/../.." || exit
. tests/qemu/efi_lib.sh
pay=build/payloads
romtool=build/util/romtool
cases="efi_pxe_snp efi_pxe_snp_big efi_pxe_self efi_usb_disk efi_e1000_own_driver efi_elf64
  efi_nbi_refused"

why=$(efi_missing) && efi_skip_all "$why"
for f in bin/efi/netboot.efi bin/efi/e1000.efi bin/efi/netboot.img $romtool \
  $pay/efi/payload.efi $pay/efi/payload-big.efi $pay/elf64.elf $pay/nbi32.nbi; do
  if [ ! -f "$f" ]; then
    echo "FAIL efi_boot: $f was not built (make all payloads)"
    exit 1
  fi
done
efi_init
mkdir -p "$efi_dir/tftp"
cp $pay/efi/payload.efi $pay/efi/payload-big.efi $pay/elf64.elf $pay/nbi32.nbi "$efi_dir/tftp/"

# settings_copy OUT KEY=VALUE...: netboot.efi (or $app) with those settings.
settings_copy() {
  local out=$1
  shift
  cp "${app:-bin/efi/netboot.efi}" "$out" && $romtool set "$out" "$@" >/dev/null
}

# info NAME FILE: QEMU start to the payload's first line, the client's
# own TFTP figure for FILE.
info() {
  local t rate
  t=$(efi_ms_at '^payload efi: started') && echo "INFO $1: QEMU start to the payload's first line $t ms"
  rate=$(cut -f2- "$efi_times" | sed -n "s/^TFTP: ${2//./\\.}: \(.*\)$/\1/p" | head -n 1)
  [ -n "$rate" ] && echo "INFO $1: TFTP $2: $rate"
}

# PXE: OVMF fetches netboot.efi (told to fetch FILE next) from slirp.
pxe_case() {
  local name=$1 file=$2
  settings_copy "$efi_dir/tftp/netboot.efi" "filename=$file" || return
  efi_net_args "$efi_dir/tftp" netboot.efi
  efi_run "$name" 240 "${efi_net[@]}"
}

pxe_case efi_pxe_snp payload.efi
efi_verdict efi_pxe_snp 33 'BdsDxe: starting Boot.*"UEFI PXEv4' \
  'efi: started by the firmware.s PXE client' \
  'efi: the firmware.s DHCP answer: address 10\.0\.2\.15, boot file netboot\.efi' \
  'snp: firmware network interface 52:54:00:12:34:56' 'DHCP: not asked again' \
  'efi: fetched payload\.efi from 10\.0\.2\.2' '^payload efi: started' \
  '^payload: load options "payload\.efi"$' '^payload efi: pass' && info efi_pxe_snp payload.efi

pxe_case efi_pxe_snp_big payload-big.efi
efi_verdict efi_pxe_snp_big 33 \
  "efi: fetched payload-big\\.efi from 10\\.0\\.2\\.2: $(stat -c %s $pay/efi/payload-big.efi) bytes" \
  '^payload: checking CRC-32 of 4194304 bytes' '^payload efi: pass' &&
  info efi_pxe_snp_big payload-big.efi

cp bin/efi/netboot.efi "$efi_dir/tftp/netboot.efi"
efi_net_args "$efi_dir/tftp" netboot.efi
efi_run efi_pxe_self 240 "${efi_net[@]}"
efi_verdict efi_pxe_self 35 'DHCP: boot file netboot\.efi on 10\.0\.2\.2' \
  'boot: the DHCP server names this very image again (netboot\.efi)'

# The USB stick image as built; the NIC gets a boot index after the disk,
# so that OVMF connects its driver.
cp bin/efi/netboot.img "$efi_dir/usb.img"
efi_disk_args "$efi_dir/usb.img" 0
efi_net_args "$efi_dir/tftp" payload.efi virtio-net-pci 1
efi_run efi_usb_disk 240 "${efi_disk[@]}" "${efi_net[@]}"
efi_verdict efi_usb_disk 33 'DHCP: offer of 10\.0\.2\.15 from 10\.0\.2\.2' \
  'efi: fetched payload\.efi from 10\.0\.2\.2' '^payload: load options "payload\.efi"$' \
  '^payload efi: pass' && info efi_usb_disk payload.efi

app=bin/efi/e1000.efi settings_copy "$efi_dir/e1000.efi" "cmdline=x=1 two words"
efi_fat_image "$efi_dir/e1000.img" "$efi_dir/e1000.efi"
efi_disk_args "$efi_dir/e1000.img" 0
efi_run efi_e1000_own_driver 240 "${efi_disk[@]}" \
  -netdev "user,id=n0,tftp=$efi_dir/tftp,bootfile=payload.efi" -device e1000,netdev=n0,romfile=
efi_verdict efi_e1000_own_driver 33 'PCI 00:0[0-9a-f]\.0 8086:100e e1000 (82540EM)' \
  'e1000: registers at ' 'DHCP: offer of 10\.0\.2\.15' 'efi: fetched payload\.efi' \
  '^payload: load options "payload\.efi x=1 two words"$' '^payload efi: pass' &&
  info efi_e1000_own_driver payload.efi

efi_fat_image "$efi_dir/plain.img" bin/efi/netboot.efi
efi_disk_args "$efi_dir/plain.img" 0
efi_net_args "$efi_dir/tftp" elf64.elf virtio-net-pci 1
efi_run efi_elf64 240 "${efi_disk[@]}" "${efi_net[@]}"
efi_verdict efi_elf64 33 'efi: elf64\.elf placed at 0x100000\.\.' \
  'elf64: UEFI handoff: [0-9]* memory map entries' '^payload elf64: pass'

efi_net_args "$efi_dir/tftp" nbi32.nbi virtio-net-pci 1
efi_run efi_nbi_refused 240 "${efi_disk[@]}" "${efi_net[@]}"
efi_verdict efi_nbi_refused 35 'efi: fetched nbi32\.nbi' \
  'image: nbi32\.nbi is an NBI image, which needs a PC BIOS'

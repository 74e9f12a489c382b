#!/bin/sh
# Make a USB stick image holding one EFI application as the removable-media
# boot file EFI/BOOT/BOOTX64.EFI (UEFI 2.10 §3.5.1.1), with mtools only
# (no loop mount, no root):
#   mk/efidisk.sh OUT.img APP.efi
# Layout: an MBR with one partition of type EFh (EFI system partition),
# marked active, from sector 2048 (1 MiB, the usual alignment) to the end
# of a 4 MiB image, holding a FAT file system labelled NETBOOT.
set -eu
out=$1 app=$2
size_mb=4
start=2048
sectors=$(( size_mb * 2048 - start ))

# le32 N: N as four little-endian bytes, in printf's octal escapes.
le32() {
  printf '\\%03o\\%03o\\%03o\\%03o' $(( $1 & 255 )) $(( ($1 >> 8) & 255 )) \
    $(( ($1 >> 16) & 255 )) $(( ($1 >> 24) & 255 ))
}

rm -f "$out.tmp"
dd if=/dev/zero of="$out.tmp" bs=1M count=$size_mb status=none
# Partition entry 1 at offset 446: active flag, CHS start (unused: FEh FFh
# FFh, "use LBA"), type, CHS end (likewise), first LBA, sector count.
{
  printf '\200\376\377\377\357\376\377\377'
  printf "$(le32 $start)$(le32 $sectors)"
} | dd of="$out.tmp" bs=1 seek=446 conv=notrunc status=none
printf '\125\252' | dd of="$out.tmp" bs=1 seek=510 conv=notrunc status=none
mformat -i "$out.tmp@@1M" -v NETBOOT -T $sectors -h 64 -s 32 ::
mmd -i "$out.tmp@@1M" ::/EFI ::/EFI/BOOT
mcopy -i "$out.tmp@@1M" "$app" ::/EFI/BOOT/BOOTX64.EFI
mv "$out.tmp" "$out"

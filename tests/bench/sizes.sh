#!/bin/bash
# Image sizes for tests/bench/bench.sh: ours against the nearest Debian
# iPXE image (packages ipxe-qemu and ipxe), one tab-separated line each:
#   OURS  OUR_BYTES  THEIRS  THEIR_BYTES
# with "not built" / "not installed" in place of a missing file's size.
#   e1000.rom, e1000.lzrom  PCI option ROMs for QEMU's e1000; iPXE's is
#                           LZMA-compressed like our .lzrom
#   virtio-net.rom          the same for virtio-net (transitional and,
#   virtio-net-1041.rom     modern-only: iPXE's ROM has the 1041 ID)
#   e1000.pxe               a PXE NBP with its own e1000 driver; iPXE's
#                           ipxe.pxe carries all its drivers
#   undi.pxe                an NBP on the PXE ROM's UNDI: undionly.kpxe
#   netboot.efi             a UEFI client on the firmware's SNP:
#                           snponly.efi; ipxe.efi has its own drivers too
cd "$(dirname "$0")/../.." || exit
size() {
  if [ -f "$1" ]; then stat -L -c %s "$1"; else echo "$2"; fi
}
while read -r ours theirs; do
  printf '%s\t%s\t%s\t%s\n' "$ours" "$(size "$ours" "not built")" \
    "$theirs" "$(size "$theirs" "not installed")"
done <<'LIST'
bin/pcbios/e1000.rom /usr/lib/ipxe/qemu/pxe-e1000.rom
bin/pcbios/e1000.lzrom /usr/lib/ipxe/qemu/pxe-e1000.rom
bin/pcbios/virtio-net.rom /usr/lib/ipxe/qemu/pxe-virtio.rom
bin/pcbios/virtio-net-1041.rom /usr/lib/ipxe/qemu/pxe-virtio.rom
bin/pcbios/e1000.pxe /usr/lib/ipxe/ipxe.pxe
bin/pcbios/undi.pxe /usr/lib/ipxe/undionly.kpxe
bin/efi/netboot.efi /usr/lib/ipxe/snponly.efi
bin/efi/netboot.efi /usr/lib/ipxe/ipxe.efi
LIST

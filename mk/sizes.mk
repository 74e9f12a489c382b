# The size table every `make` ends with, and the budgets that fail the
# build when an image outgrows the place it must fit (mk/sizes.sh).
#   option ROMs: the EPROM size they are sold for today (e1000.rom 64 KiB;
#     the compressed e1000.lzrom 32 KiB, on its way to 16 KiB, issue 4);
#   PXE images: 64 KiB, a limit of our own (PXE ROMs take up to ~500 KiB);
#   floppyload.bin: one sector; the floppy bodies fit a 1.44 MB disk by
#     construction (mk/pcbios.mk refuses more);
#   UEFI applications: 128 KiB, a limit of our own (an EFI option ROM
#     image would need them compressed below 64 KiB).
SIZE_BUDGETS := \
	$(BIN)/pcbios/e1000.rom:65536 $(BIN)/pcbios/virtio-net.rom:65536 \
	$(BIN)/pcbios/e1000.lzrom:32768 \
	$(BIN)/pcbios/e1000.pxe:65536 $(BIN)/pcbios/virtio-net.pxe:65536 \
	$(BIN)/pcbios/e1000.lzpxe:32768 $(BIN)/pcbios/undi.pxe:65536 \
	$(BIN)/pcbios/floppyload.bin:512 \
	$(BIN)/pcbios/e1000.dsk:0 $(BIN)/pcbios/virtio-net.dsk:0 $(BIN)/pcbios/e1000.lzdsk:0 \
	$(BIN)/efi/netboot.efi:131072 $(BIN)/efi/e1000.efi:131072 $(BIN)/efi/virtio-net.efi:131072

.PHONY: sizes
sizes: $(foreach b,$(SIZE_BUDGETS),$(firstword $(subst :, ,$(b))))
	@echo "  SIZES   (budget: the build fails above it)"
	@sh mk/sizes.sh $(SIZE_BUDGETS)

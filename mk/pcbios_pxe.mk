# PXE chainload images: the network images' bodies behind
# rom/pcbios/pxe_prefix.asm, a 1 KiB network bootstrap program prefix, so
# that a PXE ROM that loads the file at 0000:7C00 has put the body at
# 0000:8000 (rom/pcbios/README.md, "PXE chainloading"):
#   bin/pcbios/e1000.pxe       the e1000 body (bin/pcbios/e1000.dsk's)
#   bin/pcbios/virtio-net.pxe  the virtio-net body
#   bin/pcbios/undi.pxe        a body without NIC drivers of its own
# The first two unload the PXE stack that started them and drive the NIC
# themselves; undi.pxe keeps the stack and drives the NIC through its UNDI
# (drivers/net/undi.c), so it boots on any NIC with a PXE ROM.
# The boot sequence (boot.c) gets its NIC from boot_find_nic(), which each
# network body links once: rom/pcbios/boot_nic_pci.c (unload a chainloading
# PXE stack, probe PCI) in the PCI bodies, so those objects and
# rom/pcbios/pxe_chain.c join every network body: the .dsk and .rom images
# carry them too, and there they find no PXE information block and do
# nothing; rom/pcbios/boot_nic_undi.c in undi.pxe, which has no PCI code.
# Reuses mk/pcbios.mk's objects, link and flat-body rules.

PCBIOS_PXE_OBJ := $(BUILD)/pcbios/rom/pcbios/pxe.o $(BUILD)/pcbios/rom/pcbios/pxe_chain.o \
	$(BUILD)/pcbios/rom/pcbios/boot_nic_pci.o

$(BUILD)/pcbios/e1000.elf $(BUILD)/pcbios/virtio-net.elf: $(PCBIOS_PXE_OBJ)

# undi.pxe: the e1000 body's objects without PCI and the e1000 driver.
PCBIOS_UNDI_OBJ := $(filter-out $(BUILD)/pcbios/drivers/net/e1000.o \
	$(BUILD)/pcbios/drivers/bus/pci.o $(BUILD)/pcbios/rom/pcbios/pci_config.o,$(PCBIOS_E1000_OBJ)) \
	$(BUILD)/pcbios/rom/pcbios/pxe.o $(BUILD)/pcbios/rom/pcbios/pxe_chain.o \
	$(BUILD)/pcbios/rom/pcbios/boot_nic_undi.o $(BUILD)/pcbios/drivers/net/undi.o

$(BUILD)/pcbios/undi.elf: $(PCBIOS_UNDI_OBJ) rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

.PHONY: pxe
pxe: $(BIN)/pcbios/e1000.pxe $(BIN)/pcbios/virtio-net.pxe $(BIN)/pcbios/undi.pxe

# The prefix with the flat body $< appended at offset 400h; BODY_END, the
# end of the body's .bss and stack (__stack_top), lets the prefix check the
# base memory the PXE stack left free.
define pcbios_pxe
	@mkdir -p $(@D)
	@echo "  PXE     $@"
	@end=$$(nm $(word 2,$^) | awk '$$3 == "__stack_top" { print "0x" $$1 }'); \
	nasm -f bin -Werror -I rom/pcbios/ -D BODY='"$<"' -D BODY_END=$$end \
		-o $@.tmp rom/pcbios/pxe_prefix.asm && \
	mv $@.tmp $@ && \
	echo "  SIZE    $@: $$(stat -c %s $@) bytes, body to $$end"
endef

$(BIN)/pcbios/%.pxe: $(BUILD)/pcbios/%.bin $(BUILD)/pcbios/%.elf rom/pcbios/pxe_prefix.asm \
		rom/pcbios/prefix_info.inc
	$(pcbios_pxe)

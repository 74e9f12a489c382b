# PXE chainload images: the network images' bodies behind
# rom/pcbios/pxe_prefix.asm, a 1 KiB network bootstrap program prefix, so
# that a PXE ROM that loads the file at 0000:7C00 has put the body at
# 0000:8000 (rom/pcbios/README.md, "PXE chainloading"):
#   bin/pcbios/e1000.pxe       the e1000 body (bin/pcbios/e1000.dsk's)
#   bin/pcbios/virtio-net.pxe  the virtio-net body
# Each unloads the PXE stack that started it and drives the NIC itself.
# The bodies' boot sequence (boot.c) calls rom/pcbios/pxe_chain.c, so the
# PXE objects join every network body: the .dsk and .rom images carry
# them too, and there they find no PXE information block and do nothing.
# Reuses mk/pcbios.mk's objects, link and flat-body rules.

PCBIOS_PXE_OBJ := $(BUILD)/pcbios/rom/pcbios/pxe.o $(BUILD)/pcbios/rom/pcbios/pxe_chain.o

$(BUILD)/pcbios/e1000.elf $(BUILD)/pcbios/virtio-net.elf: $(PCBIOS_PXE_OBJ)

.PHONY: pxe
pxe: $(BIN)/pcbios/e1000.pxe $(BIN)/pcbios/virtio-net.pxe

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

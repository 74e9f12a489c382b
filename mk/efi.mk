# The UEFI client (rom/efi/, issue 6): x86-64 EFI applications built with
# gnu-efi's headers, its crt0 (entry and self-relocation) and
# libgnuefi.a (_relocate), linked as a PIC shared object by rom/efi/efi.ld
# and converted to PE32+ by objcopy.
#   bin/efi/netboot.efi   any NIC with a firmware driver (SNP)
#   bin/efi/e1000.efi, bin/efi/virtio-net.efi   our own drivers, through
#                         the firmware's PCI I/O protocol
#   bin/efi/netboot.img   a USB stick image: netboot.efi as
#                         EFI/BOOT/BOOTX64.EFI on a FAT EFI system
#                         partition (mk/efidisk.sh)
# Only the objects an image needs are linked (--gc-sections).
EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
EFI_CFLAGS := $(CFLAGS_COMMON) -ffreestanding -nostdlib -fno-builtin -Os -fpic \
	-fvisibility=hidden -fno-stack-protector -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections -m64 -mno-red-zone -mno-sse -mno-mmx \
	-fshort-wchar -DGNU_EFI_USE_MS_ABI -isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64 \
	-isystem $(EFI_INC)/protocol -MMD -MP
EFI_COMMON_SRC := $(CORE_SRC) core/string.c $(NET_SRC) $(LOADERS_SRC) rom/efi/main.c rom/efi/console.c \
	rom/efi/clock.c rom/efi/memory.c rom/efi/status.c rom/efi/settings_block.c \
	rom/efi/boot.c rom/efi/pxe_cached.c rom/efi/download.c rom/efi/start.c \
	rom/efi/start_pe.c rom/efi/start_elf.c rom/efi/initrd.c rom/efi/device_path.c rom/pcbios/io.c
EFI_NETBOOT_SRC := $(EFI_COMMON_SRC) rom/efi/nic_snp.c drivers/net/snp.c
EFI_NETBOOT_OBJ := $(EFI_NETBOOT_SRC:%.c=$(BUILD)/efi/%.o)
EFI_PCI_SRC := $(EFI_COMMON_SRC) rom/efi/nic_pci.c rom/efi/pci_config.c drivers/bus/pci.c
EFI_E1000_OBJ := $(EFI_PCI_SRC:%.c=$(BUILD)/efi/%.o) $(BUILD)/efi/drivers/net/e1000.o
EFI_VIRTIO_OBJ := $(EFI_PCI_SRC:%.c=$(BUILD)/efi/%.o) \
	$(PCBIOS_VIRTIO_SRC:%.c=$(BUILD)/efi/%.o)
EFI_IMAGES := $(BIN)/efi/netboot.efi $(BIN)/efi/e1000.efi $(BIN)/efi/virtio-net.efi

.PHONY: efi
efi: $(EFI_IMAGES) $(BIN)/efi/netboot.img
all: efi

-include $(sort $(EFI_NETBOOT_OBJ:.o=.d) $(EFI_E1000_OBJ:.o=.d) $(EFI_VIRTIO_OBJ:.o=.d))

$(BUILD)/efi/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $< (efi)"
	@$(CC) $(EFI_CFLAGS) -c $< -o $@

# $(1): the shared object to make from the objects in $^.
define efi_link
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@ld -nostdlib -znocombreloc -shared -Bsymbolic --gc-sections --no-undefined \
		-T rom/efi/efi.ld -o $@ $(EFI_LIB)/crt0-efi-x86_64.o $(filter %.o,$^) \
		$(EFI_LIB)/libgnuefi.a
endef

# objcopy keeps the sections a PE image needs; the firmware applies none
# of the ELF relocations (crt0 does), so .rela/.dynamic stay as data.
define efi_pe
	@mkdir -p $(@D)
	@echo "  EFI     $@"
	@objcopy -j .text -j .reloc -j .data -j .bss -j .dynamic -j .dynsym -j .rela \
		--target efi-app-x86_64 $< $@
endef

$(BUILD)/efi/netboot.so: $(EFI_NETBOOT_OBJ) rom/efi/efi.ld
	$(efi_link)

$(BUILD)/efi/e1000.so: $(EFI_E1000_OBJ) rom/efi/efi.ld
	$(efi_link)

$(BUILD)/efi/virtio-net.so: $(EFI_VIRTIO_OBJ) rom/efi/efi.ld
	$(efi_link)

$(BIN)/efi/%.efi: $(BUILD)/efi/%.so
	$(efi_pe)

$(BIN)/efi/netboot.img: $(BIN)/efi/netboot.efi mk/efidisk.sh
	@echo "  IMG     $@"
	@sh mk/efidisk.sh $@ $<

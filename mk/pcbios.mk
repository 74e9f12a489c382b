# The x86 BIOS platform: 1.44 MB floppy images = boot sector
# (rom/pcbios/floppy_boot.asm) + body (entry16.asm, rom/pcbios/*.c, the
# portable core), padded to 2880 sectors:
#   bin/pcbios/hello.dsk   the platform alone (boot_hello.c): no PCI, no net
#   bin/pcbios/e1000.dsk   PCI, the e1000 driver and net/: DHCP + TFTP
#   bin/pcbios/virtio-net.dsk  the same with virtio-net (legacy and modern
#                          PCI transports) instead of e1000.
# The body is linked at 0x8000 by rom/pcbios/body.ld.  The build
#   - links in the table of places to patch when the body moves to the top
#     of RAM (util/mkrelocs.c, pcbios_link below),
#   - sets the body's last word (.sum) so its 32-bit sum is 0 (relocate.c
#     checks),
#   - patches the body's length in sectors into the boot sector's word at
#     offset 0x1FC,
#   - reports the body's footprint.
# build/pcbios/test-big.dsk is the same body with 230 KB of numbered lines
# linked in, so the boot sector's multi-track reads and its splitting at
# 64 KiB DMA boundaries are exercised (tests/qemu/t_pcbios_boot.sh).

PCBIOS_SRC := $(CORE_SRC) core/string.c rom/pcbios/relocate.c rom/pcbios/main.c \
	rom/pcbios/console.c rom/pcbios/serial.c rom/pcbios/clock.c rom/pcbios/e820.c
# The network images: the boot sequence, drivers/io.h, PCI and the stack.
PCBIOS_NET_SRC := rom/pcbios/boot.c rom/pcbios/start.c rom/pcbios/long_mode.c $(LOADERS_SRC) \
	rom/pcbios/io.c rom/pcbios/pci_config.c \
	rom/pcbios/smbios.c drivers/bus/pci.c $(NET_SRC)
# entry16.o first: the body's first byte is its real-mode entry.
PCBIOS_OBJ := $(BUILD)/pcbios/rom/pcbios/entry16.o $(PCBIOS_SRC:%.c=$(BUILD)/pcbios/%.o)
PCBIOS_HELLO_OBJ := $(PCBIOS_OBJ) $(BUILD)/pcbios/rom/pcbios/boot_hello.o
PCBIOS_E1000_OBJ := $(PCBIOS_OBJ) \
	$(PCBIOS_NET_SRC:%.c=$(BUILD)/pcbios/%.o) $(BUILD)/pcbios/drivers/net/e1000.o \
	$(BUILD)/pcbios/rom/pcbios/start32.o $(BUILD)/pcbios/rom/pcbios/start64.o
PCBIOS_VIRTIO_SRC := drivers/virtio/virtio.c drivers/virtio/virtqueue.c drivers/virtio/virtio_pci_legacy.c \
	drivers/virtio/virtio_pci_modern.c drivers/net/virtio_net.c
# virtio-net.dsk: the e1000 image's objects with the virtio drivers instead.
PCBIOS_VIRTIO_OBJ := $(filter-out $(BUILD)/pcbios/drivers/net/e1000.o,$(PCBIOS_E1000_OBJ)) \
	$(PCBIOS_VIRTIO_SRC:%.c=$(BUILD)/pcbios/%.o)
PCBIOS_CFLAGS := $(FS_CFLAGS) $(FS_FLAGS_i386)
FLOPPY_SECTORS := 2880
SECTOR_PATCH_OFFSET := 508

.PHONY: pcbios
pcbios: $(BIN)/pcbios/hello.dsk $(BIN)/pcbios/e1000.dsk $(BIN)/pcbios/virtio-net.dsk \
	$(BUILD)/pcbios/test-big.dsk

$(BUILD)/pcbios/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $< (pcbios)"
	@$(CC) $(PCBIOS_CFLAGS) -c $< -o $@

$(BUILD)/pcbios/%.o: %.asm
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f elf32 -Werror -o $@ $<

$(BUILD)/pcbios/floppy_boot.bin: rom/pcbios/floppy_boot.asm
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f bin -Werror -o $@ $<

$(BUILD)/pcbios/filler.o:
	@mkdir -p $(@D)
	@cd $(@D) && seq 100000 133332 >filler.txt && \
		objcopy -I binary -O elf32-i386 -B i386 \
		--rename-section .data=.rodata.filler,alloc,load,readonly,data,contents \
		filler.txt filler.o

# The relocation table tool (util/mkrelocs.c), a host program.
MKRELOCS := $(BUILD)/util/mkrelocs

$(MKRELOCS): util/mkrelocs.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# Link $@ (an ELF) from the objects of $^: first with --emit-relocs, for
# the places that moving the body changes (util/mkrelocs.c); then for real,
# with that table linked in as section .reloc after all code and data, so
# no place moves (the relocation sections that --emit-relocs keeps are
# orphans to the link script, hence a separate link for them); and once
# more with --emit-relocs, which must give the same table.  Reports the
# footprint.
PCBIOS_LD = ld -m elf_i386 -T rom/pcbios/body.ld -z noexecstack --no-warn-rwx-segments
define pcbios_link
	@echo "  LD      $@"
	@$(PCBIOS_LD) --emit-relocs --orphan-handling=place -o $@.pass1 $(filter %.o,$^)
	@$(MKRELOCS) $@.pass1 $@.relocs
	@cd $(@D) && objcopy -I binary -O elf32-i386 -B i386 \
		--rename-section .data=.reloc,alloc,load,readonly,data,contents \
		$(@F).relocs $(@F).relocs.o
	@$(PCBIOS_LD) --orphan-handling=error -o $@ $(filter %.o,$^) $@.relocs.o
	@$(PCBIOS_LD) --emit-relocs --orphan-handling=place -o $@.pass2 $(filter %.o,$^) $@.relocs.o
	@$(MKRELOCS) $@.pass2 $@.relocs.check
	@cmp -s $@.relocs $@.relocs.check || \
		{ echo "pcbios: $@: the relocation table changed in the second link" >&2; exit 1; }
	@rm -f $@.pass1 $@.pass2 $@.relocs.check
	@echo "  RELOC   $(@F): $$(( $$(stat -c %s $@.relocs) / 4 - 2 )) places to patch when moving"
	@size -A -d $@ | awk -v name=$(@F) '\
		$$1 == ".text16" || $$1 == ".text" { code += $$2 } \
		$$1 == ".rodata" { ro = $$2 } $$1 == ".data" { data = $$2 } \
		$$1 == ".reloc" { rel = $$2 } \
		$$1 == ".bss" { bss = $$2 } $$1 == ".stack" { stack = $$2 } \
		$$1 == ".heap" { heap = $$2 } \
		END { printf "  SIZE    %s: code %d, rodata %d, data %d, relocs %d, bss %d, stack %d, heap %d bytes\n", \
			name, code, ro, data, rel, bss, stack, heap }'
endef

$(BUILD)/pcbios/hello.elf: $(PCBIOS_HELLO_OBJ) rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

$(BUILD)/pcbios/e1000.elf: $(PCBIOS_E1000_OBJ) rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

$(BUILD)/pcbios/virtio-net.elf: $(PCBIOS_VIRTIO_OBJ) rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

$(BUILD)/pcbios/test-big.elf: $(PCBIOS_HELLO_OBJ) $(BUILD)/pcbios/filler.o rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

# The flat body, its last word set so that all its 32-bit words sum to 0.
$(BUILD)/pcbios/%.bin: $(BUILD)/pcbios/%.elf
	@objcopy -O binary $< $@.tmp
	@od -An -tu4 -v $@.tmp | awk '\
		{ for (i = 1; i <= NF; i++) s = (s + $$i) % 4294967296 } \
		END { v = (4294967296 - s) % 4294967296; \
			for (i = 0; i < 4; i++) { printf "\\%03o", v % 256; v = int(v / 256) } }' \
		>$@.sum
	@printf "$$(cat $@.sum)" | dd of=$@.tmp bs=1 seek=$$(( $$(stat -c %s $@.tmp) - 4 )) \
		conv=notrunc status=none
	@rm -f $@.sum
	@mv $@.tmp $@

# Boot sector with the body's sector count patched in (little-endian word),
# then the body, then zeros to the floppy's size.
define pcbios_disk
	@mkdir -p $(@D)
	@echo "  DSK     $@"
	@n=$$(( ($$(stat -c %s $(word 2,$^)) + 511) / 512 )); \
	if [ $$n -ge $(FLOPPY_SECTORS) ]; then echo "pcbios: body of $$n sectors does not fit a floppy" >&2; exit 1; fi; \
	cp $< $@.tmp && \
	printf "\\$$(printf %03o $$((n & 255)))\\$$(printf %03o $$((n >> 8)))" | \
		dd of=$@.tmp bs=1 seek=$(SECTOR_PATCH_OFFSET) conv=notrunc status=none && \
	cat $(word 2,$^) >>$@.tmp && \
	truncate -s $$(( $(FLOPPY_SECTORS) * 512 )) $@.tmp && \
	mv $@.tmp $@ && \
	echo "  SIZE    $@: body $$n sectors"
endef

$(BIN)/pcbios/hello.dsk: $(BUILD)/pcbios/floppy_boot.bin $(BUILD)/pcbios/hello.bin
	$(pcbios_disk)

$(BIN)/pcbios/e1000.dsk: $(BUILD)/pcbios/floppy_boot.bin $(BUILD)/pcbios/e1000.bin
	$(pcbios_disk)

$(BIN)/pcbios/virtio-net.dsk: $(BUILD)/pcbios/floppy_boot.bin $(BUILD)/pcbios/virtio-net.bin
	$(pcbios_disk)

$(BUILD)/pcbios/test-big.dsk: $(BUILD)/pcbios/floppy_boot.bin $(BUILD)/pcbios/test-big.bin
	$(pcbios_disk)

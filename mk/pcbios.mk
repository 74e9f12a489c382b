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
# The same bodies as PCI option ROMs (rom/pcbios/rom_prefix.asm + body,
# zero-padded to 512-byte blocks; the build sets the checksum byte):
#   bin/pcbios/e1000.rom        8086:100E (QEMU's e1000, 82540EM)
#   bin/pcbios/virtio-net.rom   1AF4:1000 (virtio-net, transitional)
#   bin/pcbios/virtio-net-1041.rom  1AF4:1041 (virtio-net, modern only)
#   build/pcbios/e1000-int19.rom    test only: boots through INT 19h even on
#                                   a PnP BIOS (tests/qemu/t_pcbios_rom.sh)
#   build/pcbios/e1000-int19-ro.rom test only: the same, with init finding
#                                   its image read-only
#   build/pcbios/virtio-net-int19-ro.rom  test only: virtio-net.rom so, a
#                                   second, different ROM behind that hook
# and a ROM image on a floppy behind rom/pcbios/floppyload.asm:
#   bin/pcbios/e1000-floppyload.dsk = floppyload.bin + e1000.rom, nothing else
# build/pcbios/test-big.dsk is the same body with 230 KB of numbered lines
# linked in, so the boot sector's multi-track reads and its splitting at
# 64 KiB DMA boundaries are exercised (tests/qemu/t_pcbios_boot.sh).

PCBIOS_SRC := $(CORE_SRC) core/string.c rom/pcbios/relocate.c rom/pcbios/reloc_table.c rom/pcbios/settings_block.c rom/pcbios/main.c rom/pcbios/prefix.c \
	rom/pcbios/console.c rom/pcbios/serial.c rom/pcbios/clock.c rom/pcbios/e820.c
# The network images: the boot sequence, drivers/io.h, PCI and the stack.
PCBIOS_NET_SRC := rom/pcbios/boot.c rom/pcbios/start.c rom/pcbios/long_mode.c $(LOADERS_SRC) \
	rom/pcbios/io.c rom/pcbios/pci_config.c \
	rom/pcbios/smbios.c drivers/bus/pci.c $(NET_SRC)
# entry16.o first: the body's first byte is its real-mode entry.
PCBIOS_OBJ := $(BUILD)/pcbios/rom/pcbios/entry16.o $(BUILD)/pcbios/rom/pcbios/exit16.o \
	$(PCBIOS_SRC:%.c=$(BUILD)/pcbios/%.o)
PCBIOS_HELLO_OBJ := $(PCBIOS_OBJ) $(BUILD)/pcbios/rom/pcbios/boot_hello.o
PCBIOS_E1000_OBJ := $(PCBIOS_OBJ) \
	$(PCBIOS_NET_SRC:%.c=$(BUILD)/pcbios/%.o) $(BUILD)/pcbios/drivers/net/e1000.o \
	$(BUILD)/pcbios/rom/pcbios/start32.o $(BUILD)/pcbios/rom/pcbios/start64.o
PCBIOS_VIRTIO_SRC := drivers/virtio/virtio.c drivers/virtio/virtqueue.c drivers/virtio/virtio_pci_legacy.c \
	drivers/virtio/virtio_pci_modern.c drivers/net/virtio_net.c
# virtio-net.dsk: the e1000 image's objects with the virtio drivers instead.
PCBIOS_VIRTIO_OBJ := $(filter-out $(BUILD)/pcbios/drivers/net/e1000.o,$(PCBIOS_E1000_OBJ)) \
	$(PCBIOS_VIRTIO_SRC:%.c=$(BUILD)/pcbios/%.o)
# Size: no SSE here, so 4-byte stack alignment does (the i386 ABI's 16
# bytes serve SSE spills); the first three arguments in EAX, EDX, ECX
# (-mregparm=3), except across the boundary with assembly and loaded
# images, which rom/pcbios/asm_call.h marks; one section per function and
# object, so the link drops what an image never calls (--gc-sections in
# PCBIOS_LD).  No libgcc is linked: GCC would call its helpers with the
# register convention too, and they expect the stack one.
PCBIOS_CFLAGS := $(FS_CFLAGS) $(FS_FLAGS_i386) -mpreferred-stack-boundary=2 -mregparm=3 \
	-ffunction-sections -fdata-sections
FLOPPY_SECTORS := 2880
SECTOR_PATCH_OFFSET := 508

.PHONY: pcbios
pcbios: $(BIN)/pcbios/hello.dsk $(BIN)/pcbios/e1000.dsk $(BIN)/pcbios/virtio-net.dsk \
	$(BUILD)/pcbios/test-big.dsk $(BIN)/pcbios/e1000.rom $(BIN)/pcbios/virtio-net.rom \
	$(BIN)/pcbios/virtio-net-1041.rom $(BUILD)/pcbios/e1000-int19.rom $(BUILD)/pcbios/e1000-int19-ro.rom \
	$(BUILD)/pcbios/virtio-net-int19-ro.rom \
	$(BIN)/pcbios/floppyload.bin $(BIN)/pcbios/e1000-floppyload.dsk

# Every object depends on this file: PCBIOS_CFLAGS sets the calling
# convention, and objects built with another one must not be linked
# together.
$(BUILD)/pcbios/%.o: %.c mk/pcbios.mk
	@mkdir -p $(@D)
	@echo "  CC      $< (pcbios)"
	@$(CC) $(PCBIOS_CFLAGS) -c $< -o $@

$(BUILD)/pcbios/%.o: %.asm rom/pcbios/prefix_info.inc
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f elf32 -Werror -I rom/pcbios/ -o $@ $<

$(BUILD)/pcbios/floppy_boot.bin: rom/pcbios/floppy_boot.asm rom/pcbios/prefix_info.inc rom/pcbios/floppy_load.inc
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f bin -Werror -I rom/pcbios/ -o $@ $<

$(BUILD)/pcbios/filler.o:
	@mkdir -p $(@D)
	@cd $(@D) && seq 100000 133332 >filler.txt && \
		objcopy -I binary -O elf32-i386 -B i386 \
		--rename-section .data=.rodata.filler,alloc,load,readonly,data,contents \
		filler.txt filler.o

# The relocation table tool (util/mkrelocs.c), a host program.
MKRELOCS := $(BUILD)/util/mkrelocs

# It links the table's reader and writer (rom/pcbios/reloc_table.c).
$(MKRELOCS): util/mkrelocs.c rom/pcbios/reloc_table.c rom/pcbios/reloc_table.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -I. -o $@ util/mkrelocs.c rom/pcbios/reloc_table.c

# Link $@ (an ELF) from the objects of $^: first with --emit-relocs, for
# the places that moving the body changes (util/mkrelocs.c); then for real,
# with that table linked in as section .reloc after all code and data, so
# no place moves (the relocation sections that --emit-relocs keeps are
# orphans to the link script, hence a separate link for them); and once
# more with --emit-relocs, which must give the same table.  Reports the
# footprint.
PCBIOS_LD = ld -m elf_i386 -T rom/pcbios/body.ld -z noexecstack --no-warn-rwx-segments \
	--gc-sections
define pcbios_link
	@echo "  LD      $@"
	@$(PCBIOS_LD) --emit-relocs --orphan-handling=place -o $@.pass1 $(filter %.o,$^)
	@$(MKRELOCS) $@.pass1 $@.relocs >$@.relocs.count
	@cd $(@D) && objcopy -I binary -O elf32-i386 -B i386 \
		--rename-section .data=.reloc,alloc,load,readonly,data,contents \
		$(@F).relocs $(@F).relocs.o
	@$(PCBIOS_LD) --orphan-handling=error -o $@ $(filter %.o,$^) $@.relocs.o
	@$(PCBIOS_LD) --emit-relocs --orphan-handling=place -o $@.pass2 $(filter %.o,$^) $@.relocs.o
	@$(MKRELOCS) $@.pass2 $@.relocs.check >/dev/null
	@cmp -s $@.relocs $@.relocs.check || \
		{ echo "pcbios: $@: the relocation table changed in the second link" >&2; exit 1; }
	@echo "  RELOC   $(@F): $$(cat $@.relocs.count)"
	@rm -f $@.pass1 $@.pass2 $@.relocs.check $@.relocs.count
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

# Nothing refers to the filler; -u keeps --gc-sections from dropping it.
$(BUILD)/pcbios/test-big.elf: PCBIOS_LD += -u _binary_filler_txt_start
$(BUILD)/pcbios/test-big.elf: $(PCBIOS_HELLO_OBJ) $(BUILD)/pcbios/filler.o rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

# The flat body, its last word set so that all its 32-bit words sum to 0.
# The settings block (rom/pcbios/settings_block.c) is left out of the sum:
# romtool rewrites it after the build.
$(BUILD)/pcbios/%.bin: $(BUILD)/pcbios/%.elf
	@objcopy -O binary $< $@.tmp
	@block=$$(nm $< | awk '$$3 == "pcbios_settings_block" { print $$1 }'); \
	test -n "$$block" || { echo "pcbios: $< has no settings block" >&2; exit 1; }; \
	skip=$$(( 0x$$block - 0x8000 )); \
	{ od -An -tu4 -v -N $$skip $@.tmp; od -An -tu4 -v -j $$(( skip + 256 )) $@.tmp; } | awk '\
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

# Option ROMs: the prefix assembled around the body $< with the nasm
# options $(1) (PCI IDs, product name), then byte 5 set so that all bytes
# sum to 0 mod 256 (PCI Firmware Specification 3.0).  The length byte and
# the $PnP checksum come from the assembler.  A ROM's length byte counts at
# most 255 blocks: 128 KiB and more is refused (nasm also fails then).
PCBIOS_ROM_PREFIX := rom/pcbios/rom_prefix.asm rom/pcbios/rom_copy.asm rom/pcbios/prefix_info.inc
define pcbios_rom
	@mkdir -p $(@D)
	@echo "  ROM     $@"
	@nasm -f bin -Werror -I rom/pcbios/ -D BODY='"$<"' $(1) -o $@.tmp rom/pcbios/rom_prefix.asm
	@n=$$(stat -c %s $@.tmp); \
	if [ $$n -ge 131072 ] || [ $$((n % 512)) -ne 0 ]; then \
		echo "pcbios: $@: $$n bytes; an option ROM is a multiple of 512 below 128 KiB" >&2; \
		rm -f $@.tmp; exit 1; fi; \
	s=$$(od -An -tu1 -v $@.tmp | awk '{ for (i = 1; i <= NF; i++) s += $$i } END { print (256 - s % 256) % 256 }'); \
	printf "\\$$(printf %03o $$s)" | dd of=$@.tmp bs=1 seek=5 conv=notrunc status=none && \
	mv $@.tmp $@ && \
	echo "  SIZE    $@: $$n bytes ($$((n / 512)) blocks of 512)"
endef

$(BIN)/pcbios/e1000.rom: $(BUILD)/pcbios/e1000.bin $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x8086 -D DEVICE_ID=0x100E -D PRODUCT='"netboot e1000"')

$(BIN)/pcbios/virtio-net.rom: $(BUILD)/pcbios/virtio-net.bin $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x1AF4 -D DEVICE_ID=0x1000 -D PRODUCT='"netboot virtio-net"')

$(BIN)/pcbios/virtio-net-1041.rom: $(BUILD)/pcbios/virtio-net.bin $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x1AF4 -D DEVICE_ID=0x1041 -D PRODUCT='"netboot virtio-net"')

$(BUILD)/pcbios/e1000-int19.rom: $(BUILD)/pcbios/e1000.bin $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x8086 -D DEVICE_ID=0x100E -D PRODUCT='"netboot e1000"' -D TEST_FORCE_INT19)

$(BUILD)/pcbios/e1000-int19-ro.rom: $(BUILD)/pcbios/e1000.bin $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x8086 -D DEVICE_ID=0x100E -D PRODUCT='"netboot e1000"' \
		-D TEST_FORCE_INT19 -D TEST_READ_ONLY)

$(BUILD)/pcbios/virtio-net-int19-ro.rom: $(BUILD)/pcbios/virtio-net.bin $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x1AF4 -D DEVICE_ID=0x1000 -D PRODUCT='"netboot virtio-net"' \
		-D TEST_FORCE_INT19 -D TEST_READ_ONLY)

$(BIN)/pcbios/floppyload.bin: rom/pcbios/floppyload.asm rom/pcbios/floppy_load.inc
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f bin -Werror -I rom/pcbios/ -o $@ $<

# The classic recipe, exactly: the loader sector, then the ROM.
$(BIN)/pcbios/e1000-floppyload.dsk: $(BIN)/pcbios/floppyload.bin $(BIN)/pcbios/e1000.rom
	@echo "  DSK     $@"
	@cat $^ >$@

# Compressed pcbios images: the e1000 body with its moving part stored as
# an LZMA1 stream (util/mklzma) that rom/pcbios/unpack.c, in the fixed
# real-mode part, expands before anything else runs
# (rom/pcbios/README.md, "Compressed images"):
#   bin/pcbios/e1000.lzrom   option ROM for 8086:100E, as e1000.rom
#   bin/pcbios/e1000.lzpxe   PXE chainload image, as e1000.pxe
#   bin/pcbios/e1000.lzdsk   1.44 MB floppy, as e1000.dsk
#   bin/pcbios/e1000-floppyload.lzdsk   floppyload.bin + e1000.lzrom
# The prefixes are the uncompressed images' own; they only move bytes.
# How it is built:
#   1. the body is linked again (build/pcbios/e1000-lz.elf for the ROM and
#      the floppy, without the PXE code; e1000-lzpxe.elf with it) with
#      entry16.asm assembled with -D UNPACK, with unpack.c, core/lzma.c and
#      core/call_filter.c compiled into build/pcbios-unpack/ (body.ld puts
#      them into .text16) and with the moving part at PCBIOS_LZ_BASE;
#   2. its flat image gets the .sum word as an uncompressed body does
#      (mk/pcbios.mk), so relocate.c's check covers the expanded bytes;
#   3. build/pcbios/e1000.lzbody (e1000-pxe.lzbody) = that image's .text16,
#      then the stream of its bytes [__move_start, __load_end), with the x86
#      call filter when mklzma finds that smaller (core/lzma.h: the stream
#      is then wrapped); the build refuses a body whose 512-byte blocks,
#      loaded at 0x8000, would reach PCBIOS_LZ_BASE.
# Uses mk/pcbios.mk's rules and MKLZMA (mk/util.mk).

PCBIOS_LZ_BASE := 0x14000
PCBIOS_UNPACK_OBJ := $(BUILD)/pcbios-unpack/rom/pcbios/unpack.o $(BUILD)/pcbios-unpack/core/lzma.o \
	$(BUILD)/pcbios-unpack/core/call_filter.o
# Two bodies: e1000-lz for the ROM and the floppy, which no PXE ROM
# starts, so they carry rom/pcbios/pxe_absent.c instead of the PXE code;
# e1000-lzpxe for e1000.lzpxe, with it.
PCBIOS_E1000_LZ_COMMON := $(BUILD)/pcbios/entry16-lz.o \
	$(filter-out $(BUILD)/pcbios/rom/pcbios/entry16.o,$(PCBIOS_E1000_OBJ)) $(PCBIOS_UNPACK_OBJ)
PCBIOS_E1000_LZ_OBJ := $(PCBIOS_E1000_LZ_COMMON) $(BUILD)/pcbios/rom/pcbios/boot_nic_pci.o \
	$(BUILD)/pcbios/rom/pcbios/pxe_absent.o
PCBIOS_E1000_LZPXE_OBJ := $(PCBIOS_E1000_LZ_COMMON) $(PCBIOS_PXE_OBJ)
PCBIOS_LZ_IMAGES := $(BIN)/pcbios/e1000.lzrom $(BIN)/pcbios/e1000.lzpxe $(BIN)/pcbios/e1000.lzdsk \
	$(BIN)/pcbios/e1000-floppyload.lzdsk

.PHONY: pcbios-lz
pcbios-lz: $(PCBIOS_LZ_IMAGES)
pcbios: pcbios-lz

# The decompressor runs before .data and .bss exist: it may have neither.
# mk/pcbios.mk holds PCBIOS_CFLAGS (the calling convention, too).
$(BUILD)/pcbios-unpack/%.o: %.c mk/pcbios.mk
	@mkdir -p $(@D)
	@echo "  CC      $< (pcbios, fixed part)"
	@$(CC) $(PCBIOS_CFLAGS) -c $< -o $@
	@size -A $@ | awk '$$1 ~ /^\.(data|bss)/ && $$2 > 0 { print "pcbios: $@ has " $$1 >"/dev/stderr"; bad = 1 } \
		END { exit bad }' || { rm -f $@; exit 1; }

$(BUILD)/pcbios/entry16-lz.o: rom/pcbios/entry16.asm
	@mkdir -p $(@D)
	@echo "  NASM    $< (-D UNPACK)"
	@nasm -f elf32 -Werror -D UNPACK -I rom/pcbios/ -o $@ $<

$(BUILD)/pcbios/e1000-lz.elf $(BUILD)/pcbios/e1000-lzpxe.elf: \
	PCBIOS_LD += --defsym=LZ_MOVE_BASE=$(PCBIOS_LZ_BASE)
$(BUILD)/pcbios/e1000-lz.elf: $(PCBIOS_E1000_LZ_OBJ) rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)
$(BUILD)/pcbios/e1000-lzpxe.elf: $(PCBIOS_E1000_LZPXE_OBJ) rom/pcbios/body.ld $(MKRELOCS)
	$(pcbios_link)

# .text16 of the flat image $<, then the LZMA stream of its moving part.
define pcbios_lzbody
	@echo "  LZMA    $@"
	@sym() { nm $(word 2,$^) | awk -v s=$$1 '$$3 == s { print "0x" $$1 }'; }; \
	fixed=$$(( $$(sym __text16_end) - 0x8000 )) move=$$(( $$(sym __move_start) - 0x8000 )); \
	head -c $$fixed $< >$@.tmp && tail -c +$$(( move + 1 )) $< >$@.move && \
	$(MKLZMA) $@.move $@.lz >/dev/null && cat $@.lz >>$@.tmp && \
	n=$$(stat -c %s $@.tmp) && \
	if [ $$(( (n + 511) / 512 * 512 )) -gt $$move ]; then \
		echo "pcbios: $@: $$n bytes reach the moving part at 0x8000 + $$move; raise PCBIOS_LZ_BASE" >&2; \
		exit 1; fi; \
	mv $@.tmp $@ && rm -f $@.move $@.lz && \
	echo "  SIZE    $@: fixed part $$fixed + stream $$(( n - fixed )) = $$n bytes; expands to $$(( $$(stat -c %s $<) - move ))"
endef

$(BUILD)/pcbios/e1000.lzbody: $(BUILD)/pcbios/e1000-lz.bin $(BUILD)/pcbios/e1000-lz.elf $(MKLZMA)
	$(pcbios_lzbody)
$(BUILD)/pcbios/e1000-pxe.lzbody: $(BUILD)/pcbios/e1000-lzpxe.bin $(BUILD)/pcbios/e1000-lzpxe.elf $(MKLZMA)
	$(pcbios_lzbody)

$(BIN)/pcbios/e1000.lzrom: $(BUILD)/pcbios/e1000.lzbody $(PCBIOS_ROM_PREFIX)
	$(call pcbios_rom,-D VENDOR_ID=0x8086 -D DEVICE_ID=0x100E -D PRODUCT='"netboot e1000"')

$(BIN)/pcbios/e1000.lzdsk: $(BUILD)/pcbios/floppy_boot.bin $(BUILD)/pcbios/e1000.lzbody
	$(pcbios_disk)

$(BIN)/pcbios/e1000.lzpxe: $(BUILD)/pcbios/e1000-pxe.lzbody $(BUILD)/pcbios/e1000-lzpxe.elf rom/pcbios/pxe_prefix.asm \
		rom/pcbios/prefix_info.inc
	$(pcbios_pxe)

$(BIN)/pcbios/e1000-floppyload.lzdsk: $(BIN)/pcbios/floppyload.bin $(BIN)/pcbios/e1000.lzrom
	@echo "  DSK     $@"
	@cat $^ >$@

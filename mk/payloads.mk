# Self-verifying boot payloads for tests/qemu/t_pcbios_start.sh (test
# glue, never shipped): freestanding i386 C linked at 1 MiB by
# tests/payloads/elf.ld; the NBI one wrapped by tests/payloads/mkimage.py.
#   build/payloads/elf32.elf       plain ELF32
#   build/payloads/multiboot.elf   ELF32 with a multiboot header
#   build/payloads/nbi32.nbi       32-bit NBI (flag bit 31)
PAYLOAD_DIR := $(BUILD)/payloads
PAYLOAD_CFLAGS := $(FS_CFLAGS) $(FS_FLAGS_i386) -fno-pic -fno-stack-protector
PAYLOAD_COMMON := $(PAYLOAD_DIR)/common.o $(PAYLOAD_DIR)/data.o
PAYLOADS := $(PAYLOAD_DIR)/elf32.elf $(PAYLOAD_DIR)/multiboot.elf $(PAYLOAD_DIR)/nbi32.nbi

.PHONY: payloads
payloads: $(PAYLOADS)

$(PAYLOAD_DIR)/data.c: tests/payloads/mkdata.py
	@mkdir -p $(@D)
	@python3 $< $@

$(PAYLOAD_DIR)/%.o: $(PAYLOAD_DIR)/%.c
	@$(CC) $(PAYLOAD_CFLAGS) -c $< -o $@

$(PAYLOAD_DIR)/%.o: tests/payloads/%.c tests/payloads/payload.h
	@mkdir -p $(@D)
	@echo "  CC      $< (payload)"
	@$(CC) $(PAYLOAD_CFLAGS) -c $< -o $@

$(PAYLOAD_DIR)/crt0.o: tests/payloads/crt0.S
	@mkdir -p $(@D)
	@$(CC) -m32 -c $< -o $@

define payload_link
	@echo "  LD      $@"
	@ld -m elf_i386 -T tests/payloads/elf.ld -e $(1) -z noexecstack \
		-z noseparate-code --no-warn-rwx-segments -o $@ $(filter %.o,$^)
endef

$(PAYLOAD_DIR)/elf32.elf: $(PAYLOAD_DIR)/crt0.o $(PAYLOAD_DIR)/elf.o $(PAYLOAD_COMMON) tests/payloads/elf.ld
	$(call payload_link,_start)

$(PAYLOAD_DIR)/multiboot.elf: $(PAYLOAD_DIR)/crt0.o $(PAYLOAD_DIR)/multiboot.o $(PAYLOAD_COMMON) tests/payloads/elf.ld
	$(call payload_link,_start)

$(PAYLOAD_DIR)/nbi32.elf: $(PAYLOAD_DIR)/nbi.o $(PAYLOAD_COMMON) tests/payloads/elf.ld
	$(call payload_link,nbi_main)

$(PAYLOAD_DIR)/nbi32.nbi: $(PAYLOAD_DIR)/nbi32.elf tests/payloads/mkimage.py
	@echo "  NBI     $@"
	@python3 tests/payloads/mkimage.py nbi $< $@

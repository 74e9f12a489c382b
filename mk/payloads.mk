# Self-verifying boot payloads for tests/qemu/t_pcbios_start.sh (test
# glue, never shipped): freestanding i386 C linked at 1 MiB by
# tests/payloads/elf.ld; the NBI one wrapped by tests/payloads/mkimage.py.
#   build/payloads/elf32.elf       plain ELF32
#   build/payloads/multiboot.elf   ELF32 with a multiboot header
#   build/payloads/nbi32.nbi       32-bit NBI (flag bit 31)
#   build/payloads/elf64.elf       x86-64 ELF64 (tests/payloads/elf64.ld),
#                                  its objects in build/payloads/64/
#   build/payloads/nbi16.nbi       real-mode NBI from tests/payloads/nbi16.asm
#   build/payloads/nbi16-returns.nbi  the same with flag bit 8 (may return)
PAYLOAD_DIR := $(BUILD)/payloads
PAYLOAD_CFLAGS := $(FS_CFLAGS) $(FS_FLAGS_i386) -fno-pic -fno-stack-protector
PAYLOAD64_CFLAGS := $(FS_CFLAGS) $(FS_FLAGS_x86_64) -mcmodel=small -fno-pic -fno-stack-protector
PAYLOAD_COMMON := $(PAYLOAD_DIR)/common.o $(PAYLOAD_DIR)/data.o
PAYLOAD64_COMMON := $(PAYLOAD_DIR)/64/common.o $(PAYLOAD_DIR)/64/data.o
PAYLOADS := $(PAYLOAD_DIR)/elf32.elf $(PAYLOAD_DIR)/multiboot.elf $(PAYLOAD_DIR)/nbi32.nbi \
	$(PAYLOAD_DIR)/elf64.elf $(PAYLOAD_DIR)/nbi16.nbi $(PAYLOAD_DIR)/nbi16-returns.nbi

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

# build/payloads/hello.elf: the boot file `make run` serves
# (tests/qemu/demo.sh), a plain ELF32 that greets and exits QEMU.
payloads: $(PAYLOAD_DIR)/hello.elf

$(PAYLOAD_DIR)/hello.elf: $(PAYLOAD_DIR)/crt0.o $(PAYLOAD_DIR)/hello.o tests/payloads/elf.ld
	$(call payload_link,_start)

$(PAYLOAD_DIR)/64/data.o: $(PAYLOAD_DIR)/data.c
	@mkdir -p $(@D)
	@$(CC) $(PAYLOAD64_CFLAGS) -c $< -o $@

$(PAYLOAD_DIR)/64/%.o: tests/payloads/%.c tests/payloads/payload.h
	@mkdir -p $(@D)
	@echo "  CC      $< (payload, x86-64)"
	@$(CC) $(PAYLOAD64_CFLAGS) -c $< -o $@

$(PAYLOAD_DIR)/64/crt0_64.o: tests/payloads/crt0_64.S
	@mkdir -p $(@D)
	@$(CC) -m64 -c $< -o $@

$(PAYLOAD_DIR)/elf64.elf: $(PAYLOAD_DIR)/64/crt0_64.o $(PAYLOAD_DIR)/64/elf64.o $(PAYLOAD64_COMMON) \
		tests/payloads/elf64.ld
	@echo "  LD      $@"
	@ld -m elf_x86_64 -T tests/payloads/elf64.ld -z max-page-size=4096 -z noexecstack \
		-z noseparate-code --no-warn-rwx-segments -o $@ $(filter %.o,$^)

$(PAYLOAD_DIR)/nbi16.bin: tests/payloads/nbi16.asm
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f bin -Werror -o $@ $<

$(PAYLOAD_DIR)/nbi16.nbi: $(PAYLOAD_DIR)/nbi16.bin tests/payloads/mkimage.py
	@echo "  NBI     $@"
	@python3 tests/payloads/mkimage.py nbi16 $< $@

$(PAYLOAD_DIR)/nbi16-returns.nbi: $(PAYLOAD_DIR)/nbi16.bin tests/payloads/mkimage.py
	@echo "  NBI     $@"
	@python3 tests/payloads/mkimage.py nbi16 --returns $< $@

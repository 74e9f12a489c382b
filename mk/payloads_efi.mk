# The self-verifying UEFI test payloads (test glue, never shipped): x86-64
# EFI applications built with gnu-efi (Debian package gnu-efi) from
# tests/payloads/efi_payload.c and random data of tests/payloads/efi_mkblob.py,
# for tests/qemu/t_efi_harness.sh and the UEFI client's tests.
#   build/payloads/efi/payload.efi      64 KiB of data to check
#   build/payloads/efi/payload-big.efi  4 MiB of data (rate of a transfer)
# Without gnu-efi, `make payloads` leaves them out and the tests SKIP.
EFI_PAYLOAD_DIR := $(PAYLOAD_DIR)/efi
GNUEFI_INC := /usr/include/efi
GNUEFI_LIB := /usr/lib
GNUEFI_FILES := $(GNUEFI_INC)/efi.h $(GNUEFI_LIB)/crt0-efi-x86_64.o \
	$(GNUEFI_LIB)/elf_x86_64_efi.lds $(GNUEFI_LIB)/libgnuefi.a
# gnu-efi's headers as system headers (they are not warning-clean), and
# its calling conventions: position-independent code it relocates
# itself (crt0, _relocate in libgnuefi), the firmware's 16-bit wchar_t,
# no red zone (interrupts use our stack), and firmware calls through
# function pointers declared with the Microsoft x64 ABI.
EFI_PAYLOAD_CFLAGS := $(CFLAGS_COMMON) -isystem $(GNUEFI_INC) -isystem $(GNUEFI_INC)/x86_64 \
	-DGNU_EFI_USE_MS_ABI -ffreestanding -fno-builtin -fpic -fshort-wchar -mno-red-zone \
	-maccumulate-outgoing-args -fno-stack-protector -fno-stack-check -Os

ifeq ($(words $(wildcard $(GNUEFI_FILES))),4)
EFI_PAYLOADS := $(EFI_PAYLOAD_DIR)/payload.efi $(EFI_PAYLOAD_DIR)/payload-big.efi
payloads: $(EFI_PAYLOADS)
endif

$(EFI_PAYLOAD_DIR)/efi_payload.o: tests/payloads/efi_payload.c tests/payloads/payload.h
	@mkdir -p $(@D)
	@echo "  CC      $< (EFI payload)"
	@$(CC) $(EFI_PAYLOAD_CFLAGS) -c $< -o $@

# The firmware's CRC-32 (zlib's; efi_mkblob.py computes the expected value
# with Python's zlib, so a wrong one cannot pass).
$(EFI_PAYLOAD_DIR)/crc32.o: core/crc32.c core/crc32.h
	@mkdir -p $(@D)
	@$(CC) $(EFI_PAYLOAD_CFLAGS) -c $< -o $@

# SIZE and SEED of each payload's data.
EFI_BLOB_payload := 65536 1
EFI_BLOB_payload-big := 4194304 2

$(EFI_PAYLOAD_DIR)/blob-%.S: tests/payloads/efi_mkblob.py
	@mkdir -p $(@D)
	@python3 $< $(EFI_BLOB_$*) $@

$(EFI_PAYLOAD_DIR)/blob-%.o: $(EFI_PAYLOAD_DIR)/blob-%.S
	@$(CC) -c $< -o $@

# The ELF shared object gnu-efi's linker script lays out from address 0,
# then its sections copied into a PE32+ application (subsystem 10).
$(EFI_PAYLOAD_DIR)/%.so: $(EFI_PAYLOAD_DIR)/efi_payload.o $(EFI_PAYLOAD_DIR)/crc32.o \
		$(EFI_PAYLOAD_DIR)/blob-%.o
	@echo "  LD      $@"
	@ld -nostdlib -znocombreloc -shared -Bsymbolic -T $(GNUEFI_LIB)/elf_x86_64_efi.lds \
		-o $@ $(GNUEFI_LIB)/crt0-efi-x86_64.o $^ -L$(GNUEFI_LIB) -lgnuefi

$(EFI_PAYLOAD_DIR)/%.efi: $(EFI_PAYLOAD_DIR)/%.so
	@echo "  EFI     $@"
	@objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j '.rel.*' -j '.rela.*' -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

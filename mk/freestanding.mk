# core/, net/ and loaders/ as the bare-metal platforms will take them:
# freestanding, no C library, linked relocatably into one object per
# architecture.
# tests/build/t_freestanding.sh checks that only the platform hooks of
# core/platform.h are left unresolved, and reports the code size.

FS_SRC := $(CORE_SRC) core/string.c $(NET_SRC) $(LOADERS_SRC)
FS_CFLAGS := $(CFLAGS_COMMON) -ffreestanding -nostdlib -fno-builtin -Os \
	-fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables -MMD -MP
FS_ARCHES := i386 x86_64
FS_FLAGS_i386 := -m32 -march=i386
FS_FLAGS_x86_64 := -m64 -mno-red-zone -mno-sse -mno-mmx
FS_LDEMU_i386 := elf_i386
FS_LDEMU_x86_64 := elf_x86_64

.PHONY: freestanding
freestanding: $(foreach a,$(FS_ARCHES),$(BUILD)/fs-$(a)/netstack.o)

define fs_rules
$(BUILD)/fs-$(1)/%.o: %.c
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1), freestanding)"
	@$(CC) $(FS_CFLAGS) $(FS_FLAGS_$(1)) -c $$< -o $$@

$(BUILD)/fs-$(1)/netstack.o: $(FS_SRC:%.c=$(BUILD)/fs-$(1)/%.o)
	@echo "  LD      $$@"
	@ld -m $(FS_LDEMU_$(1)) -r -o $$@ $$^
endef
$(foreach a,$(FS_ARCHES),$(eval $(call fs_rules,$(a))))

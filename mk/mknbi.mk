# util/mknbi: mknbi-linux, mkelf-linux, mknbi-rom and nbiinfo, one host
# program (build/util/mknbi) with its entry names as symlinks beside it.
# The real-mode first stages are assembled with nasm and compiled in as
# byte arrays (xxd -i).

MKNBI := $(BUILD)/util/mknbi
MKNBI_NAMES := $(addprefix $(BUILD)/util/,mknbi-linux mkelf-linux mknbi-rom nbiinfo)
MKNBI_SRC := util/mknbi/main.c util/mknbi/help.c util/mknbi/util.c \
	util/mknbi/kernel.c util/mknbi/linux.c util/mknbi/rom.c \
	util/mknbi/nbiinfo.c util/mknbi/write_nbi.c util/mknbi/write_elf.c
MKNBI_BLOBS := first_linux first_linux_elf
MKNBI_OBJ := $(MKNBI_SRC:%.c=$(BUILD)/mknbi/%.o) \
	$(MKNBI_BLOBS:%=$(BUILD)/mknbi/blob/%.o)

.PHONY: mknbi
all: mknbi
mknbi: $(MKNBI) $(MKNBI_NAMES)

$(BUILD)/mknbi/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(CC) $(CFLAGS_COMMON) -O2 -MMD -MP -c $< -o $@

$(BUILD)/mknbi/blob/%.bin: util/mknbi/%.asm
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@nasm -f bin -o $@ $<

$(BUILD)/mknbi/blob/%.c: $(BUILD)/mknbi/blob/%.bin
	@{ echo '#include "util/mknbi/mknbi.h"'; \
	  echo 'const unsigned char $*_bin[] = {'; xxd -i < $<; echo '};'; \
	  echo 'const unsigned int $*_bin_len = sizeof($*_bin);'; } > $@

$(BUILD)/mknbi/blob/%.o: $(BUILD)/mknbi/blob/%.c
	@$(CC) $(CFLAGS_COMMON) -O2 -c $< -o $@

$(MKNBI): $(MKNBI_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) -o $@ $^

$(MKNBI_NAMES): $(MKNBI)
	@ln -sf mknbi $@

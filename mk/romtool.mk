# util/romtool: inspect and finish x86 option ROMs, edit the settings block
# of any image (a host tool).  core/settings.c is built for the host too,
# so tool and firmware share one definition of the block.

ROMTOOL := $(BUILD)/util/romtool
ROMTOOL_SRC := util/romtool.c util/romtool_image.c util/romtool_structs.c \
	util/romtool_info.c util/romtool_settings.c util/romtool_checksum.c \
	util/romtool_make.c util/romtool_set.c core/settings.c core/crc32.c
ROMTOOL_OBJ := $(ROMTOOL_SRC:%.c=$(BUILD)/romtool/%.o)

.PHONY: romtool
romtool: $(ROMTOOL)

$(BUILD)/romtool/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(CC) $(CFLAGS_COMMON) -O2 -MMD -MP -c $< -o $@

$(ROMTOOL): $(ROMTOOL_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) -o $@ $^

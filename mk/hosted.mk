# The hosted platform: bin/hosted/netboot, a Linux program.

HOSTED_SRC := $(CORE_SRC) $(NET_SRC) rom/hosted/main.c rom/hosted/platform.c \
	rom/hosted/file_sink.c drivers/hosted/tap.c drivers/hosted/packet.c \
	drivers/hosted/hostif.c
HOSTED_OBJ := $(HOSTED_SRC:%.c=$(BUILD)/hosted/%.o)
HOSTED_CFLAGS := $(CFLAGS_COMMON) -O2 -g -MMD -MP

.PHONY: hosted
hosted: $(BIN)/hosted/netboot

$(BUILD)/hosted/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(HOSTED_CFLAGS) -c $< -o $@

$(BIN)/hosted/netboot: $(HOSTED_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) -o $@ $^

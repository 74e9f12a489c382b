# Unit tests: the same core/ and net/ sources, built for the host with
# AddressSanitizer and UndefinedBehaviorSanitizer, against a fake NIC and a
# fake clock (tests/unit/fake_*.c).  One program per tests/unit/test_*.c.

UNIT_CFLAGS := $(CFLAGS_COMMON) -O1 -g -MMD -MP -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_SUPPORT := tests/unit/harness.c tests/unit/fake_platform.c tests/unit/fake_nic.c \
	tests/unit/fake_sink.c tests/unit/dhcp_msg.c tests/unit/stack_frames.c tests/unit/tftp_server.c tests/unit/fake_memory.c
UNIT_LIB_OBJ := $(addprefix $(BUILD)/unit/,$(CORE_SRC:.c=.o) $(NET_SRC:.c=.o) $(LOADERS_SRC:.c=.o) $(UNIT_SUPPORT:.c=.o))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/test_*.c))

.PHONY: unit-tests
unit-tests: $(UNIT_TESTS)

$(BUILD)/unit/%.o: %.c
	@mkdir -p $(@D)
	@$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(BUILD)/tests/unit/test_%: $(BUILD)/unit/tests/unit/test_%.o $(UNIT_LIB_OBJ)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(UNIT_CFLAGS) -o $@ $^ $(UNIT_LIBS_$(@F))

# test_lzma also links the decoder, and liblzma (tests/unit/lzma_streams.c)
# to make its streams.
$(BUILD)/tests/unit/test_lzma: $(BUILD)/unit/core/lzma.o $(BUILD)/unit/tests/unit/lzma_streams.o
UNIT_LIBS_test_lzma := -llzma

# test_reloc_table links the pcbios relocation table's reader and writer.
$(BUILD)/tests/unit/test_reloc_table: $(BUILD)/unit/rom/pcbios/reloc_table.o

# test_call_filter checks core/call_filter.c alone and in wrapped streams.
$(BUILD)/tests/unit/test_call_filter: $(BUILD)/unit/core/call_filter.o $(BUILD)/unit/core/lzma.o \
	$(BUILD)/unit/tests/unit/lzma_streams.o
UNIT_LIBS_test_call_filter := -llzma

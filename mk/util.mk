# Host tools of util/ that no platform pulls in by itself, and the
# freestanding i386 build of what they feed.
#   $(BUILD)/util/mklzma   compresses a boot image for core/lzma.c
#                          (util/mklzma.c, with liblzma; links core/lzma.c
#                          and core/call_filter.c to check every stream it
#                          writes)
# `make util` builds them and reports the i386 -Os code size of the
# decoder, core/lzma.c, as the bare-metal prefix will link it.

MKLZMA := $(BUILD)/util/mklzma

.PHONY: util
util: $(MKLZMA) $(BUILD)/fs-i386/core/lzma.size

$(BUILD)/fs-i386/core/lzma.size: $(BUILD)/fs-i386/core/lzma.o
	@size -A -d $< | awk '$$1 == ".text" { \
		printf "  SIZE    core/lzma.o (i386 -Os): code %d bytes\n", $$2 }' | tee $@

$(MKLZMA): util/mklzma.c core/lzma.c core/lzma.h core/errors.h core/call_filter.c core/call_filter.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(CC) $(CFLAGS_COMMON) -O2 -o $@ util/mklzma.c core/lzma.c core/call_filter.c -llzma

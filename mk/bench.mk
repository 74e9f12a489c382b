# `make bench`: our client against Debian's iPXE in QEMU, same runs for
# both (tests/bench/bench.sh); figures and ratios to stdout, Markdown and
# a PNG chart into build/bench/.  Not part of `make check`: it reports,
# it asserts nothing.  BENCH_RUNS (default 3) runs per client and cell.
#   (bin/hosted/netboot measures the TFTP limit of the lab setups.)
#   build/bench/payload.elf  the multiboot boot file both clients fetch
#                            (tests/bench/payload.c)
BENCH_DIR := $(BUILD)/bench

.PHONY: bench deps-bench
deps-bench:
	@sh mk/deps.sh bench

bench: deps-bench hosted pcbios pxe $(BENCH_DIR)/payload.elf
	@bash tests/bench/bench.sh

$(BENCH_DIR)/payload.o: tests/bench/payload.c tests/payloads/payload.h
	@mkdir -p $(@D)
	@echo "  CC      $< (bench payload)"
	@$(CC) $(PAYLOAD_CFLAGS) -c $< -o $@

$(BENCH_DIR)/payload.elf: $(PAYLOAD_DIR)/crt0.o $(BENCH_DIR)/payload.o tests/payloads/elf.ld
	$(call payload_link,_start)

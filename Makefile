# Network boot firmware: top-level build.
#   make          build everything that exists into bin/
#   make check    build and run every test; ends with "N passed, N failed"
#   make run      the README's demo: a PC boots from the network in QEMU
#   make run-hosted  the hosted client boots from dnsmasq in namespaces
# Targets compile only the sources they need; objects go to build/.

BUILD := build
BIN := bin
CC ?= cc

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers
CFLAGS_COMMON := -std=c11 -I. $(WARN)

# The portable code every platform links.  core/string.c is left out here:
# hosted programs take those functions from the C library.
CORE_SRC := core/checksum.c core/console.c core/crc32.c core/errors.c \
	core/format.c core/heap.c core/random.c core/settings.c core/strutil.c
NET_SRC := net/arp.c net/boot_settings.c net/dhcp.c net/dhcp_lease.c net/dhcp_options.c \
	net/dhcp_request.c net/dhcp_static.c net/ethernet.c net/icmp.c net/ipv4.c net/netboot.c net/netdev.c \
	net/tftp.c net/tftp_packet.c net/udp.c
LOADERS_SRC := loaders/elf.c loaders/image.c loaders/nbi.c loaders/placement.c

.PHONY: all check run run-hosted clean deps-build deps-check deps-run deps-hosted
all: deps-build hosted pcbios pxe romtool util sizes

deps-build:
	@sh mk/deps.sh build
deps-check:
	@sh mk/deps.sh check
deps-run:
	@sh mk/deps.sh run
deps-hosted:
	@sh mk/deps.sh hosted

include mk/hosted.mk
include mk/unit.mk
include mk/freestanding.mk
include mk/pcbios.mk
include mk/pcbios_pxe.mk
include mk/payloads.mk
include mk/payloads_efi.mk
include mk/romtool.mk
include mk/util.mk
include mk/mknbi.mk
include mk/pcbios_lz.mk
include mk/efi.mk
include mk/sizes.mk
include mk/bench.mk

check: deps-check all unit-tests freestanding payloads
	@sh tests/run.sh

run: deps-run $(BIN)/pcbios/e1000.dsk $(PAYLOAD_DIR)/hello.elf
	@bash tests/qemu/demo.sh

run-hosted: deps-hosted hosted
	@bash tests/lab/demo.sh

# Objects of the pattern chains are kept, so a second make does nothing.
.SECONDARY:

clean:
	rm -rf $(BUILD) $(BIN)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

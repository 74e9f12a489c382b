#!/bin/sh
# Install the Debian packages a make target needs, once, and say clearly what
# is missing when we cannot install it ourselves.
#   mk/deps.sh build   compilers and binutils for `make`
#   mk/deps.sh check   everything `make check` uses (lab servers included)
#   mk/deps.sh run     what `make run` uses (QEMU)
#   mk/deps.sh hosted  what `make run-hosted` uses (the lab's servers)
#   mk/deps.sh bench   what `make bench` uses (QEMU, the lab, iPXE, gnuplot)
set -eu

# gnu-efi: headers, crt0 and libgnuefi of the UEFI client (mk/efi.mk);
# mtools: its FAT image for a USB stick (no loop mounts, no root).
build="gcc make binutils libc6-dev nasm liblzma-dev gnu-efi mtools"
# python3 runs tests/lab/impair.py where the kernel has no netem.
lab="iproute2 dnsmasq-base isc-dhcp-server atftpd ethtool python3"
# qemu-system-i386 and qemu-system-x86_64 boot the pcbios images (tests/qemu).
qemu="qemu-system-x86"
# ovmf: the UEFI firmware the tests/qemu/t_efi_*.sh tests boot.
ovmf="ovmf"
# ipxe-qemu: Debian's iPXE option ROMs, inputs of tests/build/t_romtool.sh.
roms="ipxe-qemu"
# Debian's kernel and a static busybox: tests/lab/t_kernel.sh boots them.
kernel="linux-image-amd64 busybox-static"
# make bench: ipxe has Debian's undionly.kpxe and ipxe.efi (size figures);
# gnuplot-nox draws build/bench/bench.png.
bench="ipxe gnuplot-nox"
case "${1:-build}" in
  build) want="$build" ;;
  check) want="$build $lab $qemu $ovmf $roms $kernel" ;;
  run)   want="$build $qemu" ;;
  hosted) want="$build $lab" ;;
  bench) want="$build $lab $qemu $roms $kernel $bench" ;;
  *) echo "usage: $0 build|check|run|hosted|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "deps: missing Debian packages:$missing" >&2
  echo "deps: run as root, or install them with: sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null

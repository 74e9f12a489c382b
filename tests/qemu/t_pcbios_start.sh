#!/bin/bash
# Starting fetched images with bin/pcbios/e1000.dsk in QEMU (i386 and
# x86_64), served by QEMU's built-in DHCP and TFTP (slirp):
#   - the self-verifying payloads of tests/payloads (make payloads): a
#     plain ELF32, an ELF32 with a multiboot header, a 32-bit NBI image, an
#     x86-64 ELF64 (long mode) and a real-mode NBI image; each checks what
#     it was given and its own memory, prints "payload NAME: pass" on COM1
#     and exits QEMU with status 33; the 32-bit NBI and the ELF64 also
#     grown to 16 MiB (mkimage.py grow: a random segment at 2 MiB whose
#     CRC-32 the payload checks in place) and, with flag bit 8, both NBI
#     ones also in a form that returns 42, which the firmware reports
#     before it exits;
#   - the ELF64 on qemu-system-i386, whose CPU has no long mode: refused
#     with a message saying so, status 35;
#   - hostile files end with a message and status 35, never a hang: random
#     bytes, ELFs whose segment lands on the firmware (its real-mode part at
#     0x8000, and its moved body at the top of the 32 MiB of RAM), an ELF
#     beyond RAM (a segment at 0x7000000 with 32 MiB), an ELF cut short.
# INFO lines: QEMU start to payload entry, i.e. to the arrival of the last
# COM1 line before the jump or call into the image ("start: jumping",
# "start: multiboot, ...", "start: calling", "start: long mode, jumping"),
# stamped as it is read.
cd "$(dirname "$0")/../.." || exit
source tests/qemu/lib.sh
img=bin/pcbios/e1000.dsk
virtio_img=bin/pcbios/virtio-net.dsk
pay=build/payloads
limit=120

for tool in qemu-system-i386 qemu-system-x86_64 python3; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP pcbios_start: $tool is not installed (make deps-check says which package)"
    exit 0
  fi
done
for f in $img $virtio_img $pay/elf32.elf $pay/multiboot.elf $pay/nbi32.nbi $pay/elf64.elf \
  $pay/nbi16.nbi $pay/nbi16-returns.nbi; do
  if [ ! -f "$f" ]; then
    echo "FAIL pcbios_start: $f was not built (make pcbios payloads)"
    exit 0
  fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
cp $pay/elf32.elf $pay/multiboot.elf $pay/nbi32.nbi $pay/elf64.elf $pay/nbi16.nbi \
  $pay/nbi16-returns.nbi "$dir/tftp/"
head -c 65536 /dev/urandom >"$dir/tftp/random.bin"
python3 tests/payloads/mkimage.py grow $pay/nbi32.elf 0x200000 $(((16 << 20) - 16384)) \
  "$dir/big-nbi.elf" || exit
python3 tests/payloads/mkimage.py nbi "$dir/big-nbi.elf" "$dir/tftp/big.nbi" || exit
python3 tests/payloads/mkimage.py grow $pay/elf32.elf 0x200000 $(((16 << 20) - 16384)) \
  "$dir/tftp/big32.elf" || exit
python3 tests/payloads/mkimage.py nbi --returns $pay/nbi32.elf "$dir/tftp/returns.nbi" || exit
python3 tests/payloads/mkimage.py grow $pay/elf64.elf 0x200000 $(((16 << 20) - 16384)) \
  "$dir/tftp/big64.elf" || exit
head -c 5000 $pay/elf32.elf >"$dir/tftp/truncated.elf"
python3 tests/payloads/mkimage.py elf 0x8000 4096 "$dir/tftp/on-text16.elf"
python3 tests/payloads/mkimage.py elf 0x1fd0000 4096 "$dir/tftp/on-body.elf"
python3 tests/payloads/mkimage.py elf 0x7000000 4096 "$dir/tftp/beyond-ram.elf"

# start_case NAME QEMU BOOTFILE [NIC]; NIC is a QEMU -device (default
# e1000; a virtio-net-pci one boots virtio-net.dsk); globals want_rc and
# want (basic regexps that COM1 must show).
start_case() {
  local name=$1 qemu=$2 file=$3 nic=${4:-e1000} log=$dir/$1.log start rc t_start disk=$img
  [ "${nic#virtio}" != "$nic" ] && disk=$virtio_img
  start=$(date +%s%N)
  # COM1 goes to stdout; each line is stamped (ns) as it arrives.
  timeout $limit "$qemu" -accel tcg -m 32 -drive "if=floppy,format=raw,readonly=on,file=$disk" \
    -netdev "user,id=n0,tftp=$dir/tftp,bootfile=$file" -device "$nic,netdev=n0,romfile=" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial stdio -display none -monitor none -no-reboot </dev/null |
    while IFS= read -r line; do printf '%s %s\n' "$(date +%s%N)" "${line%$'\r'}"; done >"$log.ts"
  rc=${PIPESTATUS[0]}
  cut -d' ' -f2- "$log.ts" >"$log"
  # The last line before the jump or call into the image.
  t_start=$(awk -v s="$start" '$2 == "start:" && ($3 == "jumping" || $3 == "multiboot," ||
    $3 == "calling" || ($3 == "long" && $4 == "mode,")) { printf "%d", ($1 - s) / 1000000; exit }' "$log.ts")
  qemu_verdict "$name" "$rc" "$want_rc" "$log" "${want[@]}" || return
  if [ "$want_rc" -eq 33 ] && [ -n "$t_start" ]; then
    echo "INFO $name: QEMU start to payload entry $t_start ms"
  fi
}

for q in i386 x86_64; do
  want_rc=33 want=("^e1000: stopped" "^start: ELF32, entry 00100000" "^payload elf32: pass")
  start_case pcbios_start_elf32_$q qemu-system-$q elf32.elf
  want_rc=33 want=("^start: ELF32 multiboot, entry" "^payload multiboot: pass")
  start_case pcbios_start_multiboot_$q qemu-system-$q multiboot.elf
  want_rc=33 want=("^start: NBI (32-bit protected mode), entry 00100000" "^payload nbi32: pass")
  start_case pcbios_start_nbi32_$q qemu-system-$q nbi32.nbi
  want_rc=33 want=("^start: NBI (real mode)" "^payload nbi16: pass")
  start_case pcbios_start_nbi16_$q qemu-system-$q nbi16.nbi
done

want_rc=33 want=("^start: ELF64, entry 00100000" "^start: long mode, jumping to 00100000"
  "^payload elf64: pass")
start_case pcbios_start_elf64_x86_64 qemu-system-x86_64 elf64.elf
want_rc=33 want=("^payload: checking 00ffc000 bytes at 00200000" "^payload elf64: pass")
start_case pcbios_start_elf64_16m_x86_64 qemu-system-x86_64 big64.elf
# qemu-system-i386's default CPU (qemu32) has no long mode (CPUID
# 80000001h EDX bit 29 clear).
want_rc=35 want=("^image: ELF for x86-64, but this CPU has no 64-bit long mode"
  "^boot: fetching elf64.elf failed: bad image" "^e1000: stopped")
start_case pcbios_start_elf64_no_long_mode_i386 qemu-system-i386 elf64.elf

# 16 MiB self-verifying ELF32 and NBI payloads through each NIC and
# transport, across both QEMU binaries.
want_rc=33 want=("^payload: checking 00ffc000 bytes at 00200000" "^payload nbi32: pass")
start_case pcbios_start_nbi32_16m_x86_64 qemu-system-x86_64 big.nbi
start_case pcbios_start_nbi32_16m_virtio_legacy_i386 qemu-system-i386 big.nbi \
  virtio-net-pci,disable-modern=on
start_case pcbios_start_nbi32_16m_virtio_modern_x86_64 qemu-system-x86_64 big.nbi \
  virtio-net-pci,disable-legacy=on
want_rc=33 want=("^payload: checking 00ffc000 bytes at 00200000" "^payload elf32: pass")
start_case pcbios_start_elf32_16m_i386 qemu-system-i386 big32.elf
start_case pcbios_start_elf32_16m_virtio_legacy_x86_64 qemu-system-x86_64 big32.elf \
  virtio-net-pci,disable-modern=on
start_case pcbios_start_elf32_16m_virtio_modern_i386 qemu-system-i386 big32.elf \
  virtio-net-pci,disable-legacy=on
# Flag bit 8: the payload returns 42; the firmware says so and exits (33).
want_rc=33 want=("^payload nbi32: pass, returning 42" "^start: the image returned 42$")
start_case pcbios_start_nbi32_returns_i386 qemu-system-i386 returns.nbi
want_rc=33 want=("^payload nbi16: pass, returning 42" "^start: the image returned 42$")
start_case pcbios_start_nbi16_returns_i386 qemu-system-i386 nbi16-returns.nbi

want_rc=35 want=("^image: not a known format" "^boot: fetching random.bin failed: bad image"
  "^e1000: stopped")
start_case pcbios_start_random qemu-system-i386 random.bin
want_rc=35 want=("^image: program header 0 at 0x8000..0x9000 overlaps the firmware"
  "^boot: fetching on-text16.elf failed: bad image" "^e1000: stopped")
start_case pcbios_start_on_real_mode_part qemu-system-i386 on-text16.elf
want_rc=35 want=("^image: program header 0 at 0x1fd0000..0x1fd1000 overlaps the firmware"
  "^boot: fetching on-body.elf failed: bad image" "^e1000: stopped")
start_case pcbios_start_on_moved_body qemu-system-i386 on-body.elf
want_rc=35 want=("^image: program header 0 at 0x7000000..0x7001000 is outside usable RAM"
  "^boot: fetching beyond-ram.elf failed: bad image" "^e1000: stopped")
start_case pcbios_start_beyond_ram qemu-system-i386 beyond-ram.elf
want_rc=35 want=("^image: program header 0: file data at bytes 0x1000..0x[0-9a-f]* lies past the end of the file"
  "^boot: fetching truncated.elf failed: bad image" "^e1000: stopped")
start_case pcbios_start_truncated qemu-system-i386 truncated.elf

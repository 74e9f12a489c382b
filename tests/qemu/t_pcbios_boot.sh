#!/bin/bash
# Boot the pcbios floppy images in QEMU and check what the body reports.
#   - bin/pcbios/hello.dsk on qemu-system-i386 and qemu-system-x86_64 with
#     32 MiB, and on qemu-system-i386 with 16 MiB: QEMU's exit status is 33
#     (the body wrote 0x10 to isa-debug-exit), COM1 shows the banner, a good
#     image checksum and a usable E820 entry.
#   - build/pcbios/test-big.dsk (470 sectors): the boot sector's reads over
#     many tracks, both heads and three 64 KiB DMA boundaries land every
#     byte in place (the body checks its own sum); the same image with one
#     byte changed on the floppy must be refused (status 35).
#   - no debug-exit device, as on a real PC: the body hands back to the BIOS
#     with INT 18h; SeaBIOS then finds no other boot device and, told to
#     reboot at once (reboot-timeout=0), ends QEMU (-no-reboot) with 0.
#   - the boot sector's failures, which it reports on the screen only, then
#     INT 18h: a sector count beyond 640 KiB, and a 360 KB floppy whose
#     tracks are shorter than the 18 sectors it reads (read error after 3
#     tries with a disk reset between).
#
# Not -nographic, except to see the boot sector's screen: with it QEMU tells
# SeaBIOS to copy the screen to COM1 (sercon), and every character the body
# prints would arrive twice.
# -drive if=floppy,format=raw is -fda without QEMU's format-probing warning.
cd "$(dirname "$0")/../.." || exit
banner="netboot pcbios"
# shellcheck disable=SC2054 # one QEMU argument with commas, not an array list
exit_dev=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)

# boot_case NAME QEMU MEM_MIB IMAGE [QEMU_ARGS...]; the globals want_rc (QEMU's
# exit status) and want (basic regexps COM1 must show) say what must happen.
boot_case() {
  local name=$1 qemu=$2 mem=$3 img=$4 log start pid rc t_banner="" w missing=""
  shift 4
  if ! command -v "$qemu" >/dev/null; then
    echo "SKIP $name: $qemu is not installed (Debian package qemu-system-x86)"
    return
  fi
  if [ ! -f "$img" ]; then
    echo "FAIL $name: $img was not built (make pcbios)"
    return
  fi
  log=$(mktemp)
  start=$(date +%s%N)
  timeout 60 "$qemu" -accel tcg -m "$mem" -drive "file=$img,if=floppy,format=raw" \
    -display none -monitor none -serial "file:$log" -no-reboot "$@" </dev/null &
  pid=$!
  # Watch the serial log for the banner to time it (QEMU start to banner);
  # the poll ends when QEMU does, which timeout bounds to 60 s.
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$t_banner" ] && grep -q "$banner" "$log"; then
      t_banner=$(( ($(date +%s%N) - start) / 1000000 ))
    fi
    sleep 0.01
  done
  wait "$pid"
  rc=$?
  for w in "${want[@]}"; do
    grep -q "$w" "$log" || missing="$missing '$w'"
  done
  if [ "$rc" -ne "$want_rc" ]; then
    echo "FAIL $name: QEMU exit status $rc, expected $want_rc (124 = timed out after 60 s); serial log:"
    tail -n 20 "$log"
  elif [ -n "$missing" ]; then
    echo "FAIL $name: COM1 lacks$missing; serial log:"
    tail -n 20 "$log"
  else
    echo "PASS $name"
    if [ -n "$t_banner" ]; then
      echo "INFO $name: QEMU start to banner $t_banner ms"
      grep -E '^clock: a 200 ms' "$log" | tr -d '\r' | sed "s/^/INFO $name: /"
    fi
  fi
  rm -f "$log"
}

usable='^e820: [0-9a-f]\{16\}-[0-9a-f]\{16\} usable'
hello=bin/pcbios/hello.dsk big=build/pcbios/test-big.dsk
want_rc=33 want=("$banner" "$usable" "checksum good")
boot_case pcbios_boot_i386 qemu-system-i386 32 $hello "${exit_dev[@]}"
boot_case pcbios_boot_x86_64 qemu-system-x86_64 32 $hello "${exit_dev[@]}"
boot_case pcbios_boot_i386_16m qemu-system-i386 16 $hello "${exit_dev[@]}"
# The body reports how many bytes it checked: all of the filler must be there.
want_rc=33 want=("$banner" "$usable" "^image: 2[3-9][0-9]\{4\} bytes loaded at 0x8000, checksum good")
boot_case pcbios_load_470_sectors qemu-system-i386 32 $big "${exit_dev[@]}"

scratch=$(mktemp)
trap 'rm -f "$scratch"' EXIT
# patch FILE OFFSET BYTES: write BYTES (echo -e escapes) at OFFSET of FILE
patch() { printf '%b' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

# One byte changed in sector 300 of the image, i.e. in the body's filler.
[ -f $big ] && cp $big "$scratch" && patch "$scratch" $((300 * 512 + 100)) 'X'
want_rc=35 want=("$banner" "loaded body is damaged")
boot_case pcbios_damaged_image_refused qemu-system-i386 32 "$scratch" "${exit_dev[@]}"

want_rc=0 want=("$banner" "returning to the BIOS (INT 18h)")
boot_case pcbios_int18_no_debug_exit qemu-system-i386 32 $hello \
  -net none -boot reboot-timeout=0

# 2047 sectors (07FFh in the boot sector's count word at 0x1FC).
[ -f $hello ] && cp $hello "$scratch" && patch "$scratch" 508 '\0377\0007'
want_rc=0 want=("netboot bad image" "No bootable device")
boot_case pcbios_bootsector_refuses_oversize qemu-system-i386 32 "$scratch" \
  -nographic -net none -boot reboot-timeout=0

[ -f $big ] && cp $big "$scratch" && truncate -s 368640 "$scratch"
want_rc=0 want=("disk read error" "No bootable device")
boot_case pcbios_bootsector_read_error qemu-system-i386 32 "$scratch" \
  -nographic -net none -boot reboot-timeout=0

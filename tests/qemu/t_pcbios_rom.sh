#!/bin/bash
# The pcbios body packaged as a PCI option ROM (bin/pcbios/*.rom) and on a
# floppy behind floppyload (bin/pcbios/e1000-floppyload.dsk), booted in QEMU
# against its built-in DHCP and TFTP (slirp), which serves the ELF32 test
# payload (build/payloads/elf32.elf; it prints "payload elf32: pass" and
# exits QEMU with status 33):
#   - the ROM files' layout (e1000.lzrom's too; tests/qemu/t_pcbios_lz.sh
#     boots it): signature, length byte, checksum, PCIR (IDs,
#     class, length, last image), $PnP header (checksum, BEV, device type);
#   - the BEV path, which SeaBIOS (a BBS BIOS) takes: e1000.rom on QEMU's
#     e1000, virtio-net.rom on virtio-net-pci, virtio-net-1041.rom on a
#     modern-only virtio-net-pci; no floppy, -boot n; a failing BEV boot
#     (missing file) ends in INT 18h (SeaBIOS's debug port shows it);
#   - the INT 19h path: build/pcbios/e1000-int19.rom has no $PnP header
#     (SeaBIOS undoes the INT 19h hook of a PnP ROM), so its init hooks
#     INT 19h; booting succeeds through the hook; with a missing boot file
#     and no isa-debug-exit the body chains to SeaBIOS's own INT 19h, which
#     SeaBIOS's debug port (0x402) shows as "enter handle_19" before any
#     INT 18h, and which boots the next device, the hello floppy;
#   - two cards with our ROM: the second card's BEV boots through the
#     second card (the body prefers the device init was run for); two
#     copies of the INT 19h ROM hook INT 19h once, also when init finds
#     its image read-only (build/pcbios/e1000-int19-ro.rom); two different
#     read-only ROMs both hook and chain (build/pcbios/virtio-net-int19-ro.rom);
#   - floppyload: the concatenated floppy boots the payload; with a missing
#     boot file the body far-returns to floppyload, which says so on the
#     screen (copied to COM1 by -nographic) and calls INT 18h.
#   - mknbi-rom: e1000.dsk fetches rom.nbi, an NBI (build/util/mknbi-rom)
#     of a copy of e1000.rom whose settings (build/util/romtool) name the
#     payload, and calls the ROM's legacy entry at 1000:0006 in real mode;
#     the ROM lies where its body goes, so it moves itself out of the way
#     first (rom/pcbios/rom_copy.asm); its body boots the payload.
# romfile= on the NIC replaces QEMU's iPXE ROM with ours (or, empty, with
# none, for the floppy cases).
cd "$(dirname "$0")/../.." || exit
source tests/qemu/lib.sh
limit=60
pay=build/payloads/elf32.elf

for tool in qemu-system-i386 python3; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP pcbios_rom: $tool is not installed (make deps-check says which package)"
    exit 0
  fi
done
for f in bin/pcbios/e1000.rom bin/pcbios/virtio-net.rom bin/pcbios/virtio-net-1041.rom \
  build/pcbios/e1000-int19.rom build/pcbios/e1000-int19-ro.rom build/pcbios/virtio-net-int19-ro.rom \
  bin/pcbios/e1000-floppyload.dsk bin/pcbios/hello.dsk \
  bin/pcbios/e1000.lzrom build/pcbios/e1000.lzbody bin/pcbios/e1000.dsk \
  build/util/romtool build/util/mknbi-rom $pay; do
  if [ ! -f "$f" ]; then
    echo "FAIL pcbios_rom: $f was not built (make pcbios romtool mknbi payloads)"
    exit 0
  fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tftp"
cp $pay "$dir/tftp/"
cp bin/pcbios/e1000-floppyload.dsk "$dir/fd.img"
truncate -s 1474560 "$dir/fd.img"

# rom_layout ROM BODY VENDOR DEVICE: the header fields a BIOS and
# util/romtool read (rom/pcbios/rom_prefix.asm has the layout).
rom_layout() {
  local why
  why=$(python3 - "$@" <<'PY'
import struct, sys
rom, body, vendor, device = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4], 16)
d, b = open(rom, "rb").read(), open(body, "rb").read()
pcir, pnp = struct.unpack_from("<HH", d, 0x18)
checks = [
    (d[:2] == b"\x55\xaa", "signature"),
    (d[2] * 512 == len(d) and len(d) < 128 * 1024, "length byte %d for %d bytes" % (d[2], len(d))),
    (d[3] == 0xEB and d[6] == 0xEB, "short jumps at 3 and 6"),
    (sum(d) % 256 == 0, "image checksum"),
    (d[pcir:pcir + 4] == b"PCIR", "PCIR signature"),
    (struct.unpack_from("<HH", d, pcir + 4) == (vendor, device), "PCI IDs"),
    (struct.unpack_from("<H", d, pcir + 0xA)[0] == 0x18 and d[pcir + 0xC] == 0, "PCIR length, revision"),
    (d[pcir + 0xD:pcir + 0x10] == b"\x00\x00\x02", "class code 020000"),
    (struct.unpack_from("<H", d, pcir + 0x10)[0] == d[2], "PCIR image length"),
    (d[pcir + 0x14] == 0 and d[pcir + 0x15] == 0x80, "code type, last-image indicator"),
    (pnp % 16 == 0 and d[pnp:pnp + 4] == b"$PnP", "$PnP header"),
    (d[pnp + 4] == 1 and d[pnp + 5] == 2 and sum(d[pnp:pnp + 32]) % 256 == 0, "$PnP revision, length, checksum"),
    (d[pnp + 0x12:pnp + 0x15] == b"\x02\x00\x00" and d[pnp + 0x15] & 4, "$PnP device type, IPL bit"),
    (struct.unpack_from("<H", d, pnp + 0x1A)[0] != 0 and struct.unpack_from("<H", d, pnp + 0x16)[0] == 0,
     "BEV set, BCV 0"),
    (d.startswith(b"netboot", struct.unpack_from("<H", d, pnp + 0x10)[0]), "product string"),
]
at = d.find(b)
checks.append((at > 0 and at % 16 == 0, "body included 16-byte aligned"))
print("; ".join(why for ok, why in checks if not ok))
PY
)
  if [ -n "$why" ]; then
    echo "FAIL rom_layout_${1##*/}: $why"
  else
    echo "PASS rom_layout_${1##*/}"
  fi
}

rom_layout bin/pcbios/e1000.rom build/pcbios/e1000.bin 8086 100e
rom_layout bin/pcbios/virtio-net.rom build/pcbios/virtio-net.bin 1af4 1000
rom_layout bin/pcbios/virtio-net-1041.rom build/pcbios/virtio-net.bin 1af4 1041
rom_layout bin/pcbios/e1000.lzrom build/pcbios/e1000.lzbody 8086 100e

# rom_case NAME BOOTFILE NIC_DEVICE [QEMU_ARGS...]: boots qemu-system-i386
# with 32 MiB, the NIC (a -device string without netdev) on slirp serving
# BOOTFILE, COM1 to $dir/NAME.log and SeaBIOS's debug port to
# $dir/NAME.dbg; then qemu_verdict with the globals want_rc and want.
rom_case() {
  local name=$1 file=$2 nic=$3 rc
  shift 3
  timeout "$limit" qemu-system-i386 -accel tcg -m 32 \
    -netdev "user,id=n0,tftp=$dir/tftp,bootfile=$file" -device "$nic,netdev=n0" \
    -chardev "file,id=dbg,path=$dir/$name.dbg" -device isa-debugcon,iobase=0x402,chardev=dbg \
    -serial "file:$dir/$name.log" -monitor none -no-reboot "$@" </dev/null >/dev/null
  rc=$?
  qemu_verdict "$name" "$rc" "$want_rc" "$dir/$name.log" "${want[@]}"
}

# dbg_has NAME REGEXP WHAT: SeaBIOS's debug port showed REGEXP in case NAME.
dbg_has() {
  if grep -a -q "$2" "$dir/$1.dbg"; then
    echo "PASS $1_$3"
  else
    echo "FAIL $1_$3: SeaBIOS's debug port lacks '$2'"
  fi
}

# dbg_first NAME REGEXP WHAT: the first SeaBIOS "enter handle_" line on the
# debug port of case NAME must match REGEXP.
dbg_first() {
  local first
  first=$(grep -a -m1 '^enter handle_1[89]' "$dir/$1.dbg")
  if echo "$first" | grep -q "$2"; then
    echo "PASS $1_$3"
  else
    echo "FAIL $1_$3: SeaBIOS's first boot handler was '${first:-none}', not '$2'"
  fi
}

# shellcheck disable=SC2054 # one QEMU argument with commas, not an array list
exit_dev=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
quiet=(-display none -boot reboot-timeout=0)
pass="^payload elf32: pass"

want_rc=33 want=("^prefix: option ROM at [0-9a-f]*:0000, entered through its BEV (PnP BIOS); init saw PCI 00:03.0"
  "^PCI 00:03.0 8086:100e e1000" "$pass")
rom_case rom_bev_e1000 elf32.elf e1000,romfile=bin/pcbios/e1000.rom -boot n "${exit_dev[@]}" "${quiet[@]}"
# A failing BEV boot ends in INT 18h (no isa-debug-exit, as on a PC).
want_rc=0 want=("entered through its BEV (PnP BIOS)" "^boot: giving up after 3 attempts"
  "^netboot: returning to the BIOS (INT 18h)")
rom_case rom_bev_int18 missing.bin e1000,romfile=bin/pcbios/e1000.rom -boot n "${quiet[@]}" &&
  dbg_has rom_bev_int18 "^enter handle_18" seabios_int18
want_rc=33 want=("entered through its BEV (PnP BIOS)" "^PCI 00:03.0 1af4:1000 virtio-net" "$pass")
rom_case rom_bev_virtio elf32.elf virtio-net-pci,romfile=bin/pcbios/virtio-net.rom -boot n \
  "${exit_dev[@]}" "${quiet[@]}"
want_rc=33 want=("entered through its BEV (PnP BIOS)" "^PCI 00:03.0 1af4:1041 virtio-net" "$pass")
rom_case rom_bev_virtio_1041 elf32.elf \
  virtio-net-pci,disable-legacy=on,romfile=bin/pcbios/virtio-net-1041.rom -boot n \
  "${exit_dev[@]}" "${quiet[@]}"

want_rc=33 want=("entered through the INT 19h hook" "$pass")
rom_case rom_int19_e1000 elf32.elf e1000,romfile=build/pcbios/e1000-int19.rom \
  "${exit_dev[@]}" "${quiet[@]}"
# No isa-debug-exit: the failing body's write to port F4h is lost, as on a
# PC; SeaBIOS's INT 19h then boots the hello floppy (its body says it has
# no network drivers), which leaves by INT 18h; nothing is left and
# SeaBIOS reboots, which -no-reboot ends (0).
want_rc=0 want=("entered through the INT 19h hook" "^boot: giving up after 3 attempts"
  "^netboot: chaining to the BIOS's original INT 19h" "^boot: no network drivers in this image")
rom_case rom_int19_chain missing.bin e1000,romfile=build/pcbios/e1000-int19.rom \
  -drive if=floppy,format=raw,readonly=on,file=bin/pcbios/hello.dsk "${quiet[@]}" &&
  dbg_first rom_int19_chain "enter handle_19" seabios_int19_first

# Two cards with our ROM: SeaBIOS runs each copy's init with its own PCI
# address in AX and offers both BEVs, the second card's first here
# (bootindex); its body must drive the second card (00:04.0), whose
# network serves the payload, not the first one a bus scan finds, whose
# network has no boot file.
mkdir "$dir/tftp2"
cp $pay "$dir/tftp2/"
# shellcheck disable=SC2054 # QEMU arguments with commas, not an array list
second_nic=(-netdev "user,id=n1,tftp=$dir/tftp2,bootfile=elf32.elf"
  -device e1000,netdev=n1,romfile=bin/pcbios/e1000.rom,bootindex=1)
want_rc=33 want=("^prefix: option ROM at [0-9a-f]*:0000, entered through its BEV (PnP BIOS); init saw PCI 00:04.0"
  "^PCI 00:04.0 8086:100e e1000" "$pass")
rom_case rom_bev_second_card missing.bin e1000,romfile=bin/pcbios/e1000.rom,bootindex=2 "${second_nic[@]}" \
  "${exit_dev[@]}" "${quiet[@]}"
# int19_pair NAME CHECK FIRST_ROM SECOND_DEVICE RUNS: an e1000 with
# FIRST_ROM and SECOND_DEVICE (a -device string without netdev, its ROM
# hooking INT 19h too) on a second slirp, neither network serving the boot
# file, and the hello floppy: the bodies chain on to SeaBIOS's INT 19h,
# which boots the floppy, after RUNS of them ran through an INT 19h hook.
int19_pair() {
  local name=$1 check=$2 rom=$3 second=$4 runs=$5 n
  want_rc=0 want=("^netboot: chaining to the BIOS's original INT 19h" "^boot: no network drivers in this image")
  rom_case "$name" missing.bin "e1000,romfile=$rom" \
    -netdev "user,id=n1,tftp=$dir/tftp2,bootfile=missing.bin" -device "$second,netdev=n1" \
    -drive if=floppy,format=raw,readonly=on,file=bin/pcbios/hello.dsk "${quiet[@]}" || return
  n=$(grep -a -c "entered through the INT 19h hook" "$dir/$name.log")
  if [ "$n" = "$runs" ]; then
    echo "PASS ${name}_$check"
  else
    echo "FAIL ${name}_$check: $n bodies ran through an INT 19h hook, not $runs"
  fi
}
# Two copies of a ROM that hooks INT 19h: the second copy finds the first
# one's hook and leaves it (rom_prefix.asm, hook_int19), so a failing boot
# runs the body once and then SeaBIOS's own INT 19h, not the body again
# through a second hook.
int19_pair rom_int19_two_copies hooked_once build/pcbios/e1000-int19.rom \
  e1000,romfile=build/pcbios/e1000-int19.rom 1
# The same ROM with an image init cannot write (an unshadowed ROM): init
# keeps the old vector in 1 KiB of base memory instead, and the second
# copy finds the hook through that block's far jump.
int19_pair rom_int19_read_only hooked_once build/pcbios/e1000-int19-ro.rom \
  e1000,romfile=build/pcbios/e1000-int19-ro.rom 1
# Two different read-only ROMs (an e1000 and a virtio-net card): the
# second's init finds INT 19h pointing at offset 0000h, the first one's
# base-memory block, and must still notice that its image took no write
# (storing the vector's offset 0 over the zero in the file changes
# nothing), keep the vector in a block of its own and chain to the first
# hook, which chains to SeaBIOS's INT 19h.
int19_pair rom_int19_read_only_two_roms each_once build/pcbios/e1000-int19-ro.rom \
  virtio-net-pci,romfile=build/pcbios/virtio-net-int19-ro.rom 2

img=$dir/fd.img
want_rc=33 want=("entered through its legacy entry (far call)" "$pass")
rom_case floppyload_e1000 elf32.elf e1000,romfile= \
  -drive "if=floppy,format=raw,readonly=on,file=$img" "${exit_dev[@]}" "${quiet[@]}"
# -nographic: SeaBIOS copies the screen, where floppyload writes, to COM1
# (the body's own lines then arrive twice, interleaved).
want_rc=0 want=("^netboot floppyload\.\.\." "^floppyload: the ROM returned, boot failed")
rom_case floppyload_returns missing.bin e1000,romfile= \
  -drive "if=floppy,format=raw,readonly=on,file=$img" -nographic -boot reboot-timeout=0

# slirp names rom.nbi to the second body too; the settings in its image
# name the payload instead.
cp bin/pcbios/e1000.rom "$dir/second.rom"
if build/util/romtool set "$dir/second.rom" filename=elf32.elf >/dev/null &&
  build/util/mknbi-rom --output="$dir/tftp/rom.nbi" "$dir/second.rom"; then
  want_rc=33 want=("^start: calling 1000:0006 in real mode"
    "^prefix: option ROM at 1000:0000, entered through its legacy entry (far call)"
    "^settings: from the image: file elf32.elf" "$pass")
  rom_case mknbi_rom_e1000 rom.nbi e1000,romfile= \
    -drive if=floppy,format=raw,readonly=on,file=bin/pcbios/e1000.dsk "${exit_dev[@]}" "${quiet[@]}"
else
  echo "FAIL mknbi_rom_e1000: romtool or mknbi-rom refused $dir/second.rom"
fi

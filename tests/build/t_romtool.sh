#!/bin/bash
# util/romtool (build/util/romtool): `info` on Debian's iPXE ROMs and on
# a synthetic ROM in our layout, hostile variants refused with their own
# message, `make` (IDs, padding, sizes) and the settings block round trip.
cd "$(dirname "$0")/../.."
tool=build/util/romtool
if [ ! -x "$tool" ]; then
  echo "FAIL romtool: $tool was not built (make romtool)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# make_rom.py MODE OUT: a 4 KiB ROM in our layout
# (util/romtool.h): 0x03 jmp short to init, 0x05 checksum, 0x06 jmp short
# to the legacy entry, PCIR at 0x1C (PCI Firmware Spec 3.0 §5.1.2), $PnP at
# 0x40 (PnP BIOS Spec 1.0A §3.2), an empty settings block at 0x100
# (core/settings.h).  MODE breaks one thing.
cat >"$tmp/make_rom.py" <<'EOF'
import struct, sys, zlib
mode, out = sys.argv[1], sys.argv[2]
rom = bytearray(b'\xff' * 4096)
rom[0:3] = b'\x55\xaa\x08'
rom[3:5] = b'\xeb\x7b'            # jmp short 0x80
rom[5] = 0                        # checksum
rom[6:8] = b'\xeb\x79'            # jmp short 0x81
rom[8:16] = b'netboot\0'
struct.pack_into('<HH', rom, 0x18, 0x1C, 0x40)
rom[0x1C:0x34] = b'PCIR' + struct.pack('<HHHHB3sHHBBH', 0x10ec, 0x8139, 0, 24, 0,
                                        b'\x00\x00\x02', 8, 1, 0, 0x80, 0)
pnp = bytearray(b'$PnP' + struct.pack('<BBHBBIHH3sBHHHHH', 1, 2, 0, 0, 0, 0, 0x08,
                                      0x60, b'\x02\x00\x00', 0x14, 0, 0, 0x82, 0, 0))
pnp[9] = -sum(pnp) & 0xff
rom[0x40:0x60] = pnp
rom[0x60:0x6d] = b'netboot test\0'
rom[0x80:0x83] = b'\xcb\xcb\xcb'  # init, legacy entry, BEV: retf
block = bytearray(256)
block[0:8] = b'NBSETTNG'
block[8] = 1
struct.pack_into('<I', block, 12, zlib.crc32(bytes(block)))
rom[0x100:0x200] = block
if mode == 'pcir_out':
    struct.pack_into('<H', rom, 0x18, 0x2000)
if mode == 'pnp_sum':
    rom[0x55] ^= 1
if mode == 'len0':
    rom[2] = 0
if mode == 'settings_bad':
    rom[0x120] = 1
rom[5] = -sum(rom) & 0xff
if mode == 'badsum':
    rom[0x90] = (rom[0x90] + 0x40) & 0xff
if mode == 'truncated':
    rom = rom[:3000]
if mode == 'blob':                # a non-ROM image carrying the block
    rom = b'\0' * 1000 + bytes(block) + b'\0' * 1000
open(out, 'wb').write(rom)
EOF

rom() { python3 "$tmp/make_rom.py" "$1" "$tmp/$1.rom"; }

# expect_fail NAME FILE MESSAGE: info exits non-zero and prints MESSAGE.
expect_fail() {
  out=$("$tool" info "$2" 2>&1)
  rc=$?
  if [ $rc -ne 0 ] && grep -qF -- "$3" <<<"$out"; then
    echo "PASS romtool_refuses_$1"
  else
    echo "FAIL romtool_refuses_$1: status $rc, want \"$3\" in:"
    sed 's/^/    /' <<<"$out"
  fi
}

# Debian's iPXE ROMs (legacy x86 images; efi-* chain an EFI image after).
if ls /usr/lib/ipxe/qemu/*.rom >/dev/null 2>&1; then
  for f in /usr/lib/ipxe/qemu/*.rom /usr/lib/ipxe/*.rom; do
    [ -f "$f" ] || continue
    out=$("$tool" info "$f" 2>&1)
    rc=$?
    ids=$(sed -n 's/^PCIR at [^:]*: vendor \(....\) device \(....\)$/\1:\2/p' <<<"$out" | sort -u | tr '\n' ' ')
    if [ $rc -eq 0 ] && [ -n "$ids" ]; then
      echo "PASS romtool_info_ipxe $f (PCI IDs ${ids% })"
    else
      echo "FAIL romtool_info_ipxe $f:"
      sed 's/^/    /' <<<"$out"
    fi
  done
  ipxe=/usr/lib/ipxe/qemu/pxe-e1000.rom
else
  echo "SKIP romtool_info_ipxe: no /usr/lib/ipxe/qemu/*.rom (Debian package ipxe-qemu; mk/deps.sh check installs it)"
  ipxe=
fi

# Our own ROMs: every header and checksum holds, and the settings block is
# found (romtool recognises ours by it and keeps the checksum at offset 5).
for f in bin/pcbios/e1000.rom bin/pcbios/virtio-net.rom bin/pcbios/e1000.lzrom; do
  if [ ! -f "$f" ]; then
    echo "FAIL romtool_info_ours $f: not built (make)"
    continue
  fi
  out=$("$tool" info "$f" 2>&1)
  if [ $? -eq 0 ] && grep -q "^settings" <<<"$out"; then
    echo "PASS romtool_info_ours $f"
  else
    echo "FAIL romtool_info_ours $f:"
    sed 's/^/    /' <<<"$out"
  fi
done

for m in good badsum pcir_out pnp_sum len0 truncated settings_bad blob; do rom $m; done

out=$("$tool" info "$tmp/good.rom" 2>&1)
if [ $? -eq 0 ] && grep -q 'vendor 10ec device 8139' <<<"$out" &&
   grep -q 'legacy entry 0x06: jmp short to 0x0081' <<<"$out" &&
   grep -q 'BEV 0x0082' <<<"$out" && grep -q 'settings: block at 0x100' <<<"$out"; then
  echo "PASS romtool_info_synthetic"
else
  echo "FAIL romtool_info_synthetic:"; sed 's/^/    /' <<<"$out"
fi

expect_fail bad_checksum "$tmp/badsum.rom" "checksum wrong: the image's 4096 bytes sum to 0x40"
expect_fail pcir_outside "$tmp/pcir_out.rom" "PCIR pointer 0x2000 lies outside the image (4096 bytes)"
expect_fail pnp_checksum "$tmp/pnp_sum.rom" "\$PnP header checksum wrong"
expect_fail length_zero "$tmp/len0.rom" "length byte is 0"
expect_fail truncated "$tmp/truncated.rom" "truncated: the header says 4096 bytes, the file has 3000"
expect_fail settings_damaged "$tmp/settings_bad.rom" "settings block at 0x100 is damaged"

# make: IDs, padding with 0xFF to the EPROM size, length byte, checksum.
out=$("$tool" make "$tmp/good.rom" "$tmp/made.rom" --size 16 --ids 8086:100f 2>&1)
info=$("$tool" info "$tmp/made.rom" 2>&1)
irc=$?
tailff=$(tail -c 12288 "$tmp/made.rom" | tr -d '\377' | wc -c)
if [ "$(stat -c %s "$tmp/made.rom")" = 16384 ] && [ $irc -eq 0 ] && [ "$tailff" = 0 ] &&
   grep -q 'vendor 8086 device 100f' <<<"$info" && grep -q 'length 16384 bytes' <<<"$info" &&
   grep -q 'checksum: byte 0x5 ' <<<"$out"; then
  echo "PASS romtool_make_synthetic_16k"
else
  echo "FAIL romtool_make_synthetic_16k:"; sed 's/^/    /' <<<"$out
$info"
fi

if [ -n "$ipxe" ]; then
  cp "$ipxe" "$tmp/ipxe.rom"
  out=$("$tool" make "$tmp/ipxe.rom" "$tmp/ipxe16.rom" --size 16 --ids 8086:100f 2>&1)
  if [ $? -ne 0 ] && grep -q 'do not fit a 16 KiB ROM' <<<"$out" && [ ! -e "$tmp/ipxe16.rom" ]; then
    echo "PASS romtool_make_refuses_too_big (iPXE's $(stat -c %s "$ipxe") bytes in 16 KiB)"
  else
    echo "FAIL romtool_make_refuses_too_big:"; sed 's/^/    /' <<<"$out"
  fi
  out=$("$tool" make "$tmp/ipxe.rom" "$tmp/ipxe-ids.rom" --ids 8086:100f 2>&1)
  info=$("$tool" info "$tmp/ipxe-ids.rom" 2>&1)
  if [ $? -eq 0 ] && grep -q 'vendor 8086 device 100f' <<<"$info" &&
     grep -q 'PCIR ids: 8086:100e -> 8086:100f' <<<"$out" &&
     cmp -s <(head -c 75000 "$tmp/ipxe-ids.rom" | tail -c +41) <(head -c 75000 "$ipxe" | tail -c +41); then
    echo "PASS romtool_make_ipxe_ids"
  else
    echo "FAIL romtool_make_ipxe_ids:"; sed 's/^/    /' <<<"$out
$info"
  fi
fi

for s in 128 24; do
  out=$("$tool" make "$tmp/good.rom" "$tmp/x.rom" --size $s 2>&1)
  if [ $? -ne 0 ] && grep -qE 'cannot say its size|8, 16, 32 or 64 KiB' <<<"$out"; then
    echo "PASS romtool_make_refuses_size_$s"
  else
    echo "FAIL romtool_make_refuses_size_$s:"; sed 's/^/    /' <<<"$out"
  fi
done

# Settings: set, read back through info, remove, refuse contradictions.
cp "$tmp/good.rom" "$tmp/set.rom"
want="filename=pxe/boot.elf next-server=10.0.2.4 ip=10.0.2.15 netmask=255.255.255.0
gateway=10.0.2.2 dhcp-timeout=30 tftp-timeout=300 vendor-class=NetbootTest:Arch:00000
no-chain=undionly.kpxe"
# shellcheck disable=SC2086
out=$("$tool" set "$tmp/set.rom" $want 2>&1)
info=$("$tool" info "$tmp/set.rom" 2>&1)
irc=$?
got=$(sed -n 's/^  \([a-z-]*=.*\)$/\1/p' <<<"$info" | grep -v '^[a-z]* at' | sort)
if [ $irc -eq 0 ] && [ "$got" = "$(tr ' ' '\n' <<<"$want" | sort)" ]; then
  echo "PASS romtool_settings_round_trip"
else
  echo "FAIL romtool_settings_round_trip:"; sed 's/^/    /' <<<"$out
$info"
fi

out=$("$tool" set "$tmp/set.rom" filename= dhcp-timeout=5 2>&1)
info=$("$tool" info "$tmp/set.rom" 2>&1)
if [ $? -eq 0 ] && ! grep -q '^  filename=' <<<"$info" && grep -q '^  dhcp-timeout=5$' <<<"$info"; then
  echo "PASS romtool_settings_remove"
else
  echo "FAIL romtool_settings_remove:"; sed 's/^/    /' <<<"$out
$info"
fi

cp "$tmp/good.rom" "$tmp/bad-set.rom"
out=$("$tool" set "$tmp/bad-set.rom" ip=10.0.2.15 2>&1)
if [ $? -ne 0 ] && grep -q 'needs a netmask' <<<"$out" && cmp -s "$tmp/good.rom" "$tmp/bad-set.rom"; then
  echo "PASS romtool_settings_refuses_ip_without_netmask"
else
  echo "FAIL romtool_settings_refuses_ip_without_netmask:"; sed 's/^/    /' <<<"$out"
fi

out=$("$tool" make "$tmp/good.rom" "$tmp/made-set.rom" --size 8 --set filename=boot.nbi 2>&1)
info=$("$tool" info "$tmp/made-set.rom" 2>&1)
if [ $? -eq 0 ] && grep -q '^  filename=boot.nbi$' <<<"$info"; then
  echo "PASS romtool_make_with_settings"
else
  echo "FAIL romtool_make_with_settings:"; sed 's/^/    /' <<<"$out
$info"
fi

out=$("$tool" set "$tmp/blob.rom" filename=disk.elf 2>&1)
info=$("$tool" info "$tmp/blob.rom" 2>&1)
if grep -q 'not an option ROM' <<<"$out" && grep -q '^  filename=disk.elf$' <<<"$info"; then
  echo "PASS romtool_settings_in_any_image"
else
  echo "FAIL romtool_settings_in_any_image:"; sed 's/^/    /' <<<"$out
$info"
fi

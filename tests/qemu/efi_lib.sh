# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables the helpers set are the caller's
# Helpers for the UEFI tests (tests/qemu/t_efi_*.sh, test glue): QEMU x86-64
# (TCG, 256 MiB, i440FX) with OVMF, COM1 logged with a time stamp on every
# line, QEMU's isa-debug-exit, FAT disk images made with mtools, and OVMF's
# own network boot from QEMU's user-mode (slirp) DHCP and TFTP.
#
# efi_missing
#     Prints why these tests cannot run here; returns 1 (prints nothing)
#     when they can.
# efi_skip_all WHY
#     SKIP every case named in $cases for WHY, and exit 0.
# efi_init
#     Makes the work directory efi_dir and sets an EXIT trap to remove it.
# efi_fat_image IMG EFI [DEST]
#     A FAT image holding EFI as DEST (EFI/BOOT/BOOTX64.EFI unless given,
#     the path OVMF's boot manager starts from removable media).
# efi_fat_add IMG SRC DEST
#     One more file into it (DEST like EFI/netboot/x.cfg; folders are made).
# efi_shell_image IMG EFI [ARG...]
#     A FAT image on which OVMF's built-in UEFI Shell starts EFI with the
#     load options "fs0:\NAME ARG..." (see the function).
# efi_disk_args IMG [BOOTINDEX]
#     Sets the array efi_disk: QEMU arguments for IMG as a virtio-blk disk
#     with bootindex BOOTINDEX (0 unless given; "none": without).
# efi_net_args DIR FILE [NIC [BOOTINDEX]]
#     Sets the array efi_net: QEMU arguments for a NIC (virtio-net-pci unless
#     given, no option ROM) on slirp with TFTP root DIR and DHCP boot file
#     FILE, bootindex BOOTINDEX (1 unless given; "none": without).
# efi_run NAME LIMIT [QEMU_ARGS...]
#     Boots OVMF (a fresh copy of its flash every run) for at most LIMIT
#     seconds, and sets
#       efi_rc     QEMU's exit status: 33 pass, 35 fail from the payload,
#                  124 timed out, or "stopped" when a COM1 line matched
#                  efi_stop_at (an extended regexp; unset: empty)
#       efi_ms     the run's time in ms
#       efi_log    COM1 as written ($efi_dir/NAME.log)
#       efi_times  COM1 as "MS<tab>TEXT" lines, MS after QEMU's start,
#                  escape sequences and CRs removed ($efi_dir/NAME.times)
#     Set efi_debug_exit= (empty) for a machine without isa-debug-exit.
# efi_ms_at REGEXP
#     ms from QEMU's start to the first line of efi_times that matches the
#     basic REGEXP; prints nothing, returns 1, when none does.
# efi_verdict NAME WANT_RC REGEXP...
#     PASS NAME when the last efi_run ended with WANT_RC and its COM1 shows
#     every basic REGEXP, else FAIL with the cleaned log's tail.
# efi_damage IN OUT
#     OUT = the EFI payload IN with one byte of its checked data changed.
#
# The payload (build/payloads/efi/payload.efi, tests/payloads/efi_payload.c)
# prints "payload efi: pass" and exits QEMU with status 33, or "payload efi:
# FAIL: ..." and 35.
#
# OVMF copies its console (the boot manager's messages, everything written to
# ConOut) to COM1 with terminal escape sequences and CRLF; efi_times and
# efi_verdict go without both, efi_log keeps them.

efi_ovmf=${EFI_OVMF:-/usr/share/ovmf/OVMF.fd}
efi_qemu=${EFI_QEMU:-qemu-system-x86_64}
efi_debug_exit=yes
efi_stop_at=""

efi_missing() {
  local t
  if ! command -v "$efi_qemu" >/dev/null; then
    echo "$efi_qemu is not installed (Debian package qemu-system-x86)"
  elif [ ! -f "$efi_ovmf" ]; then
    echo "$efi_ovmf is missing (Debian package ovmf)"
  else
    for t in mformat mmd mcopy; do
      command -v $t >/dev/null || { echo "$t is not installed (Debian package mtools)"; return 0; }
    done
    return 1
  fi
}

efi_skip_all() {
  local c
  for c in $cases; do
    echo "SKIP $c: $1"
  done
  exit 0
}

efi_init() {
  efi_dir=$(mktemp -d)
  # shellcheck disable=SC2064 # the directory's name now, not at exit
  trap "rm -rf '$efi_dir'" EXIT
}

# A FAT image just big enough: the file plus 2 MiB for the file system,
# at least 8 MiB (mformat then picks FAT16; OVMF reads FAT12/16/32 alike).
# A "superfloppy" without a partition table: OVMF finds the file system on
# the whole disk.
efi_fat_image() {
  local img=$1 efi=$2 dest=${3:-EFI/BOOT/BOOTX64.EFI} mib
  mib=$(( ($(stat -c %s "$efi") >> 20) + 3 ))
  [ "$mib" -lt 8 ] && mib=8
  rm -f "$img"
  truncate -s "${mib}M" "$img" &&
    mformat -i "$img" -v EFITEST :: &&
    efi_fat_add "$img" "$efi" "$dest"
}

efi_fat_add() {
  local img=$1 src=$2 dest=$3 path="" part parts=()
  # Each folder on the way, once: mmd refuses one that exists.
  [ "$dest" != "${dest%/*}" ] && IFS=/ read -ra parts <<<"${dest%/*}"
  for part in "${parts[@]}"; do
    path=$path/$part
    mdir -i "$img" "::$path" >/dev/null 2>&1 || mmd -i "$img" "::$path" || return
  done
  mcopy -o -i "$img" "$src" "::/$dest"
}

# efi_shell_image IMG EFI [ARG...]: a FAT image on which OVMF's built-in
# UEFI Shell starts EFI with the load options "fs0:\NAME ARG..." (NAME the
# file's name): its startup.nsh runs it, then echoes "efitest: returned,
# lasterror %lasterror%".  No EFI/BOOT/BOOTX64.EFI, so the disk's boot option
# fails and OVMF goes on to the shell, which waits 5 s before it runs
# startup.nsh (nobody presses a key).
efi_shell_image() {
  local img=$1 efi=$2 name
  shift 2
  name=$(basename "$efi")
  efi_fat_image "$img" "$efi" "$name" || return
  printf '%s\r\n' "fs0:\\$name${*:+ $*}" 'echo "efitest: returned, lasterror %lasterror%"' \
    >"$efi_dir/startup.nsh"
  efi_fat_add "$img" "$efi_dir/startup.nsh" startup.nsh
}

efi_disk_args() {
  local img=$1 index=${2:-0}
  # shellcheck disable=SC2054 # commas inside one QEMU argument
  efi_disk=(-drive "if=none,id=efidisk,format=raw,file=$img"
    -device virtio-blk-pci,drive=efidisk)
  if [ "$index" != none ]; then efi_disk[3]+=",bootindex=$index"; fi
}

# romfile= keeps QEMU's iPXE option ROM off the NIC: OVMF's own virtio-net
# driver (VirtioNetDxe) and PXE client then do the work.  Other NICs have
# no driver in OVMF but the option ROM's, iPXE.
efi_net_args() {
  local dir=$1 file=$2 nic=${3:-virtio-net-pci} index=${4:-1}
  efi_net=(-netdev "user,id=efinet,tftp=$dir,bootfile=$file" -device "$nic,netdev=efinet,romfile=")
  if [ "$index" != none ]; then efi_net[3]+=",bootindex=$index"; fi
}

# efi_clean: stdin without CSI escape sequences and CRs.
efi_clean() {
  sed -E $'s/\e\\[[0-9;?=]*[A-Za-z]//g; s/\r//g'
}

# efi_stamp START_US RAW TIMES: copies stdin to RAW and, line by line, to
# TIMES with the ms since START_US (an EPOCHREALTIME without its dot) in
# front, cleaned by efi_clean (sed: bash's own pattern substitution takes
# minutes over the long lines of OVMF's setup screen).  A line's stamp is
# when its first bytes came (within 20 ms: read gives up after that and
# keeps what it has), as OVMF often prints a line's text long before its
# newline.  The first line, whole or so far, that matches efi_stop_at stops
# QEMU (its pid in $efi_dir/qemu.pid) and leaves $efi_dir/stopped behind:
# a prompt has no newline after it.
efi_stamp() {
  local start=$1 part line="" first="" eof="" raw times stop=$efi_stop_at
  exec {raw}>"$2" {times}>"$3"
  while [ -z "$eof" ]; do
    if IFS= read -r -t 0.02 part; then
      line+=$part
    elif [ $? -gt 128 ]; then
      [ -z "$part" ] && continue
      line+=$part
      [ -z "$first" ] && first=${EPOCHREALTIME/./}
      if [ -n "$stop" ] && [[ $(efi_clean <<<"$line") =~ $stop ]]; then
        stop=""
        efi_stop
      fi
      continue
    else
      line+=$part eof=1
      [ -z "$line" ] && break
    fi
    [ -z "$first" ] && first=${EPOCHREALTIME/./}
    printf '%s\n' "$line" >&"$raw"
    line=$(efi_clean <<<"$line")
    printf '%d\t%s\n' $(( (first - start) / 1000 )) "$line" >&"$times"
    if [ -n "$stop" ] && [[ $line =~ $stop ]]; then
      stop=""
      efi_stop
    fi
    line="" first=""
  done
  exec {raw}>&- {times}>&-
}

efi_stop() {
  : >"$efi_dir/stopped"
  kill "$(cat "$efi_dir/qemu.pid")"
}

# -serial stdio with -display none and -monitor none: COM1 alone on QEMU's
# standard output, piped through efi_stamp.  The flash is a private copy:
# OVMF writes its variables (boot options) there.
efi_run() {
  local name=$1 limit=$2 start exitdev=()
  shift 2
  efi_log=$efi_dir/$name.log efi_times=$efi_dir/$name.times
  rm -f "$efi_dir/stopped" "$efi_dir/qemu.pid"
  cp "$efi_ovmf" "$efi_dir/$name.fd" || return
  # shellcheck disable=SC2054
  [ -n "$efi_debug_exit" ] && exitdev=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
  start=${EPOCHREALTIME/./}
  timeout "$limit" "$efi_qemu" -accel tcg -m 256 -pidfile "$efi_dir/qemu.pid" \
    -drive "if=pflash,format=raw,file=$efi_dir/$name.fd" "${exitdev[@]}" \
    -display none -monitor none -serial stdio -no-reboot "$@" </dev/null 2>"$efi_dir/qemu.err" |
    efi_stamp "$start" "$efi_log" "$efi_times"
  efi_rc=${PIPESTATUS[0]}
  # QEMU's complaints, but not its word that efi_stamp or timeout stopped it.
  grep -v "terminating on signal" "$efi_dir/qemu.err" >&2
  efi_ms=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
  if [ -f "$efi_dir/stopped" ]; then
    efi_rc=stopped
  elif [ "$efi_rc" -eq 124 ]; then
    echo "efi_run $name: QEMU still running after $limit s, stopped (exit status 124)"
  fi
}

efi_ms_at() {
  local n
  n=$(cut -f2- "$efi_times" | grep -n -m1 -- "$1" | cut -d: -f1)
  [ -n "$n" ] || return 1
  sed -n "${n}p" "$efi_times" | cut -f1
}

efi_verdict() {
  local name=$1 want_rc=$2 w missing=""
  shift 2
  for w in "$@"; do
    cut -f2- "$efi_times" | grep -q -- "$w" || missing="$missing '$w'"
  done
  if [ "$efi_rc" != "$want_rc" ]; then
    echo "FAIL $name: QEMU exit status $efi_rc, expected $want_rc (124 = timed out); COM1:"
  elif [ -n "$missing" ]; then
    echo "FAIL $name: COM1 lacks$missing; COM1:"
  else
    echo "PASS $name"
    return 0
  fi
  cut -f2- "$efi_times" | tail -n 20
  return 1
}

# The payload's own code holds the marker too: the data's copy is the one
# whose length and CRC-32 fit what follows.
efi_damage() {
  python3 - "$1" "$2" <<'EOF'
import struct, sys, zlib
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(b"EFITEST-BLOB-v1\0")
while at >= 0:
    size, crc = struct.unpack_from("<II", data, at + 16)
    if 0 < size <= len(data) - at - 32 and zlib.crc32(data[at + 32:at + 32 + size]) == crc:
        break
    at = data.find(b"EFITEST-BLOB-v1\0", at + 1)
if at < 0:
    sys.exit("efi_damage: no data with a good CRC-32 after a marker in " + sys.argv[1])
data[at + 32 + size // 2] ^= 0x01
open(sys.argv[2], "wb").write(data)
EOF
}

#!/bin/bash
# `make bench` (issue 7): our client against Debian's iPXE (ipxe-qemu, 2019)
# through the same QEMU runs; figures, ratios (ours / iPXE) and limits.
# It asserts nothing.  BENCH_RUNS runs of each client per cell (default 3:
# one run of everything takes about 5 minutes on an idle 2-core TCG
# machine),
# BENCH_SETUPS the setups to run (default "slirp dnsmasq atftpd"),
# the clients alternating (ours first on odd runs, iPXE first on even ones)
# so that drift of the machine hits both alike.
#
# Cells: setup x NIC.  Setups: QEMU's built-in DHCP/TFTP (slirp); the lab
# (tests/lab/lib.sh, needs root) with dnsmasq for DHCP and TFTP; the lab
# with dnsmasq for DHCP and atftpd for TFTP (it grants our RFC 7440 window).
# NICs: e1000 and virtio-net-pci, each booted by its NIC ROM with -boot n:
# ours is romfile=bin/pcbios/{e1000,virtio-net-1041}.rom, iPXE's is
# romfile=/usr/lib/ipxe/qemu/pxe-{e1000,virtio}.rom.  The virtio-net is
# modern-only (disable-legacy=on, PCI ID 1af4:1041): Debian's iPXE virtio
# ROMs (pxe-virtio.rom, efi-virtio.rom) carry only that ID in their PCIR,
# so SeaBIOS never runs them on QEMU's default transitional device
# (1af4:1000), which then boots nothing.
#
# Figures (tests/bench/stamp.py stamps COM1's bytes with the host clock as
# they arrive on QEMU's -serial stdio):
#   time to payload  QEMU start to the marker the ~4 KiB payload
#                    (build/bench/payload.elf, multiboot) prints first
#                    thing; limit: QEMU start to the first byte our ROM
#                    prints, at its BEV entry (the BIOS handing over)
#   TFTP rate        the same payload grown to 64 MiB; ours: the figure it
#                    prints itself ("TFTP: FILE: N bytes in T s (R MB/s)",
#                    first RRQ to last block); iPXE: host stamps of its
#                    "tftp://URI..." and of the "ok" ending that line
#                    (needs -nographic: SeaBIOS copies iPXE's screen to
#                    COM1).  Ours is also stamped the same way ("TFTP:
#                    fetching" to its summary line) to show the method's
#                    error.  Limit: tests/bench/limit.sh, our hosted
#                    client on the same TAP and server (lab setups);
#                    with BENCH_LINUX=1 also a Linux guest's busybox tftp
#                    through the same NIC and server.
#   image size       tests/bench/sizes.sh
# Results: build/bench/results.tsv (every run), bench.md, bench.png.
source "$(dirname "$0")/../lab/lib.sh"
source "$(dirname "$0")/limit.sh"

runs=${BENCH_RUNS:-3}
out=$LAB_REPO/build/bench
bench=$LAB_REPO/tests/bench
qemu="qemu-system-i386"
ipxe_roms=/usr/lib/ipxe/qemu
payload=$out/payload.elf
started=$(date +%s)
mkdir -p "$out"
: >"$out/results.tsv"
: >"$out/skipped.txt"

# note CELL WHY: a cell (or a whole figure) was skipped.
note() {
  echo "skipped: $1: $2" | tee -a "$out/skipped.txt"
}

# record SETUP NIC CLIENT METRIC RUN VALUE
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$out/results.tsv"
}

for tool in $qemu python3 gnuplot; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps-bench)" >&2; exit 1; }
done
for f in bin/pcbios/e1000.rom bin/pcbios/virtio-net-1041.rom build/bench/payload.elf; do
  [ -f "$LAB_REPO/$f" ] || { echo "bench: $f was not built (make bench builds it)" >&2; exit 1; }
done
for f in pxe-e1000.rom pxe-virtio.rom; do
  [ -f "$ipxe_roms/$f" ] || { echo "bench: $ipxe_roms/$f is missing (ipxe-qemu)" >&2; exit 1; }
done

lab_init
cp "$payload" "$LAB_TMP/tftp/small.elf"
# The 64 MiB boot file: a second PT_LOAD at 2 MiB that the payload ignores.
python3 "$LAB_REPO/tests/payloads/mkimage.py" grow "$payload" 0x200000 $((64 << 20)) \
  "$LAB_TMP/tftp/big.elf" || { echo "bench: mkimage.py grow failed" >&2; exit 1; }

# The lab: one topology for both lab setups, when this machine allows it.
lab_why=$(LAB_NEEDS_NETBOOT=no lab_require "dnsmasq atftpd" lab) || lab_why=${lab_why#SKIP lab: }
if [ -z "$lab_why" ] && ! lab_topology 79; then
  lab_why="cannot build the lab topology"
fi

# ---------------------------------------------------------------- one boot

# nic_device NIC: QEMU's -device for a NIC name of the tables.
nic_device() {
  case $1 in
    e1000) echo e1000 ;;
    virtio-net) echo virtio-net-pci,disable-legacy=on ;;
  esac
}

# boot SETUP NIC CLIENT FILE LOG LIMIT_S: boot FILE once, COM1 stamped into
# LOG; returns QEMU's status (33: the payload ran).
boot() {
  local setup=$1 nic=$2 client=$3 file=$4 log=$5 limit=$6 rom net dev screen
  local -a ns=()
  case $client-$nic in
    ours-e1000) rom=$LAB_REPO/bin/pcbios/e1000.rom ;;
    ours-virtio-net) rom=$LAB_REPO/bin/pcbios/virtio-net-1041.rom ;;
    ipxe-e1000) rom=$ipxe_roms/pxe-e1000.rom ;;
    ipxe-virtio-net) rom=$ipxe_roms/pxe-virtio.rom ;;
  esac
  dev=$(nic_device "$nic")
  if [ "$setup" = slirp ]; then
    net="user,id=n0,tftp=$LAB_TMP/tftp,bootfile=$file"
  else
    net="tap,id=n0,ifname=tap0,script=no,downscript=no"
    ns=(ip netns exec "$LAB_CLI")
  fi
  # iPXE writes to the screen only; SeaBIOS copies the screen to COM1
  # under -nographic.  Ours writes to COM1 itself (and to the screen, which
  # -nographic would copy too, doubling every line), so it gets
  # -display none; so does iPXE where its text is not needed.
  screen=(-display none)
  [ "$client" = ipxe ] && [ "$file" = big.elf ] && screen=(-nographic)
  python3 "$bench/stamp.py" "$limit" "$log" "${ns[@]}" $qemu -accel tcg -m 256 \
    -netdev "$net" -device "$dev,netdev=n0,romfile=$rom" -boot n \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    "${screen[@]}" -serial stdio -monitor none -no-reboot
}

# when LOG REGEXP...: tests/bench/when.py
when() {
  python3 "$bench/when.py" "$@"
}

# ttp_run SETUP NIC CLIENT RUN: one time-to-payload boot.
ttp_run() {
  local log=$out/log/$1-$2-$3-ttp-$4.log t first rc
  boot "$1" "$2" "$3" small.elf "$log" 60
  rc=$?
  { read -r first; read -r t; } < <(when "$log" '[^\r\n]' 'bench-payload-marker')
  if [ "$rc" != 33 ] || [ "$t" = - ]; then
    echo "  $1 $2 $3 ttp run $4: failed (QEMU status $rc; $log)"
    record "$1" "$2" "$3" ttp "$4" fail
    return
  fi
  record "$1" "$2" "$3" ttp "$4" "$t"
  # Our ROM's first byte on COM1 comes at its BEV entry: the BIOS is done.
  [ "$3" = ours ] && record "$1" "$2" limit ttp "$4" "$first"
  echo "  $1 $2 $3 run $4: payload at $t s"
}

# rate BYTES T0 T1: MB/s (10^6 bytes) of BYTES moved between T0 and T1;
# "fail" when a stamp is missing ("-", from when.py) or they are not in order.
rate() {
  awk -v b="$1" -v a="$2" -v z="$3" 'BEGIN {
    num = "^[0-9]+([.][0-9]+)?$"
    if (a ~ num && z ~ num && z + 0 > a + 0) printf "%.2f", b / (z - a) / 1e6; else print "fail" }'
}

# tftp_run SETUP NIC CLIENT RUN: one 64 MiB boot.
tftp_run() {
  local log=$out/log/$1-$2-$3-tftp-$4.log rc r t0 t1 size
  size=$(stat -c %s "$LAB_TMP/tftp/big.elf")
  boot "$1" "$2" "$3" big.elf "$log" 150
  rc=$?
  if [ "$rc" != 33 ]; then
    echo "  $1 $2 $3 tftp run $4: failed (QEMU status $rc; $log)"
    record "$1" "$2" "$3" tftp "$4" fail
    return
  fi
  if [ "$3" = ours ]; then
    r=$(tr -d '\r' <"$log" | sed -n "s/^TFTP: big\.elf: $size bytes in [0-9.]* s (\([0-9.]*\) MB\/s).*/\1/p")
    { read -r t0; read -r t1; } < <(when "$log" 'TFTP: fetching big' "TFTP: big\\.elf: $size bytes in")
    record "$1" "$2" ours-stamped tftp "$4" "$(rate "$size" "$t0" "$t1")"
  else
    # iPXE's progress ("13%" and backspaces) shares the line with "ok".
    { read -r t0; read -r t1; } < <(when "$log" 'tftp://[^ ]*big\.elf\.\.\.' 'tftp://[^\r\n]*big\.elf[^\r\n]* ok')
    r=$(rate "$size" "$t0" "$t1")
  fi
  record "$1" "$2" "$3" tftp "$4" "${r:-fail}"
  echo "  $1 $2 $3 run $4: TFTP ${r:-?} MB/s"
}

# ---------------------------------------------------------------- servers

# servers SETUP FILE: (re)start the lab servers of SETUP naming FILE; the
# logs of the ones stopped are added to build/bench/log/THEIR_SETUP-*.
running=none
servers() {
  local f
  lab_stop_servers
  for f in "$LAB_TMP"/*.log; do
    [ -f "$f" ] && cat "$f" >>"$out/log/$running-${f##*/}" && rm -f "$f"
  done
  running=$1
  case $1 in
    dnsmasq) lab_dnsmasq "$LAB_SRV" s0 "$2" ;;
    atftpd) lab_atftpd "$LAB_SRV" "$LAB_SIP" && lab_dnsmasq_dhcp "$LAB_SRV" s0 "$2" ;;
    *) return 0 ;;
  esac
}

# ---------------------------------------------------------------- the runs

mkdir -p "$out/log"
rm -f "$out"/log/*.log "$out"/log/*.stamps
echo "bench: $runs run(s) of each client per cell; logs in build/bench/log/"
for setup in ${BENCH_SETUPS:-slirp dnsmasq atftpd}; do
  if [ "$setup" != slirp ] && [ -n "$lab_why" ]; then
    note "$setup (all cells)" "$lab_why"
    continue
  fi
  for nic in e1000 virtio-net; do
    echo "bench: $setup, $nic"
    for what in ttp tftp; do
      file=small.elf
      [ $what = tftp ] && file=big.elf
      if ! servers "$setup" "$file"; then
        note "$setup $nic $what" "a lab server did not start (build/bench/log/$setup-*)"
        continue
      fi
      for ((r = 1; r <= runs; r++)); do
        order="ours ipxe"
        [ $((r % 2)) = 0 ] && order="ipxe ours"
        for client in $order; do "${what}_run" "$setup" "$nic" "$client" "$r"; done
      done
    done
    # A Linux guest through the same NIC and server (BENCH_LINUX=1).
    if [ "${BENCH_LINUX:-0}" = 1 ] && servers "$setup" big.elf; then
      r=$(limit_tftp "$setup" "$nic" big.elf)
      case $r in
        [0-9]*) record "$setup" "$nic" linux tftp 1 "$r"; echo "  $setup $nic Linux guest: TFTP $r MB/s" ;;
        *) note "$setup $nic Linux guest" "${r:-tests/bench/limit.sh failed}" ;;
      esac
    fi
  done
  # The TFTP limit: the server and the TAP without QEMU (limit.sh); the
  # same for both NICs.
  if [ "$setup" = slirp ] || servers "$setup" big.elf; then
    r=$(limit_hosted "$setup")
    case $r in
      [0-9]*)
        record "$setup" e1000 limit tftp 1 "$r"
        record "$setup" virtio-net limit tftp 1 "$r"
        echo "  $setup limit: TFTP $r MB/s (bin/hosted/netboot on tap0)"
        ;;
      *) note "$setup TFTP limit" "$r" ;;
    esac
  fi
done
servers none

# ---------------------------------------------------------------- report

bash "$bench/sizes.sh" >"$out/sizes.tsv"
elapsed=$(($(date +%s) - started))
python3 "$bench/report.py" "$out" "$runs" "$elapsed"

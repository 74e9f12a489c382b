# shellcheck shell=bash
# Shared by the pcbios QEMU tests (tests/qemu/t_*.sh).  A script sets img
# (the floppy image), limit (seconds QEMU may run) and dir (a temporary
# directory with the TFTP root in dir/tftp) before calling these.

# qemu_crc FILE: its CRC-32 as the firmware prints it (zlib's, in hex).
qemu_crc() {
  python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$1"
}

# qemu_verdict NAME RC WANT_RC LOG REGEXP...: PASS when QEMU exited with
# WANT_RC and COM1's log shows every basic REGEXP, else FAIL with the
# log's tail.  Returns 0 on PASS.
qemu_verdict() {
  local name=$1 rc=$2 want_rc=$3 log=$4 w missing=""
  shift 4
  for w in "$@"; do
    tr -d '\r' <"$log" | grep -q "$w" || missing="$missing '$w'"
  done
  if [ "$rc" -ne "$want_rc" ]; then
    echo "FAIL $name: QEMU exit status $rc, expected $want_rc (124 = timed out after $limit s); serial log:"
  elif [ -n "$missing" ]; then
    echo "FAIL $name: COM1 lacks$missing; serial log:"
  else
    echo "PASS $name"
    return 0
  fi
  tr -d '\r' <"$log" | tail -n 20
  return 1
}

# net_case NAME QEMU MEM_MIB BOOTFILE NIC [QEMU_ARGS...] (NIC "none": no
# network at all); the globals want_rc (QEMU's exit status) and want (basic
# regexps COM1 must show) say what must happen, and want_fetched what else
# it must show when the boot file arrives.  A file that exists must arrive
# whole: its size and CRC-32 on COM1.
net_case() {
  local name=$1 qemu=$2 mem=$3 file=$4 nic=$5 log=$dir/$1.log start pid rc
  local t_ask="" size sum checks=("${want[@]}") net
  shift 5
  net=(-netdev "user,id=n0,tftp=$dir/tftp,bootfile=$file" -device "$nic,netdev=n0,romfile=")
  [ "$nic" = none ] && net=(-nic none)
  start=$(date +%s%N)
  timeout "$limit" "$qemu" -accel tcg -m "$mem" -drive "if=floppy,format=raw,readonly=on,file=$img" \
    "${net[@]}" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$log" -display none -monitor none -no-reboot "$@" </dev/null &
  pid=$!
  # Time QEMU start to the first DHCP message; the poll ends with QEMU,
  # which timeout bounds.
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$t_ask" ] && grep -q "DHCP: asking" "$log" 2>/dev/null; then
      t_ask=$(( ($(date +%s%N) - start) / 1000000 ))
    fi
    sleep 0.01
  done
  wait "$pid"
  rc=$?
  if [ "$nic" != none ] && [ -f "$dir/tftp/$file" ]; then
    size=$(stat -c %s "$dir/tftp/$file") sum=$(qemu_crc "$dir/tftp/$file")
    checks+=("^pcbios: fetched $file from 10.0.2.2: $size bytes in"
      "^pcbios: CRC-32 $sum over $size bytes" "${want_fetched[@]}")
  fi
  qemu_verdict "$name" "$rc" "$want_rc" "$log" "${checks[@]}" || return
  [ -n "$t_ask" ] && echo "INFO $name: QEMU start to \"DHCP: asking\" $t_ask ms"
  tr -d '\r' <"$log" | sed -n "s/^DHCP: .* in \([0-9.]*\) s$/INFO $name: DHCP \1 s/p"
  tr -d '\r' <"$log" | sed -n "s/^pcbios: fetched .*: \([0-9]*\) bytes in \(.*\)$/INFO $name: TFTP \1 bytes in \2/p"
}

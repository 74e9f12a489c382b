# shellcheck shell=bash
# shellcheck disable=SC2154  # out, bench, LAB_*: set by bench.sh, lib.sh
# References for the TFTP rate of tests/bench/bench.sh (sourced there).
#
# limit_hosted, the "limit" line: our hosted client (bin/hosted/netboot,
# its defaults: the largest block, window 16 when granted) on the same
# TAP device tap0 QEMU uses, against the same server: the rate the server,
# the bridge and the TAP deliver the same 64 MiB when no emulated NIC and
# no guest are in the way, an upper bound for any guest.  slirp's server
# lives inside QEMU, out of reach of a host-side client: no limit there.
#
# limit_tftp (BENCH_LINUX=1; about a minute a cell): how fast the same NIC
# model and the same server move the same 64 MiB when the client is Linux.
# Under TCG the emulated kernel is slow, so this is a reference, not a
# bound (1.7 to 7 MB/s on slirp's e1000 here, busy and idle machine).  Debian's kernel (linux-image-amd64) boots by
# QEMU's -kernel with a tiny initramfs (tests/lab/mkinitramfs.py) around
# busybox-static; its /init loads the NIC drivers, gives eth0 a fixed
# address, prints "bench-limit-start", runs `busybox tftp -g -b 1468` (the
# block size ours asks for; lock-step, as busybox has no window) into
# /dev/null, prints "bench-limit-end" and powers off.  The host stamps
# both markers as it stamps iPXE's lines, so the figure has the same
# error, plus the start of one busybox process (milliseconds).
# qemu-system-x86_64: Debian's kernel is 64-bit; the NIC models are the
# same code as in qemu-system-i386.

# limit_initramfs DIR: write DIR/limit-initramfs.gz once; prints why not.
limit_initramfs() {
  local dir=$1 kver moddir m names=() paths=()
  kver=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
    sed -n 's/^linux-image-\([^ ,]*\).*/\1/p')
  if [ -z "$kver" ] || [ ! -f "/boot/vmlinuz-$kver" ]; then
    echo "no linux-image-amd64 (make deps-bench)"
    return 1
  fi
  [ -x /bin/busybox ] || { echo "no busybox-static (make deps-bench)"; return 1; }
  LIMIT_KERNEL=/boot/vmlinuz-$kver
  moddir=/lib/modules/$kver
  # Built-in drivers need no module; modules.dep names the ones that are
  # not.  The order does not matter: /init retries until all are in.
  for m in virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
    failover net_failover virtio_net e1000; do
    m=$(grep -m 1 -E "(^|/)$m\.ko:" "$moddir/modules.dep" | cut -d: -f1)
    [ -n "$m" ] && paths+=("$moddir/$m") && names+=("${m##*/}")
  done
  [ -f "$dir/limit-initramfs.gz" ] && return 0
  cat >"$dir/limit-init" <<'INIT'
#!/bin/sh
export PATH=/bin
busybox mount -t proc proc /proc
busybox mount -t sysfs sysfs /sys
# A module whose dependencies are not in yet fails; the next pass loads it.
for pass in 1 2 3 4 5; do
  for m in /lib/modules/*.ko; do busybox insmod "$m" 2>/dev/null; done
done
for w in $(busybox cat /proc/cmdline); do
  case $w in bench=*) arg=${w#bench=} ;; esac
done
# bench=CLIENT:SERVER:FILE
IFS=: read -r client server file <<END
$arg
END
busybox ifconfig eth0 "$client" netmask 255.255.255.0 up
for _ in $(busybox seq 100); do
  [ "$(busybox cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ] && break
  busybox usleep 100000
done
echo "bench-limit-start"
busybox tftp -g -b 1468 -r "$file" -l /dev/null "$server" && echo "bench-limit-end"
busybox poweroff -f
INIT
  python3 "$LAB_REPO/tests/lab/mkinitramfs.py" "$dir/limit-initramfs.gz" "$dir/limit-init" \
    /bin/busybox "${paths[@]}" || { echo "mkinitramfs.py failed"; return 1; }
}

# limit_tftp SETUP NIC FILE: MB/s of the Linux guest's fetch of FILE (in
# $LAB_TMP/tftp, served by SETUP's server), or why there is none.
limit_tftp() {
  local setup=$1 nic=$2 file=$3 log=$out/log/$1-$2-limit.log dev net client server t0 t1
  local -a ns=()
  limit_initramfs "$out" || return
  dev=$(nic_device "$nic")
  if [ "$setup" = slirp ]; then
    net="user,id=n0,tftp=$LAB_TMP/tftp" client=10.0.2.15 server=10.0.2.2
  else
    net="tap,id=n0,ifname=tap0,script=no,downscript=no" client=${LAB_SIP%.*}.50 server=$LAB_SIP
    ns=(ip netns exec "$LAB_CLI")
  fi
  python3 "$bench/stamp.py" 180 "$log" "${ns[@]}" qemu-system-x86_64 -accel tcg -m 256 \
    -kernel "$LIMIT_KERNEL" -initrd "$out/limit-initramfs.gz" \
    -append "console=ttyS0 quiet loglevel=0 panic=-1 rdinit=/init bench=$client:$server:$file" \
    -netdev "$net" -device "$dev,netdev=n0,romfile=" \
    -display none -serial stdio -monitor none -no-reboot >/dev/null
  { read -r t0; read -r t1; } < <(python3 "$bench/when.py" "$log" 'bench-limit-start' 'bench-limit-end')
  if [ "$t1" = - ]; then
    echo "the Linux guest did not finish its fetch (build/bench/log/${log##*/})"
    return
  fi
  rate "$(stat -c %s "$LAB_TMP/tftp/$file")" "$t0" "$t1"
}

# limit_hosted SETUP: MB/s of bin/hosted/netboot fetching the file SETUP's
# servers name, from the client namespace's tap0; or why there is none.
limit_hosted() {
  local log=$out/log/$1-hosted.log re
  [ "$1" = slirp ] && { echo "slirp's TFTP server is inside QEMU, no host-side client reaches it"; return; }
  [ -x "$NETBOOT" ] || { echo "bin/hosted/netboot is not built (make)"; return; }
  timeout -k 5 120 ip netns exec "$LAB_CLI" "$NETBOOT" --quiet --tap --iface tap0 >"$log" 2>&1
  re='^netboot: fetched .* bytes in [0-9.]+ s, ([0-9.]+) MB/s$'
  if [[ $(tail -n 1 "$log") =~ $re ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    echo "bin/hosted/netboot failed (build/bench/log/${log##*/})"
  fi
}

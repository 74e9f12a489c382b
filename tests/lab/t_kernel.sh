#!/bin/bash
# A real Linux kernel that none of us wrote, netbooted by our ROM (issue 5):
# Debian's own kernel (linux-image-amd64) with a tiny initramfs around
# busybox-static, turned into a boot image by build/util/mknbi-linux and
# build/util/mkelf-linux with --ip=rom, fetched by bin/pcbios/e1000.dsk in
# QEMU from dnsmasq in the lab (lab_topology 8).
#
# The initramfs's /init (written below) loads the kernel's e1000 driver when
# it is a module, gives eth0 the address of the ip= parameter on the kernel
# command line unless the kernel did so itself, prints
#   netboot-kernel-marker: ip=ADDRESS/PREFIX
# (eth0's address as the kernel has it), pings the ip= server, printing
#   netboot-kernel-ping: SERVER answers
# and powers off.  The ROM and the kernel share COM1, so one log shows both.
#
# Cases:
#   kernel_direct  QEMU's own -kernel/-initrd with a literal ip= (QEMU's
#                  user-mode network): the kernel and the initramfs work,
#                  whatever the ROM does; needs no root once the packages
#                  are there
#   kernel_nbi     mknbi-linux --ip=rom, booted by the ROM from dnsmasq:
#                  the marker must show the address the ROM's DHCP got
#                  ("DHCP: ADDRESS/PREFIX ..." on COM1) and the server must
#                  answer the kernel's ping
#   kernel_elf     the same with mkelf-linux
#   kernel_efi     the UEFI client, bin/efi/e1000.efi (our e1000 driver
#                  under OVMF), on a USB stick image (mk/efidisk.sh), told
#                  by its settings block to fetch the kernel, the
#                  initramfs and the command line from QEMU's own TFTP: the
#                  kernel's EFI stub starts through LoadImage/StartImage
#                  and takes the initramfs through LoadFile2
# The packages are installed here when missing and we are root.  Everything
# made (initramfs, images, COM1 logs) stays in build/lab-kernel/.
# INFO lines: the kernel and how it drives the e1000; for each boot the time
# from QEMU's start to the marker and the ROM's TFTP transfer of the image.
source "$(dirname "$0")/lib.sh"
source "$LAB_REPO/tests/qemu/lib.sh"

all="kernel_direct kernel_efi kernel_nbi kernel_elf"
work=$LAB_REPO/build/lab-kernel
# Megabytes of guest memory: the Debian kernel boots to the marker in 96.
mem=128
# qemu_verdict quotes $limit when QEMU timed out.
limit=90
append="console=ttyS0 panic=-1 quiet rdinit=/init"

# ---------------------------------------------------------------- inputs

# kernel_version: the kernel release the linux-image-amd64 package depends
# on ("6.1.0-56-amd64"), empty when the package is not there.
kernel_version() {
  dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
    sed -n 's/^linux-image-\([^ ,]*\).*/\1/p'
}

# inputs_ready: the kernel, its modules and a static busybox are installed.
inputs_ready() {
  local v
  v=$(kernel_version)
  [ -n "$v" ] && [ -f "/boot/vmlinuz-$v" ] && [ -f "/lib/modules/$v/modules.dep" ] &&
    dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'
}

# all_cases VERDICT WHY: every case gets VERDICT (SKIP or FAIL) for WHY.
all_cases() {
  local c
  for c in $all; do echo "$1 $c: $2"; done
}

command -v qemu-system-x86_64 >/dev/null || {
  all_cases SKIP "qemu-system-x86_64 is not installed (mk/deps.sh check)"
  exit 0
}
mkdir -p "$work"
if ! inputs_ready; then
  if [ "$(id -u)" != 0 ]; then
    all_cases SKIP "needs linux-image-amd64 and busybox-static (mk/deps.sh check as root)"
    exit 0
  fi
  # The kernel package's postinst builds an initramfs of its own; a failure
  # of such a hook is no concern of ours as long as the kernel is there.
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      linux-image-amd64 busybox-static; } >"$work/apt.log" 2>&1
  if ! inputs_ready; then
    all_cases FAIL "installing linux-image-amd64 and busybox-static failed (build/lab-kernel/apt.log)"
    tail -n 15 "$work/apt.log" | sed 's/^/  | /'
    exit 0
  fi
fi
kver=$(kernel_version)
vmlinuz=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
e1000=$(sed -n 's/^CONFIG_E1000=\(.\)$/\1/p' "/boot/config-$kver")

# The e1000 module and what it depends on, in loading order: modules.dep
# lists a module's dependencies so that the last one loads first.
modules=()
case $e1000 in
  y) echo "INFO kernel_direct: Linux $kver, e1000 driver built in" ;;
  m)
    dep=$(grep -m 1 -E '(^|/)e1000\.ko[^:]*:' "$moddir/modules.dep")
    read -r -a deps <<<"${dep#*:}"
    for ((i = ${#deps[@]} - 1; i >= 0; i--)); do modules+=("$moddir/${deps[i]}"); done
    modules+=("$moddir/${dep%%:*}")
    echo "INFO kernel_direct: Linux $kver, e1000 driver a module (${#modules[@]} to load)"
    ;;
  *)
    all_cases FAIL "/boot/config-$kver has no e1000 driver (CONFIG_E1000)"
    exit 0
    ;;
esac
for m in "${modules[@]}"; do
  if [[ $m != *.ko ]]; then
    all_cases FAIL "$m is compressed; busybox insmod needs a plain .ko"
    exit 0
  fi
done

# ---------------------------------------------------------------- initramfs

names=""
for m in "${modules[@]}"; do names="$names ${m##*/}"; done
{
  echo '#!/bin/sh'
  echo "modules=\"$names\""
  cat <<'EOF'
export PATH=/bin
busybox mount -t proc proc /proc
busybox mount -t sysfs sysfs /sys
for m in $modules; do busybox insmod "/lib/modules/$m"; done
for w in $(busybox cat /proc/cmdline); do
  case $w in ip=*) ip=${w#ip=} ;; esac
done
# ip=CLIENT:SERVER:GATEWAY:NETMASK:HOST...
IFS=: read -r client server _ netmask _ <<END
$ip
END
busybox ip -4 addr show dev eth0 | busybox grep -q inet ||
  busybox ifconfig eth0 "$client" netmask "$netmask" up
addr=$(busybox ip -4 -o addr show dev eth0 | busybox awk '{print $4}')
echo "netboot-kernel-marker: ip=${addr:-none}"
# The link comes up a second or two after the driver starts the NIC.
for _ in $(busybox seq 100); do
  [ "$(busybox cat /sys/class/net/eth0/carrier)" = 1 ] && break
  busybox usleep 100000
done
busybox ping -c 1 -W 5 "$server" >/dev/null && echo "netboot-kernel-ping: $server answers"
busybox poweroff -f
EOF
} >"$work/init"
if ! python3 "$LAB_REPO/tests/lab/mkinitramfs.py" "$work/initramfs.gz" "$work/init" \
  /bin/busybox "${modules[@]}"; then
  all_cases FAIL "tests/lab/mkinitramfs.py failed"
  exit 0
fi

# ---------------------------------------------------------------- boots

# timed LOG CMD...: run CMD, which boots QEMU with COM1 into LOG, and set
# marker_ms to the time from its start to the marker on COM1 (empty when
# none came).  Returns CMD's exit status.
timed() {
  local log=$1 start pid
  shift
  rm -f "$log"
  marker_ms=''
  start=$(date +%s%N)
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$marker_ms" ] && grep -q '^netboot-kernel-marker:' "$log" 2>/dev/null; then
      marker_ms=$((($(date +%s%N) - start) / 1000000))
    fi
    sleep 0.05
  done
  wait "$pid"
}

log=$work/kernel_direct.log
timed "$log" timeout -k 5 "$limit" qemu-system-x86_64 -accel tcg -m "$mem" \
  -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
  -append "$append ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0:direct" \
  -netdev user,id=n0 -device e1000,netdev=n0,romfile= \
  -serial "file:$log" -display none -monitor none -no-reboot </dev/null
qemu_verdict kernel_direct $? 0 "$log" '^netboot-kernel-marker: ip=10\.0\.2\.15/24$' &&
  echo "INFO kernel_direct: QEMU start to the marker ${marker_ms:-?} ms, $mem MiB"

# kernel_efi: as above, through the UEFI client (see the top).
efi_boot() {
  local name=kernel_efi log=$work/kernel_efi.log app=$LAB_REPO/bin/efi/e1000.efi
  local ovmf=/usr/share/ovmf/OVMF.fd romtool=$LAB_REPO/build/util/romtool
  if [ ! -f "$app" ] || [ ! -x "$romtool" ]; then
    echo "SKIP $name: bin/efi/e1000.efi or build/util/romtool is not built (make)"
    return
  fi
  if [ ! -f "$ovmf" ]; then
    echo "SKIP $name: $ovmf is missing (Debian package ovmf; mk/deps.sh check)"
    return
  fi
  rm -rf "$work/efi-tftp"
  mkdir -p "$work/efi-tftp"
  cp "$vmlinuz" "$work/efi-tftp/vmlinuz"
  cp "$work/initramfs.gz" "$work/efi-tftp/initramfs.gz"
  cp "$app" "$work/kernel.efi"
  cp "$ovmf" "$work/OVMF.fd"
  if ! { "$romtool" set "$work/kernel.efi" filename=vmlinuz initrd=initramfs.gz \
      "cmdline=$append ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0:efi" &&
      sh "$LAB_REPO/mk/efidisk.sh" "$work/kernel_efi.img" "$work/kernel.efi"; } \
      >"$work/kernel_efi.tool.log" 2>&1; then
    echo "FAIL $name: making the USB stick image failed:"
    sed 's/^/  | /' "$work/kernel_efi.tool.log"
    return
  fi
  # OVMF under TCG needs about 10 s to reach its boot manager.
  limit=150
  timed "$log" timeout -k 5 "$limit" qemu-system-x86_64 -accel tcg -m 256 \
    -bios "$work/OVMF.fd" -drive "if=virtio,format=raw,file=$work/kernel_efi.img" \
    -netdev "user,id=n0,tftp=$work/efi-tftp" -device e1000,netdev=n0,romfile= \
    -serial "file:$log" -display none -monitor none -no-reboot </dev/null
  qemu_verdict "$name" $? 0 "$log" 'efi: fetched vmlinuz from 10\.0\.2\.2' \
    'efi: fetched initramfs\.gz from 10\.0\.2\.2' 'efi: the kernel took the initrd' \
    '^netboot-kernel-marker: ip=10\.0\.2\.15/24$' '^netboot-kernel-ping: 10\.0\.2\.2 answers' &&
    echo "INFO $name: QEMU start to the marker ${marker_ms:-?} ms (OVMF included), 256 MiB"
  limit=90
}
efi_boot

# shellcheck disable=SC2034  # read by lab_require
LAB_NEEDS_NETBOOT=no
lab_require "dnsmasq qemu-system-x86_64 python3" kernel_nbi kernel_elf || exit 0
if [ ! -f "$LAB_REPO/bin/pcbios/e1000.dsk" ]; then
  lab_fail_all "bin/pcbios/e1000.dsk was not built (make pcbios)" kernel_nbi kernel_elf
  exit 0
fi
lab_init
lab_topology 8 || { lab_fail_all "cannot build the topology" kernel_nbi kernel_elf; exit 0; }
# shellcheck disable=SC2034  # read by lab_qemu
LAB_QEMU_MEM=$mem

# rom_boot NAME TOOL FILE: make FILE in the TFTP root with TOOL, then boot
# it from the e1000 floppy against a fresh dnsmasq naming it.
rom_boot() {
  local name=$1 tool=$LAB_REPO/build/util/$2 file=$3 log=$work/$1.log rc size ip
  if [ ! -x "$tool" ]; then
    echo "SKIP $name: build/util/$2 is not built yet"
    return
  fi
  if ! "$tool" --output="$LAB_TMP/tftp/$file" --ip=rom --append="$append" \
    "$vmlinuz" "$work/initramfs.gz" >"$work/$name.tool.log" 2>&1; then
    echo "FAIL $name: $2 failed:"
    sed 's/^/  | /' "$work/$name.tool.log"
    return
  fi
  cp "$LAB_TMP/tftp/$file" "$work/$file"
  if ! lab_dnsmasq "$LAB_SRV" s0 "$file"; then
    lab_server_failed "$name" "$LAB_TMP/dnsmasq.log"
    lab_stop_servers
    return
  fi
  timed "$log" lab_qemu "$log" qemu-system-x86_64 \
    -drive "if=floppy,format=raw,readonly=on,file=$LAB_REPO/bin/pcbios/e1000.dsk" \
    -device e1000,netdev=n0,romfile=
  rc=$?
  lab_stop_servers
  size=$(stat -c %s "$LAB_TMP/tftp/$file")
  # The address and prefix the ROM's DHCP got; the kernel must show them.
  ip=$(tr -d '\r' <"$log" | sed -n 's|^DHCP: \(10\.77\.8\.1[0-9][0-9]/24\) .*|\1|p' | head -n 1)
  qemu_verdict "$name" "$rc" 0 "$log" '^DHCP: 10\.77\.8\.1[0-9][0-9]/24 ' \
    "^pcbios: fetched ${file//./\\.} from ${LAB_SIP//./\\.}: $size bytes in" \
    "^netboot-kernel-marker: ip=${ip//./\\.}\$" \
    "^netboot-kernel-ping: ${LAB_SIP//./\\.} answers" || return
  echo "INFO $name: QEMU start to the marker $marker_ms ms, $mem MiB, kernel at $ip"
  tr -d '\r' <"$log" |
    sed -n "s/^pcbios: fetched .*: \([0-9]*\) bytes in \(.*\)$/INFO $name: TFTP \1 bytes in \2/p"
}

rom_boot kernel_nbi mknbi-linux kernel.nbi
rom_boot kernel_elf mkelf-linux kernel.elf

#!/bin/bash
# The UEFI test harness (tests/qemu/efi_lib.sh) proven with the EFI test
# payload alone, before the UEFI client exists: OVMF on qemu-system-x86_64
# (TCG) starts build/payloads/efi/payload.efi, which checks the CRC-32 of
# its data and exits QEMU with 33 ("payload efi: pass"), or 35.
#   - efi_harness_pxe: OVMF's own PXE client (virtio-net, slirp's DHCP and
#     TFTP) fetches and starts payload.efi;
#   - efi_harness_pxe_big: the same with payload-big.efi (4 MiB of data):
#     the INFO line gives OVMF's TFTP rate, the figure to compare with;
#   - efi_harness_disk: OVMF's boot manager starts payload.efi from a FAT
#     image (mtools) as EFI/BOOT/BOOTX64.EFI;
#   - efi_harness_damaged: the same with one byte of the data changed: the
#     payload must notice (status 35);
#   - efi_harness_shell_options: OVMF's UEFI Shell starts the payload with a
#     command line: its load options arrive as the shell's UCS-2 command
#     line, and with the word "return" among them the payload returns
#     EFI_SUCCESS to the shell, which goes on with its script;
#   - efi_harness_no_debug_exit: without isa-debug-exit the payload returns
#     EFI_SUCCESS to OVMF's boot manager, which then starts its setup
#     screen (UiApp); the harness stops QEMU there.
# INFO lines: QEMU start to OVMF's first PXE message and to the payload's
# first line, OVMF's DHCP time and TFTP rate, the whole run.
cd "$(dirname "$0")/../.." || exit
. tests/qemu/efi_lib.sh
pay=build/payloads/efi
cases="efi_harness_pxe efi_harness_pxe_big efi_harness_disk efi_harness_damaged
  efi_harness_shell_options efi_harness_no_debug_exit"

why=$(efi_missing) && efi_skip_all "$why"
[ -f /usr/lib/libgnuefi.a ] || efi_skip_all "gnu-efi is not installed (Debian package gnu-efi)"
for f in $pay/payload.efi $pay/payload-big.efi; do
  if [ ! -f "$f" ]; then
    echo "FAIL efi_harness: $f was not built (make payloads)"
    exit 1
  fi
done
efi_init

# timings NAME: the INFO lines of the last run.
timings() {
  local t t1
  if t=$(efi_ms_at '^>>Start PXE over IPv4'); then
    echo "INFO $1: QEMU start to OVMF's PXE start $t ms"
    # OVMF prints its address when its DHCP is done.
    t1=$(efi_ms_at '^  Station IP address is ') && echo "INFO $1: OVMF's DHCP $((t1 - t)) ms"
  fi
  t=$(efi_ms_at '^payload efi: started') && echo "INFO $1: QEMU start to the payload's first line $t ms"
  echo "INFO $1: whole run $efi_ms ms"
}

mkdir -p "$efi_dir/tftp"
cp $pay/payload.efi $pay/payload-big.efi "$efi_dir/tftp/"
pxe_want=('^>>Start PXE over IPv4' '^  NBP filename is ' '^  NBP file downloaded successfully'
  '^BdsDxe: starting Boot.*"UEFI PXEv4' '^payload efi: started'
  '^payload: load options ""$' '^payload efi: pass')

efi_net_args "$efi_dir/tftp" payload.efi
efi_run pxe 180 "${efi_net[@]}"
efi_verdict efi_harness_pxe 33 "${pxe_want[@]}" '^payload: checking CRC-32 of 65536 bytes' &&
  timings efi_harness_pxe

efi_net_args "$efi_dir/tftp" payload-big.efi
efi_run pxe_big 240 "${efi_net[@]}"
if efi_verdict efi_harness_pxe_big 33 "${pxe_want[@]}" \
  '^payload: checking CRC-32 of 4194304 bytes'; then
  timings efi_harness_pxe_big
  # OVMF prints the size, then "Downloading NBP file..." as it starts and a
  # line when done; the stamps are those lines' arrival on COM1.
  t0=$(efi_ms_at '^ Downloading NBP file') t1=$(efi_ms_at '^  NBP file downloaded successfully')
  size=$(stat -c %s $pay/payload-big.efi)
  [ -n "$t0" ] && [ -n "$t1" ] && [ "$t1" -gt "$t0" ] &&
    echo "INFO efi_harness_pxe_big: OVMF's TFTP $size bytes in $((t1 - t0)) ms," \
      "$(( size * 1000 / (t1 - t0) / 1024 )) KiB/s"
fi

efi_fat_image "$efi_dir/disk.img" $pay/payload.efi
efi_disk_args "$efi_dir/disk.img"
efi_run disk 180 "${efi_disk[@]}" -nic none
efi_verdict efi_harness_disk 33 '^BdsDxe: starting Boot' \
  '^payload efi: started' '^payload: checking CRC-32 of 65536 bytes' '^payload efi: pass' &&
  timings efi_harness_disk

efi_damage $pay/payload.efi "$efi_dir/damaged.efi"
efi_fat_image "$efi_dir/damaged.img" "$efi_dir/damaged.efi"
efi_disk_args "$efi_dir/damaged.img"
efi_run damaged 180 "${efi_disk[@]}" -nic none
efi_verdict efi_harness_damaged 35 '^payload efi: started' \
  "^payload efi: FAIL: the data's CRC-32 differs" && timings efi_harness_damaged

efi_shell_image "$efi_dir/shell.img" $pay/payload.efi 'return two\words "and a quote"'
efi_disk_args "$efi_dir/shell.img"
efi_stop_at='^efitest: returned'
efi_run shell 180 "${efi_disk[@]}" -nic none
efi_stop_at=""
efi_verdict efi_harness_shell_options stopped '^payload efi: started' \
  '^payload: load options "fs0:\\\\payload.efi return two\\\\words \\"and a quote\\""$' \
  '^payload efi: pass' '^payload: asked to return; returning EFI_SUCCESS' \
  '^efitest: returned, lasterror 0x0$' && timings efi_harness_shell_options

efi_debug_exit="" efi_stop_at='^BdsDxe: starting Boot[0-9A-F]* "UiApp"'
efi_disk_args "$efi_dir/disk.img"
efi_run no_debug_exit 180 "${efi_disk[@]}" -nic none
efi_debug_exit=yes efi_stop_at=""
efi_verdict efi_harness_no_debug_exit stopped '^payload efi: pass' \
  '^payload: no isa-debug-exit at port f4h; returning EFI_SUCCESS' && timings efi_harness_no_debug_exit

#!/bin/bash
# core/, net/ and loaders/ must build without a C library for every
# bare-metal architecture, leaving unresolved only the hooks of
# core/platform.h.
cd "$(dirname "$0")/../.."
allowed="platform_abort_requested platform_clock_ms platform_entropy platform_putchar"

for arch in i386 x86_64; do
  obj=build/fs-$arch/netstack.o
  if [ ! -f "$obj" ]; then
    echo "FAIL freestanding_$arch: $obj was not built (make freestanding)"
    continue
  fi
  undefined=$(nm -u "$obj" | awk '{print $2}' | sort | tr '\n' ' ')
  extra=$(comm -23 <(printf '%s\n' $undefined) <(printf '%s\n' $allowed | sort) | tr '\n' ' ')
  if [ -n "$extra" ]; then
    echo "FAIL freestanding_$arch: needs symbols no platform provides: $extra"
  else
    echo "PASS freestanding_$arch"
  fi
  size "$obj" | awk -v a="$arch" 'NR==2 {printf "INFO freestanding_%s: core+net+loaders code %d bytes, data %d, bss %d\n", a, $1, $2, $3}'
done

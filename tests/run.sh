#!/bin/sh
# Run every test program and script and count the results.
#
# Each test prints one line per case on stdout:
#   PASS name
#   FAIL name: why
#   SKIP name: why
# anything else is passed through as log.  A program that exits non-zero
# without printing a FAIL line counts as one failure, so a crash is never lost.
# The last line is "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."

pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {
  name=$1; shift
  "$@" >"$log" 2>&1
  rc=$?
  p=$(grep -c '^PASS ' "$log") f=$(grep -c '^FAIL ' "$log") s=$(grep -c '^SKIP ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $name: exited with status $rc" >>"$log"
    f=1
  fi
  if [ "$f" -gt 0 ]; then
    sed 's/^/  | /' "$log"
  else
    grep -E '^(PASS|SKIP|INFO) ' "$log"
  fi
  pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

for t in build/tests/unit/test_*; do
  [ -x "$t" ] && run_one "$t" "$t"
done
for t in tests/build/t_*.sh tests/qemu/t_*.sh tests/lab/t_*.sh; do
  [ -f "$t" ] && run_one "$t" bash "$t"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

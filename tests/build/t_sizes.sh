#!/bin/sh
# mk/sizes.sh, the build's size budget check: a file within its budget
# passes, one over it or one missing fails the check with a message.
cd "$(dirname "$0")/../.." || exit
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c 1000 /dev/zero >"$dir/small"
head -c 3000 /dev/zero >"$dir/big"

if sh mk/sizes.sh "$dir/small:1024" "$dir/big:0" >"$dir/out" 2>&1 &&
  grep -q "small *1000 *1024 *97%" "$dir/out"; then
  echo "PASS sizes_within_budget"
else
  echo "FAIL sizes_within_budget: $(cat "$dir/out")"
fi
if ! sh mk/sizes.sh "$dir/small:1024" "$dir/big:2048" >"$dir/out" 2>&1 &&
  grep -q "big is 3000 bytes, over its budget of 2048 by 952" "$dir/out"; then
  echo "PASS sizes_over_budget_fails"
else
  echo "FAIL sizes_over_budget_fails: $(cat "$dir/out")"
fi
if ! sh mk/sizes.sh "$dir/absent:1024" >"$dir/out" 2>&1 && grep -q "absent *missing" "$dir/out"; then
  echo "PASS sizes_missing_image_fails"
else
  echo "FAIL sizes_missing_image_fails: $(cat "$dir/out")"
fi

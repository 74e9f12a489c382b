#!/bin/sh
# Print a table of image sizes and fail when one outgrows its budget.
#   mk/sizes.sh FILE:BUDGET_BYTES [FILE:BUDGET_BYTES ...]
# A budget of 0 means "report only".  Files that were not built are listed
# as missing and fail the check, so a budget cannot pass by accident.
set -u
status=0
printf '  %-34s %9s %9s %6s\n' image bytes budget used
for spec in "$@"; do
  file=${spec%:*} budget=${spec##*:}
  if [ ! -f "$file" ]; then
    printf '  %-34s %9s\n' "$file" missing
    status=1
    continue
  fi
  size=$(stat -c %s "$file")
  if [ "$budget" -eq 0 ]; then
    printf '  %-34s %9d %9s %6s\n' "$file" "$size" - -
  else
    printf '  %-34s %9d %9d %5d%%\n' "$file" "$size" "$budget" $((size * 100 / budget))
    if [ "$size" -gt "$budget" ]; then
      echo "sizes: $file is $size bytes, over its budget of $budget by $((size - budget))" >&2
      status=1
    fi
  fi
done
exit $status

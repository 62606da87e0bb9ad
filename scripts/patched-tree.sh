#!/bin/sh
# Make sure $OUT/check holds the base with the current patches/ applied;
# re-apply only when patches/ changed since the last time.
. "$(dirname "$0")/lib.sh"

stamp=$OUT/check.series
now=$(cat $(series) | cksum)
if [ ! -d "$OUT/check" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$now" ]; then
	say "applying the series to the base in $OUT/check"
	"$TOP/scripts/apply-series.sh" "$OUT/check" || exit 1
	echo "$now" >"$stamp"
fi

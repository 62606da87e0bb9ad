#!/bin/sh
# The main job: build the patched guest kernel (or reuse the build), boot
# it under QEMU with a virtio balloon, and walk through an investigation.
. "$(dirname "$0")/lib.sh"

stamp=$OUT/check.series
now=$(cat $(series) | cksum)
if [ ! -d "$OUT/check" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$now" ]; then
	say "applying the series to the base in $OUT/check"
	"$TOP/scripts/apply-series.sh" "$OUT/check" || exit 1
	echo "$now" >"$stamp"
fi
"$TOP/scripts/build-guest.sh" || exit 1
say "booting the guest"
exec python3 -u "$TOP/tests/demo.py" "$OUT/build/guest"

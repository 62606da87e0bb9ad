#!/bin/sh
# Every test of the series, from a fresh application of patches/ to the
# base.  Prints one PASS, FAIL or SKIP line per check and KUnit case, then
# "N passed, M failed".  Exits non-zero if anything failed.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)

say "applying the series to the base in $OUT/check"
if "$TOP/scripts/apply-series.sh" "$OUT/check"; then
	cat $(series) | cksum >"$OUT/check.series"
	pass "series applies to the base with git am ($(series | wc -l) patches)"
	"$TOP/scripts/check-patches.sh"
	"$TOP/scripts/check-kernel-doc.sh"
	"$TOP/scripts/check-build.sh"
	"$TOP/scripts/check-docs.sh"
	"$TOP/scripts/run-kunit.sh"
	"$TOP/scripts/run-e2e.sh"
else
	fail "series applies to the base with git am"
fi

tally "$start"

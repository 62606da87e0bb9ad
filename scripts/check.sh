#!/bin/sh
# Every test of the series, from a fresh application of patches/ to the
# base.  Prints one PASS, FAIL or SKIP line per check and KUnit case, then
# "N passed, M failed".  Exits non-zero if anything failed.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)

# step SCRIPT: run one step of the checks and say how long it took.
step() {
	t=$(date +%s)
	"$TOP/scripts/$1"
	say "$1 took $(($(date +%s) - t)) s"
}

say "applying the series to the base in $OUT/check"
if "$TOP/scripts/apply-series.sh" "$OUT/check"; then
	cat $(series) | cksum >"$OUT/check.series"
	pass "series applies to the base with git am ($(series | wc -l) patches)"
	step check-patches.sh
	step check-kernel-doc.sh
	step check-build.sh
	step check-docs.sh
	step run-kselftest-fixtures.sh
	step run-kunit.sh
	step run-e2e.sh
else
	fail "series applies to the base with git am"
fi

tally "$start"

#!/bin/sh
# run-kselftest-fixtures.sh: the series' balloon_stats kselftest ($OUT/check),
# built for this machine, on figures recorded from guests that no machine
# here can run (tests/kselftest_fixtures.py): each of its checks must pass,
# fail or skip as those figures call for.
. "$(dirname "$0")/lib.sh"

src=$OUT/check/tools/testing/selftests
dir=$OUT/kselftest-fixtures
mkdir -p "$dir"
say "the balloon_stats kselftest on recorded VMware figures"
if ! gcc -O2 -Wall -o "$dir/balloon_stats" "$src/balloon/balloon_stats.c" \
	>"$dir/build.log" 2>&1; then
	fail "kselftest on recorded figures: balloon_stats did not build: see $dir/build.log"
	exit 0
fi
python3 "$TOP/tests/kselftest_fixtures.py" "$dir/balloon_stats" >"$dir/results.log" 2>&1
while IFS= read -r line; do
	case "$line" in
	PASS\ *) pass "${line#PASS }" ;;
	FAIL\ *) fail "${line#FAIL }" ;;
	*) printf '%s\n' "$line" ;;
	esac
done <"$dir/results.log"
grep -q '^PASS \|^FAIL ' "$dir/results.log" ||
	fail "kselftest on recorded figures: no result: see $dir/results.log"
exit 0

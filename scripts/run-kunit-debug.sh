#!/bin/sh
# run-kunit-debug.sh KIND: the balloon KUnit suites under the kernel's own
# checkers, on the guest kernel of configuration guest-KIND (built by
# check-debug.sh): kasan-lockdep (KASAN with lockdep, DEBUG_ATOMIC_SLEEP
# and DEBUG_PREEMPT) or kcsan, both with DEBUG_VM.  One boot with
# kunit.enable=1 runs them.  Each must pass every case, among them the
# core suite's check of the message that names a driver which deflated too
# much, and the kernel log must show no report at all: no suite warns.
# As in run-kunit.sh, 4 GiB and 4 possible CPUs of which 2 online, so
# that the core suite's sum over possible CPUs runs and does not skip.
. "$(dirname "$0")/lib.sh"

kind=$1
build=$OUT/build/guest-$kind
console=$build/kunit-console.log
log=$OUT/kunit-$kind.log

say "KUnit suites under $kind: one boot of the guest kernel (about 1 min)"
if ! python3 "$TOP/tests/kunit_boot.py" --cpus 4 --online 2 --mem 4096 \
	"$build" "$console" >"$log" 2>&1; then
	cat "$log"
	fail "kunit under $kind: the guest did not boot with kunit.enable=1; see $log"
	exit 0
fi
(cd "$OUT/check" && python3 tools/testing/kunit/kunit.py parse "$console") >>"$log" 2>&1
rc=$?
summary=$(grep -o 'Ran [0-9]* tests: .*' "$log" | tail -n 1)
# KASAN and KCSAN reports start "BUG:", lockdep's and WARN's "WARNING:".
reports=$(grep -E 'BUG:|WARNING:|sleeping function called from invalid context' "$console")
# KCSAN must have watched from boot, or its run proves nothing.
checker=yes
[ "$kind" = kcsan ] && ! grep -q 'kcsan: enabled early' "$console" && checker=
ran=$(grep -c '\[PASSED\] overdrawn_names_driver' "$log")
possible=$(grep -c '\[PASSED\] sum_covers_possible_cpus' "$log")
if [ "$rc" -eq 0 ] && [ -n "$summary" ] && [ -z "$reports" ] && [ "$ran" -eq 1 ] &&
   [ "$possible" -eq 1 ] && [ -n "$checker" ]; then
	pass "kunit under $kind: $summary, no report"
else
	printf '%s\n' "$reports" | head -n 20
	grep -E 'FAILED|CRASHED' "$log" | head -n 10
	[ -n "$checker" ] || echo "the log has no 'kcsan: enabled early': KCSAN was off"
	fail "kunit under $kind (kunit.py parse exit $rc): ${summary:-no summary}; overdrawn_names_driver and sum_covers_possible_cpus passed $ran and $possible time(s) (want 1 each); see $log and $console"
fi

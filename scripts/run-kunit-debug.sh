#!/bin/sh
# run-kunit-debug.sh KIND: the balloon KUnit suites under the kernel's own
# checkers, on the guest kernel of configuration guest-KIND (built by
# check-debug.sh): kasan-lockdep (KASAN with lockdep, DEBUG_ATOMIC_SLEEP
# and DEBUG_PREEMPT) or kcsan, both with DEBUG_VM.  One boot with
# kunit.enable=1 runs them.  Each must pass every case, and the kernel log
# must show no report but one: the warning that the core suite's last case
# provokes on purpose, which must name the driver.
. "$(dirname "$0")/lib.sh"

kind=$1
build=$OUT/build/guest-$kind
console=$build/kunit-console.log
log=$OUT/kunit-$kind.log
named='balloon_stats: virtio_balloon deflated 3 pages more than it inflated'

say "KUnit suites under $kind: one boot of the guest kernel (about 1 min)"
if ! python3 "$TOP/tests/kunit_boot.py" "$build" "$console" >"$log" 2>&1; then
	cat "$log"
	fail "kunit under $kind: the guest did not boot with kunit.enable=1; see $log"
	exit 0
fi
(cd "$OUT/check" && python3 tools/testing/kunit/kunit.py parse "$console") >>"$log" 2>&1
rc=$?
summary=$(grep -o 'Ran [0-9]* tests: .*' "$log" | tail -n 1)
# KASAN and KCSAN reports start "BUG:", lockdep's and WARN's "WARNING:".
reports=$(grep -E 'BUG:|WARNING:|sleeping function called from invalid context' \
	"$console" | grep -v 'balloon_stats\.c:[0-9]* __balloon_stats_check')
warned=$(grep -c 'WARNING:.*balloon_stats\.c:[0-9]* __balloon_stats_check' "$console")
named_seen=$(grep -cF "$named" "$console")
# KCSAN must have watched from boot, or its run proves nothing.
checker=yes
[ "$kind" = kcsan ] && ! grep -q 'kcsan: enabled early' "$console" && checker=
ran=$(grep -c '\[PASSED\] debug_check_names_driver' "$log")
if [ "$rc" -eq 0 ] && [ -n "$summary" ] && [ -z "$reports" ] && [ "$warned" -eq 1 ] &&
   [ "$named_seen" -eq 1 ] && [ "$ran" -eq 1 ] && [ -n "$checker" ]; then
	pass "kunit under $kind: $summary, no report but the DEBUG_VM check's, which named the driver"
else
	printf '%s\n' "$reports" | head -n 20
	grep -E 'FAILED|CRASHED' "$log" | head -n 10
	[ -n "$checker" ] || echo "the log has no 'kcsan: enabled early': KCSAN was off"
	fail "kunit under $kind (kunit.py parse exit $rc): ${summary:-no summary}; the DEBUG_VM check warned $warned time(s) and named the driver $named_seen time(s), its case passed $ran time(s) (want 1, 1, 1); see $log and $console"
fi

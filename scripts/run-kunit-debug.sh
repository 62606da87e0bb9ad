#!/bin/sh
# The balloon KUnit suites again under the kernel's own checkers: KASAN
# with lockdep, DEBUG_ATOMIC_SLEEP and DEBUG_PREEMPT, then KCSAN.  Each
# must pass every case, and its console must show no report, except the
# one WARNING that the clamp test provokes on purpose.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
args="-smp 2 -m 512"
if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
	args="$args -accel kvm"
fi

for kind in kasan-lockdep kcsan; do
	case "$kind" in
	kasan-lockdep) opts="DEBUG_KERNEL KASAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP PREEMPT DEBUG_PREEMPT" ;;
	kcsan) opts="DEBUG_KERNEL KCSAN" ;;
	esac
	add=
	for o in $opts; do add="$add --kconfig_add CONFIG_$o=y"; done
	build=$OUT/build/kunit-$kind
	log=$OUT/kunit-$kind.log
	say "KUnit suites under $kind (about 6 min cold)"
	# shellcheck disable=SC2086
	(cd "$src" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
		--kunitconfig=tools/testing/kunit/configs/balloon.config $add \
		--build_dir="$build" --jobs="$JOBS" --make_options="CC=ccache gcc" \
		--qemu_args="$args" --timeout=900) >"$log" 2>&1
	rc=$?
	summary=$(grep -o 'Ran [0-9]* tests: .*' "$log" | tail -n 1)
	# The whole console is in test.log; the clamp test's WARNING comes
	# with its own message and is expected once.
	# KASAN and KCSAN reports start "BUG:", lockdep's start "WARNING:".
	reports=$(grep -E 'BUG:|WARNING:|sleeping function called from invalid context' \
		"$build/test.log" | grep -v 'at mm/balloon_stats.c:[0-9]* balloon_stats_read')
	expected=$(grep -c 'at mm/balloon_stats.c:[0-9]* balloon_stats_read' "$build/test.log")
	if [ "$rc" -eq 0 ] && [ -z "$reports" ] && [ "$expected" -le 1 ]; then
		pass "kunit under $kind: $summary, no report (the clamp test's WARNING seen $expected time)"
	else
		printf '%s\n' "$reports" | head -n 20
		grep -E 'FAILED|CRASHED' "$log" | head -n 10
		fail "kunit under $kind (exit $rc): $summary; see $log and $build/test.log"
	fi
done

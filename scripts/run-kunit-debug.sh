#!/bin/sh
# The balloon KUnit suites again under the kernel's own checkers: KASAN
# with lockdep, DEBUG_ATOMIC_SLEEP and DEBUG_PREEMPT, then KCSAN, both with
# DEBUG_VM.  Each must pass every case, and its console must show no
# report but one: the warning that the core suite's last case provokes on
# purpose, which must name the driver.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
args="-smp 2 -m 512"
if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
	args="$args -accel kvm"
fi
named='balloon_stats: virtio_balloon deflated 3 pages more than it inflated'

for kind in kasan-lockdep kcsan; do
	case "$kind" in
	kasan-lockdep) opts="DEBUG_KERNEL DEBUG_VM KASAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP PREEMPT DEBUG_PREEMPT" ;;
	kcsan) opts="DEBUG_KERNEL DEBUG_VM KCSAN" ;;
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
	# The whole console is in test.log.  KASAN and KCSAN reports start
	# "BUG:", lockdep's and WARN's "WARNING:".
	reports=$(grep -E 'BUG:|WARNING:|sleeping function called from invalid context' \
		"$build/test.log" | grep -v 'balloon_stats\.c:[0-9]* __balloon_stats_check')
	warned=$(grep -c 'WARNING:.*balloon_stats\.c:[0-9]* __balloon_stats_check' "$build/test.log")
	named_seen=$(grep -cF "$named" "$build/test.log")
	ran=$(grep -c '\[PASSED\] debug_check_names_driver' "$log")
	if [ "$rc" -eq 0 ] && [ -z "$reports" ] && [ "$warned" -eq 1 ] &&
	   [ "$named_seen" -eq 1 ] && [ "$ran" -eq 1 ]; then
		pass "kunit under $kind: $summary, no report but the DEBUG_VM check's, which named the driver"
	else
		printf '%s\n' "$reports" | head -n 20
		grep -E 'FAILED|CRASHED' "$log" | head -n 10
		fail "kunit under $kind (exit $rc): $summary; the DEBUG_VM check warned $warned time(s) and named the driver $named_seen time(s), its case passed $ran time(s) (want 1, 1, 1); see $log and $build/test.log"
	fi
done

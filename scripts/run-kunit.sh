#!/bin/sh
# Run the balloon KUnit suites with kunit.py under QEMU (x86_64, 2 CPUs)
# and record each case.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build/kunit
log=$OUT/kunit.log
args="-smp 2"
if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
	args="$args -accel kvm"
fi

say "building and running the KUnit suites (about 4 min cold)"
(cd "$src" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig=tools/testing/kunit/configs/balloon.config \
	--build_dir="$build" --jobs="$JOBS" --make_options="CC=ccache gcc" \
	--qemu_args="$args" --timeout=600) >"$log" 2>&1
rc=$?

# kunit.py prints "[PASSED] name" per case and per parameter; the suite
# and parameterised-case summaries are framed with "=".
sed -n 's/^\[[0-9:]*\] *\[\(PASSED\|FAILED\|SKIPPED\|CRASHED\)\] \([^=]*\)$/\1 \2/p' "$log" |
	while read -r status name; do
		case "$status" in
		PASSED) pass "kunit $name" ;;
		SKIPPED) skip "kunit $name" ;;
		*) fail "kunit $name" ;;
		esac
	done
grep -q '\[PASSED\]\|\[FAILED\]' "$log" || { tail -n 30 "$log"; fail "kunit.py ran no test (exit $rc): see $log"; }
[ "$rc" -eq 0 ] || { grep -E 'FAILED|CRASHED|Expected|ASSERT' "$log" | head -n 30; fail "kunit.py exit status $rc"; }

#!/bin/sh
# Run the balloon KUnit suites with kunit.py under QEMU (x86_64, 2 CPUs,
# 512 MiB: the VMware suite needs room for 2 MiB pages) and record each case.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build/kunit
log=$OUT/kunit.log
args="-smp 2 -m 512"
if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
	args="$args -accel kvm"
fi

say "building and running the KUnit suites (about 4 min cold)"
(cd "$src" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig=tools/testing/kunit/configs/balloon.config \
	--build_dir="$build" --jobs="$JOBS" --make_options="CC=ccache gcc" \
	--qemu_args="$args" --timeout=600) >"$log" 2>&1
rc=$?

# kunit.py prints "[PASSED] name" per case and per parameter, under a
# "==== suite (N subtests) ====" header; the summaries of suites and of
# parameterised cases are framed with "=".
sed -n -e 's/^\[[0-9:]*\] =* \([a-z0-9_]*\) ([0-9]* subtests) =*$/suite \1/p' \
	-e 's/^\[[0-9:]*\] *\[\(PASSED\|FAILED\|SKIPPED\|CRASHED\)\] \([^=]*\)$/\1 \2/p' "$log" |
	while read -r status name; do
		case "$status" in
		suite) suite=$name ;;
		PASSED) pass "kunit $suite: $name" ;;
		SKIPPED) skip "kunit $suite: $name" ;;
		*) fail "kunit $suite: $name" ;;
		esac
	done
grep -q '\[PASSED\]\|\[FAILED\]' "$log" || { tail -n 30 "$log"; fail "kunit.py ran no test (exit $rc): see $log"; }
[ "$rc" -eq 0 ] || { grep -E 'FAILED|CRASHED|Expected|ASSERT' "$log" | head -n 30; fail "kunit.py exit status $rc"; }

#!/bin/sh
# run-kunit.sh [arm64]: run the balloon KUnit suites with kunit.py under
# QEMU (x86_64, 2 CPUs, 512 MiB: the VMware suite needs room for 2 MiB
# pages) and record each case.  With arm64: the core suite on arm64 with
# 64 KiB pages, cross-compiled (configs/kunit-arm64.config).
. "$(dirname "$0")/lib.sh"

src=$OUT/check
args="-smp 2 -m 512"
case "${1:-x86_64}" in
x86_64)	build=$OUT/build/kunit prefix=kunit
	opts="--arch=x86_64 --kunitconfig=tools/testing/kunit/configs/balloon.config"
	cc=gcc
	if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
		args="$args -accel kvm"
	fi ;;
arm64)	build=$OUT/build/kunit-arm64 prefix="kunit arm64 64K pages"
	opts="--arch=arm64 --cross_compile=aarch64-linux-gnu- --kunitconfig=$TOP/configs/kunit-arm64.config"
	cc=aarch64-linux-gnu-gcc ;;
*)	die "run-kunit.sh: unknown architecture '$1'" ;;
esac
log=$build.log

say "building and running the KUnit suites, $prefix (about 4 min cold)"
# shellcheck disable=SC2086
(cd "$src" && python3 tools/testing/kunit/kunit.py run $opts \
	--build_dir="$build" --jobs="$JOBS" --make_options="CC=ccache $cc" \
	--qemu_args="$args" --timeout=600) >"$log" 2>&1
rc=$?

kunit_results "$log" "$prefix"
[ "$rc" -eq 0 ] || { grep -E 'FAILED|CRASHED|Expected|ASSERT' "$log" | head -n 30; fail "$prefix: kunit.py exit status $rc"; }

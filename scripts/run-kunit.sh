#!/bin/sh
# run-kunit.sh [arm64]: run the balloon KUnit suites with kunit.py under
# QEMU and record each case.  x86_64: 4 GiB, above the 2 GiB where an
# array of one pointer per available page outgrows kcalloc() (the Xen
# suite's trap), with room for the VMware suite's 2 MiB pages.  4 possible
# CPUs of which 2 online (maxcpus=2), so that the core suite's sums over
# possible CPUs differ from sums over online ones.  With arm64: the core
# suite on arm64 with 64 KiB pages, cross-compiled
# (configs/kunit-arm64.config), with the same CPUs.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
args="-smp 4"
case "${1:-x86_64}" in
x86_64)	build=$OUT/build/kunit prefix=kunit
	args="$args -m 4096"
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
mkdir -p "$OUT/build"

say "building and running the KUnit suites, $prefix (about 4 min cold)"
# shellcheck disable=SC2086
(cd "$src" && python3 tools/testing/kunit/kunit.py run $opts \
	--build_dir="$build" --jobs="$JOBS" --make_options="CC=ccache $cc" \
	--qemu_args="$args" --kernel_args=maxcpus=2 --timeout=600) >"$log" 2>&1
rc=$?

kunit_results "$log" "$prefix"
[ "$rc" -eq 0 ] || { grep -E 'FAILED|CRASHED|Expected|ASSERT' "$log" | head -n 30; fail "$prefix: kunit.py exit status $rc"; }

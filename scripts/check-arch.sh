#!/bin/sh
# check-arch.sh ARCH: the series on another architecture, cross-compiled
# and run under QEMU (TCG).  Apart from make check to keep that one short;
# CI runs every architecture.  Ends with "N passed, M failed".
#   arm64    the core KUnit suite and the virtio scenarios, 64 KiB pages:
#            the device counts in 4 KiB pages, the guest in 64 KiB ones
#   ppc64le  W=1 and sparse from pseries_le_defconfig; a pseries guest
#            with 64 KiB pages and the CMM scenarios (e2e_cmm.py)
#   s390x    W=1 and sparse from defconfig; an s390x guest with the CMM
#            scenarios, and the virtio scenarios over virtio-ccw on a
#            big-endian guest
. "$(dirname "$0")/lib.sh"

arch=$1
case "$arch" in
arm64)	export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
ppc64le) export ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- ;;
s390x)	export ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- ;;
*)	die "check-arch.sh: unknown architecture '$arch' (arm64, ppc64le or s390x)" ;;
esac

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)
"$TOP/scripts/patched-tree.sh" || exit 1

case "$arch" in
arm64)	"$TOP/scripts/run-kunit.sh" arm64 ;;
*)	# CMM built in with the counters, and a module without them; the
	# guest below is the third combination, a module with the counters.
	for cfg in "$arch-y" "$arch-core-n-m"; do
		"$TOP/scripts/check-objects.sh" "$cfg"
	done ;;
esac

build=$OUT/build/guest-$arch
say "$arch guest kernel (about 4 min cold)"
if BUSYBOX=$OUT/$arch/busybox BUILD=$build CONFIG=guest-$arch \
	"$TOP/scripts/build-guest.sh"; then
	pass "$arch guest kernel: counters built in, drivers as modules, modpost"
else
	fail "$arch guest kernel: build failed"
	tally "$start"
	exit
fi

case "$arch" in
arm64)	E2E_ONLY='^(?!.*compaction)' \
		"$TOP/scripts/run-e2e.sh" "$build" "on arm64, 64 KiB pages"
	skip "virtio e2e on arm64, 64 KiB pages: compaction while inflated:" \
		"a pageblock is 512 MiB with 64 KiB pages, two in the 1 GiB guest," \
		"and compaction migrated no balloon page in 2 runs of 3 tries here" ;;
ppc64le) "$TOP/scripts/run-e2e.sh" "$build" "" e2e_cmm.py ;;
s390x)	"$TOP/scripts/run-e2e.sh" "$build" "" e2e_cmm.py
	E2E_ONLY='^(?!.*random walk)' \
		"$TOP/scripts/run-e2e.sh" "$build" "on s390x, virtio-ccw" ;;
esac
tally "$start"

#!/bin/sh
# check-mainline.sh: the mainline series (mainline/) on the newest mainline
# release Debian ships, 7.3 (fetch-mainline.sh), in $OUT/mainline, with
# the same scripts as make check:
#  - checkpatch --strict, the author and sign-off, kernel-doc;
#  - the touched objects with W=1 and sparse: x86 with the four x86
#    drivers and the KUnit tests built in; ppc64le and s390x with CMM;
#  - every shorter prefix of the series builds (x86);
#  - the balloon core's KUnit suite on two NUMA nodes;
#  - the guest kernel, and the virtio scenarios against the host's
#    figure with mainline's /proc lines alone.
# Ends with "N passed, M failed".
TOP=$(cd "$(dirname "$0")/.." && pwd)
export OUT="${OUT:-$TOP/out}/mainline" PATCHES="$TOP/mainline"
export TARBALL="$OUT/linux-source-7.3.tar.xz"
unset KERNEL_SRC
. "$TOP/scripts/lib.sh"

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)

"$TOP/scripts/fetch-mainline.sh" || { fail "fetch linux-source-7.3"; tally "$start"; exit; }
say "applying mainline/ to 7.3 in $OUT/check"
if ! "$TOP/scripts/apply-series.sh" "$OUT/check"; then
	fail "mainline series applies to 7.3 with git am"
	tally "$start"
	exit
fi
pass "mainline series applies to 7.3 with git am ($(series | wc -l) patches)"
"$TOP/scripts/check-patches.sh"
"$TOP/scripts/check-kernel-doc.sh"

"$TOP/scripts/check-objects.sh" all-y
ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- "$TOP/scripts/check-objects.sh" ppc64le-y
ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- "$TOP/scripts/check-objects.sh" s390x-y

"$TOP/scripts/check-bisect.sh" all-y

# Two nodes of 512 MiB, a CPU (and a socket) each: a migration can
# change nodes.
node() { echo "-object memory-backend-ram,id=n$1,size=512M -numa node,nodeid=$1,memdev=n$1,cpus=$1"; }
QEMU_ARGS="-smp 2,sockets=2 -m 1024 $(node 0) $(node 1)" "$TOP/scripts/run-kunit.sh"

export E2E_FIGURES=proc
if "$TOP/scripts/build-guest.sh"; then
	pass "7.3 guest kernel: drivers as modules, modpost"
	"$TOP/scripts/run-e2e.sh" "$OUT/build/guest" "on 7.3"
else
	fail "7.3 guest kernel: build failed"
fi

tally "$start"

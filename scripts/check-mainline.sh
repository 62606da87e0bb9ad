#!/bin/sh
# check-mainline.sh: the mainline series (mainline/) on the newest mainline
# release Debian ships, 7.3 (fetch-mainline.sh), in $OUT/mainline, with
# the same scripts as make check:
#  - checkpatch --strict, the author and sign-off, kernel-doc;
#  - the touched objects with W=1 and sparse: x86 with the four x86
#    drivers and the KUnit tests built in; ppc64le and s390x with CMM;
#  - every shorter prefix of the series builds (x86);
#  - the guest kernel, with the KUnit suites built in; in it, the suites
#    on two NUMA nodes, and the virtio scenarios against the host's figure:
#    Balloon:, BalloonManaged:, their /proc/vmstat items and the SysRq-m
#    line (E2E_FIGURES=mainline);
#  - pseries and s390x guests, and the CMM scenarios against the
#    drivers' own figures (e2e_cmm.py).
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

export E2E_FIGURES=mainline
if CONFIG=guest-kunit "$TOP/scripts/build-guest.sh"; then
	pass "7.3 guest kernel: the KUnit suites and the drivers they test built in, virtio a module, modpost"
	# Two nodes, a CPU and 512 MiB each: a migration can change nodes.
	"$TOP/scripts/run-kunit-guest.sh" "$OUT/build/guest" "kunit on 7.3, 2 nodes" 2
	"$TOP/scripts/run-e2e.sh" "$OUT/build/guest" "on 7.3"
else
	fail "7.3 guest kernel: build failed"
fi

# The CMM guests, with the busyboxes that make deps fetches for
# check-arch.sh.
for arch in ppc64le s390x; do
	case "$arch" in
	ppc64le) export ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- ;;
	s390x)	export ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- ;;
	esac
	build=$OUT/build/guest-$arch
	say "7.3 $arch guest kernel (about 4 min cold)"
	if BUSYBOX="$(dirname "$OUT")/$arch/busybox" BUILD=$build CONFIG=guest-$arch \
		"$TOP/scripts/build-guest.sh"; then
		pass "7.3 $arch guest kernel: CMM as a module, modpost"
		"$TOP/scripts/run-e2e.sh" "$build" "on 7.3" e2e_cmm.py
	else
		fail "7.3 $arch guest kernel: build failed"
	fi
done
unset ARCH CROSS_COMPILE

tally "$start"

#!/bin/sh
# Build the guest kernel from $OUT/check (configuration 'guest': core built
# in, balloon drivers as modules) and its busybox initramfs, in
# $OUT/build/guest.  Reuses an earlier build: make rebuilds what changed.
# SRC, BUILD and CONFIG (a name for kconfig.sh) change the three; with
# ARCH set, BUSYBOX is a busybox for that architecture.
. "$(dirname "$0")/lib.sh"

src=${SRC:-$OUT/check}
build=${BUILD:-$OUT/build/guest}
[ -d "$src" ] || die "$src does not exist: run make check or make demo"

"$TOP/scripts/kconfig.sh" "${CONFIG:-guest}" "$src" "$build" || exit 1
say "building the guest kernel and modules (about 4 min cold, seconds warm)"
case "${ARCH:-x86_64}" in
arm64)	image=Image ;;
powerpc) image=vmlinux ;;
*)	image=bzImage ;;	# x86 and s390
esac
kmake -C "$src" O="$build" $image modules >"$build/build.log" 2>&1 ||
	{ tail -n 30 "$build/build.log"; die "guest kernel build failed: full log in $build/build.log"; }

# The series' kselftest, static: the guest has no C library.  The base
# tree (make bench) has none.
selftest=$src/tools/testing/selftests/balloon
if [ -d "$selftest" ]; then
	say "building the balloon kselftest"
	mkdir -p "$build/selftest"
	make -s -C "$selftest" OUTPUT="$build/selftest" LDFLAGS=-static \
		>>"$build/build.log" 2>&1 ||
		die "kselftest build failed: see $build/build.log"
fi

say "packing the initramfs"
root=$build/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/lib/modules"
busybox=${BUSYBOX:-/bin/busybox}
cp "$busybox" "$root/bin/busybox" || die "no $busybox: install busybox-static (make deps)"
cp "$TOP/tests/guest/init" "$root/init"
[ -d "$selftest" ] && cp "$build/selftest/balloon_stats" "$root/bin/"
chmod +x "$root/init"
find "$build" -name '*balloon*.ko' -exec cp {} "$root/lib/modules/" \;
for dep in hv_vmbus vmw_vmci cmm; do
	find "$build" -name "$dep.ko" -exec cp {} "$root/lib/modules/" \;
done
(cd "$root" && find . | cpio -o -H newc --quiet) >"$build/initramfs.cpio" ||
	die "cpio failed"

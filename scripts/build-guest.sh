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

modules=$(find "$build" -path "$build/initramfs" -prune -o \( -name '*balloon*.ko' \
	-o -name hv_vmbus.ko -o -name vmw_vmci.ko -o -name cmm.ko \) -print)
# shellcheck disable=SC2086
pack_initramfs "$src" "$build" "${BUSYBOX:-/bin/busybox}" $modules

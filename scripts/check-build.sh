#!/bin/sh
# Build what the series touches, in every configuration of the Kconfig
# matrix (see kconfig.sh), at every patch of the series:
#  - the full series: the touched objects with W=1 and sparse (C=2), see
#    check-objects.sh; then the drivers as modules without the counters,
#    virtio and Xen alone, all as modules and i386 are linked whole, with
#    modpost;
#  - the guest kernel (core built in, drivers as modules) in full, with
#    modpost: scripts/build-guest.sh;
#  - each shorter prefix of the series: the touched objects must build
#    (check-bisect.sh).
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build

for cfg in all-y core-n core-n-m none virtio-alone hv-alone vmw-alone xen-alone all-m i386; do
	if [ "$cfg" = i386 ]; then export ARCH=i386; else unset ARCH; fi
	"$TOP/scripts/check-objects.sh" "$cfg"
	# Linked whole: the drivers as modules without the counters (modpost
	# finds a hook that needs the core), one driver alone with them
	# (virtio, and Xen with its KUnit stubs), all as modules, and 32-bit.
	# hv-alone and vmw-alone would link the same core in the same
	# allnoconfig again.
	case "$cfg" in
	all-y | core-n | none | hv-alone | vmw-alone) continue ;;
	core-n-m | all-m | i386) targets="vmlinux modules" ;;
	*) targets=vmlinux ;;	# allnoconfig: no module support
	esac
	say "linking configuration '$cfg': $targets (a few minutes cold)"
	if kmake -C "$src" O="$build/$cfg" $targets >"$build/$cfg/link.log" 2>&1; then
		pass "link, configuration $cfg: $targets, modpost"
	else
		tail -n 20 "$build/$cfg/link.log"
		fail "link, configuration $cfg: see $build/$cfg/link.log"
	fi
done
unset ARCH

if "$TOP/scripts/build-guest.sh"; then
	pass "guest kernel: core built in, drivers as modules, modpost"
else
	fail "guest kernel: core built in, drivers as modules, modpost"
fi

"$TOP/scripts/check-bisect.sh" all-y core-n-m

#!/bin/sh
# Build what the series touches, in every configuration of the Kconfig
# matrix (see kconfig.sh), at every patch of the series:
#  - the full series: the touched objects with W=1 and sparse (C=2), see
#    check-objects.sh; then the drivers as modules without the counters,
#    and virtio and Xen alone, are linked whole, with modpost;
#  - the guest kernel (core built in, drivers and the core's KUnit suite
#    as modules) in full, with modpost: scripts/build-guest.sh;
#  - each shorter prefix of the series: the touched objects must build
#    (check-bisect.sh).
# Not linked, as they would prove nothing the links above do not:
# hv-alone and vmw-alone (the same core in the same allnoconfig), all-y
# and core-n (built-in code is checked by the objects, and linked in the
# alone configurations), all-m (the guest is all-m), and i386, whose one
# failure a link alone would show, a 64-bit division the compiler leaves
# to libgcc (the kernel has no libgcc), is looked for in its objects.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build

for cfg in all-y core-n core-n-m none virtio-alone hv-alone vmw-alone xen-alone all-m i386; do
	if [ "$cfg" = i386 ]; then export ARCH=i386; else unset ARCH; fi
	"$TOP/scripts/check-objects.sh" "$cfg"
	case "$cfg" in
	core-n-m) targets="vmlinux modules" ;;
	virtio-alone | xen-alone) targets=vmlinux ;;	# no module support
	i386)	objs=$(objects "$src" "$build/i386")
		if [ -z "$objs" ] || ! syms=$(cd "$build/i386" && nm -u $objs); then
			fail "i386: no touched object to read in $build/i386"
			continue
		fi
		calls=$(printf '%s\n' "$syms" | grep -oE '__u?((div|mod)di3|divmoddi4)$' |
			sort -u | tr '\n' ' ')
		if [ -z "$calls" ]; then
			pass "i386: no touched object calls libgcc's 64-bit division"
		else
			fail "i386: the touched objects call $calls(use div_u64() and friends)"
		fi
		continue ;;
	*)	continue ;;
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
	pass "guest kernel: core built in, drivers and the core's KUnit suite as modules, modpost"
else
	fail "guest kernel: core built in, drivers and the core's KUnit suite as modules, modpost"
fi

"$TOP/scripts/check-bisect.sh" all-y core-n-m

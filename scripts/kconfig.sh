#!/bin/sh
# kconfig.sh NAME SRC BUILD: write the .config NAME of the Kconfig matrix in
# BUILD for the tree SRC, and check that every line of it took.
#   guest    core on, drivers and the core's KUnit suite m (the guest of
#            the end-to-end tests)
#   guest-kunit
#            the guest with every balloon KUnit suite built in, and so the
#            drivers they test, but virtio, and NUMA: they run at a boot
#            with kunit.enable=1 (make check-mainline)
#   bench    core on, drivers m, no KUnit (make bench)
#   all-y    core on, drivers y, KUnit tests y
# The 6.12 names serve the mainline tree too: a symbol the tree does not
# know (BALLOON_STATS, BALLOON_COMPACTION) is dropped.
#   core-n   core off, drivers y
#   core-n-m core off, drivers m
#   none     no balloon driver, so no core
#   virtio-alone, hv-alone, vmw-alone
#            allnoconfig, the core and one driver built in, and no more
#            than that driver needs (no debugfs, no ACPI where optional)
#   xen-alone
#            as virtio-alone, for the Xen balloon (always built in)
#   all-m    core on, drivers and the core's KUnit test as modules (the
#            guest links it)
#   i386     all-y on 32-bit x86 (ARCH=i386)
#   ppc64le-y, ppc64le-core-n-m
#            pseries_le_defconfig with 64 KiB pages, with the core on and
#            the CMM driver built in, or the core off and CMM a module
#            (ARCH=powerpc)
#   s390x-y, s390x-core-n-m
#            the same from s390's defconfig (ARCH=s390)
#   guest-arm64, guest-ppc64le, guest-s390x
#            the guests of the other architectures (configs/guest-*.config)
#   guest-kasan-lockdep, guest-kcsan
#            the guest under the kernel's checkers, with every balloon
#            KUnit suite built in (and so the drivers they test, but
#            virtio): one kernel for check-debug.sh's suites and scenarios
#   deb      Debian's configuration for cloud VMs, without debug info,
#            named -balloon-stats (make deb)
. "$(dirname "$0")/lib.sh"

name=$1 src=$2 build=$3
frag=$build/matrix.config
defconfig= start=
mkdir -p "$build"
guest=$TOP/configs/guest.config
case "$name" in
guest)	cp "$guest" "$frag"
	printf 'CONFIG_%s\n' KUNIT=y BALLOON_STATS_KUNIT_TEST=m >>"$frag" ;;
bench)	cp "$guest" "$frag" ;;
all-y)	sed 's/=m$/=y/' "$guest" >"$frag"
	printf 'CONFIG_%s=y\n' XEN XEN_BALLOON KUNIT >>"$frag"
	# BALLOON_KUNIT_TEST is mainline's (make check-mainline).
	printf 'CONFIG_%s_KUNIT_TEST=y\n' BALLOON_STATS BALLOON HYPERV_BALLOON \
		VMWARE_BALLOON XEN_BALLOON >>"$frag" ;;
core-n)	sed -e 's/=m$/=y/' -e 's/^CONFIG_BALLOON_STATS=y/CONFIG_BALLOON_STATS=n/' \
		"$guest" >"$frag"
	# Xen PV guests take the driver's page table paths.
	printf 'CONFIG_%s=y\n' XEN XEN_PV XEN_BALLOON >>"$frag" ;;
core-n-m) sed 's/^CONFIG_BALLOON_STATS=y/CONFIG_BALLOON_STATS=n/' "$guest" >"$frag" ;;
none)	grep -v -E 'BALLOON|^CONFIG_HYPERV(_|=)|VMWARE' "$guest" >"$frag" ;;
virtio-alone)
	printf 'CONFIG_%s=y\n' 64BIT PCI VIRTIO_MENU VIRTIO_PCI VIRTIO_BALLOON \
		BALLOON_STATS >"$frag" ;;
hv-alone)
	printf 'CONFIG_%s=y\n' 64BIT HYPERVISOR_GUEST HYPERV HYPERV_BALLOON \
		BALLOON_STATS >"$frag" ;;
vmw-alone)
	printf 'CONFIG_%s=y\n' 64BIT PCI HYPERVISOR_GUEST VMWARE_VMCI \
		VMWARE_BALLOON BALLOON_STATS >"$frag" ;;
xen-alone)
	printf 'CONFIG_%s=y\n' 64BIT HYPERVISOR_GUEST PARAVIRT XEN XEN_BALLOON \
		BALLOON_STATS >"$frag" ;;
all-m)	cp "$guest" "$frag"
	# The driver suites need their drivers built in; only the core's
	# can be a module.
	printf 'CONFIG_%s\n' KUNIT=y BALLOON_STATS_KUNIT_TEST=m >>"$frag" ;;
i386)	[ "$ARCH" = i386 ] || die "kconfig.sh: configuration i386 needs ARCH=i386"
	sed -e '/^CONFIG_64BIT=/d' -e 's/=m$/=y/' "$guest" >"$frag"
	echo CONFIG_KUNIT=y >>"$frag"
	printf 'CONFIG_%s_KUNIT_TEST=y\n' BALLOON_STATS HYPERV_BALLOON \
		VMWARE_BALLOON >>"$frag" ;;
ppc64le-*)
	[ "$ARCH" = powerpc ] || die "kconfig.sh: configuration $name needs ARCH=powerpc"
	defconfig=pseries_le_defconfig
	printf 'CONFIG_%s=y\n' PPC_64K_PAGES PPC_SMLPAR >"$frag"
	case "$name" in
	*-y)	printf 'CONFIG_%s=y\n' CMM BALLOON_STATS >>"$frag" ;;
	*-core-n-m) printf 'CONFIG_CMM=m\nCONFIG_BALLOON_STATS=n\n' >>"$frag" ;;
	esac ;;
s390x-*)
	[ "$ARCH" = s390 ] || die "kconfig.sh: configuration $name needs ARCH=s390"
	defconfig=defconfig
	case "$name" in
	*-y)	printf 'CONFIG_%s=y\n' CMM VIRTIO_BALLOON BALLOON_STATS >"$frag" ;;
	*-core-n-m) printf 'CONFIG_CMM=m\nCONFIG_VIRTIO_BALLOON=m\nCONFIG_BALLOON_STATS=n\n' >"$frag" ;;
	esac ;;
guest-arm64 | guest-ppc64le | guest-s390x)
	cp "$TOP/configs/$name.config" "$frag" ;;
guest-kunit | guest-kasan-lockdep | guest-kcsan)
	# virtio stays a module for the rmmod scenario.  The suites run only
	# at a boot with kunit.enable=1.  BALLOON_KUNIT_TEST is mainline's.
	sed -e 's/=m$/=y/' -e 's/^CONFIG_VIRTIO_BALLOON=y$/CONFIG_VIRTIO_BALLOON=m/' \
		"$guest" >"$frag"
	# KUNIT_AUTORUN_ENABLED is mainline's, and allnoconfig turns it off.
	printf 'CONFIG_%s\n' XEN=y XEN_BALLOON=y KUNIT=y KUNIT_DEFAULT_ENABLED=n \
		KUNIT_AUTORUN_ENABLED=y >>"$frag"
	printf 'CONFIG_%s_KUNIT_TEST=y\n' BALLOON_STATS HYPERV_BALLOON \
		VMWARE_BALLOON XEN_BALLOON BALLOON >>"$frag"
	case "$name" in
	# Mainline's core suite migrates a page from one node to another.
	*-kunit) printf 'CONFIG_%s=y\n' NUMA X86_64_ACPI_NUMA >>"$frag" ;;
	*-kasan-lockdep) printf 'CONFIG_%s=y\n' DEBUG_VM KASAN PROVE_LOCKING \
		DEBUG_ATOMIC_SLEEP PREEMPT DEBUG_PREEMPT >>"$frag" ;;
	# allnoconfig would leave KCSAN off until enabled through debugfs,
	# and as strict as it goes: these are its defaults.
	*-kcsan) printf 'CONFIG_%s=y\n' DEBUG_VM KCSAN KCSAN_EARLY_ENABLE \
		KCSAN_DELAY_RANDOMIZE KCSAN_SKIP_WATCH_RANDOMIZE \
		KCSAN_REPORT_RACE_UNKNOWN_ORIGIN KCSAN_REPORT_VALUE_CHANGE_ONLY \
		KCSAN_ASSUME_PLAIN_WRITES_ATOMIC >>"$frag" ;;
	esac ;;
deb)	start=/usr/src/linux-config-6.12/config.amd64_none_cloud-amd64.xz
	[ -f "$start" ] || die "no $start: install linux-config-6.12"
	# Every balloon driver stays as Debian builds it.  Debug info would
	# double the build time and make a 1 GB package of its own.
	printf 'CONFIG_%s\n' BALLOON_STATS=y 'LOCALVERSION="-balloon-stats"' \
		DEBUG_INFO_NONE=y >"$frag" ;;
*)	die "kconfig.sh: unknown configuration '$name'" ;;
esac

# In mainline (7.3) HYPERV is a bool and the VMBus driver, which the balloon
# driver needs, is HYPERV_VMBUS: give it the balloon driver's value.
if grep -qx 'config HYPERV_VMBUS' "$src/drivers/hv/Kconfig" 2>/dev/null; then
	hv=$(sed -n 's/^CONFIG_HYPERV_BALLOON=\([ym]\)$/\1/p' "$frag")
	sed -i 's/^CONFIG_HYPERV=m$/CONFIG_HYPERV=y/' "$frag"
	[ -z "$hv" ] || echo "CONFIG_HYPERV_VMBUS=$hv" >>"$frag"
fi

# Symbols the tree at this point of the series does not know yet are
# dropped, so that every prefix of the series can use the same matrix.
grep -rhs --include='Kconfig*' -E '^(menu)?config ' "$src" | sed -E 's/^(menu)?config /CONFIG_/' |
	sort -u >"$frag.symbols"
: >"$frag.known"
while IFS= read -r line; do
	case "$line" in CONFIG_*) ;; *) continue ;; esac
	grep -qxF "${line%%=*}" "$frag.symbols" && echo "$line" >>"$frag.known"
done <"$frag"

if [ -n "$defconfig$start" ]; then
	if [ -n "$start" ]; then
		xzcat "$start" >"$build/.config"
	else
		kmake -C "$src" O="$build" "$defconfig" >/dev/null
	fi &&
		"$src/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" \
			"$frag.known" >/dev/null &&
		kmake -C "$src" O="$build" olddefconfig >/dev/null ||
		die "${defconfig:-$start} with $frag for '$name' failed in $build"
else
	kmake -C "$src" O="$build" KCONFIG_ALLCONFIG="$frag.known" allnoconfig >/dev/null ||
		die "allnoconfig for '$name' failed in $build"
fi
while IFS= read -r line; do
	case "$line" in
	*=n) grep -qx "# ${line%=n} is not set" "$build/.config" ||
		! grep -q "^${line%=n}=" "$build/.config" ;;
	*) grep -qx "$line" "$build/.config" ;;
	esac || die "configuration '$name': $line did not take (a dependency is missing from $frag)"
done <"$frag.known"

#!/bin/sh
# make deb: Debian packages (linux-image, linux-headers) of the patched
# kernel, built with the kernel's own bindeb-pkg from Debian's
# configuration for cloud VMs, config.amd64_none_cloud-amd64 of
# linux-config-6.12, with the counters on (kconfig.sh deb); then the
# image package booted under QEMU with a virtio balloon
# (tests/deb_boot.py).  A second run rebuilds only what changed.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/patched-tree.sh" || exit 1
deb=$OUT/deb
build=$deb/build
"$TOP/scripts/kconfig.sh" deb "$OUT/check" "$build" || exit 1
rm -f "$deb"/*.deb "$deb"/*.buildinfo "$deb"/*.changes
say "building the packages with make bindeb-pkg: about 60 min cold on 2 CPUs," \
	"a few minutes again; log in $build/build.log"
start=$(date +%s)
# LOCALVERSION set, even empty, keeps a "+" (a git tree off a release
# tag) out of the release: 6.12.117-balloon-stats.
kmake -C "$OUT/check" O="$build" LOCALVERSION= bindeb-pkg >"$build/build.log" 2>&1 ||
	{ tail -n 30 "$build/build.log"; die "bindeb-pkg failed: full log in $build/build.log"; }
say "built in $(( ($(date +%s) - start) / 60 )) min:"
ls -l "$deb"/*.deb
image=$(ls "$deb"/linux-image-*.deb)

say "booting the package's kernel under QEMU with a virtio balloon"
boot=$deb/boot
rm -rf "$boot"
mkdir -p "$boot"
dpkg-deb -x "$image" "$boot/root" || die "cannot unpack $image"
release=$(ls "$boot/root/lib/modules")
cp "$boot/root/boot/config-$release" "$boot/.config"
find "$boot/root/lib/modules" -name 'virtio_balloon.ko.xz' -exec xz -dc {} \; \
	>"$boot/virtio_balloon.ko"
[ -s "$boot/virtio_balloon.ko" ] || die "no virtio_balloon.ko.xz in $image"
pack_initramfs "$OUT/check" "$boot" /bin/busybox "$boot/virtio_balloon.ko"
python3 "$TOP/tests/deb_boot.py" "$boot" "$boot/root/boot/vmlinuz-$release" ||
	die "the package's kernel did not show the balloon (console in $boot/console.log)"
say "install on a Debian 12 VM: apt install ./$(basename "$image") (see the README)"

#!/bin/sh
# install-deps.sh [arm64|ppc64le|s390x|deb]: install the Debian packages
# the workbench uses, if any is missing.  With an architecture: its cross
# compiler and C library (the guest's kselftest is linked static), its
# QEMU and a busybox of that architecture for the guest, in
# $OUT/ARCH/busybox.  With deb: what make deb needs besides.
. "$(dirname "$0")/lib.sh"
mkdir -p "$OUT"

PKGS="linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev
 sparse python3 python3-ply python3-git python3-sphinx busybox-static cpio ccache xz-utils git
 qemu-system-x86 gnuplot-nox"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# apt_update: apt-get update, tried three times: while a mirror syncs, one
# index can fail for a moment ("File has unexpected size").
apt_update() {
	for try in 1 2 3; do
		$SUDO apt-get update -qq >"$OUT/apt-update.log" 2>&1 && return 0
		say "apt-get update failed (try $try of 3, see $OUT/apt-update.log)"
		[ "$try" -eq 3 ] || sleep 20
	done
	return 1
}

# fetch_busybox DEBIAN_ARCH DIR: busybox-static of that architecture, as
# DIR/busybox.
fetch_busybox() {
	[ -x "$2/busybox" ] && return 0
	dpkg --print-foreign-architectures | grep -qx "$1" || {
		say "adding $1 to dpkg's architectures, for busybox-static:$1"
		$SUDO dpkg --add-architecture "$1"
	} || die "could not add the $1 architecture to dpkg"
	# A failed update may still leave the package's index usable: only
	# the download decides.
	apt-cache show "busybox-static:$1" >/dev/null 2>&1 || apt_update ||
		say "apt-get update kept failing; trying the download anyway"
	say "fetching busybox-static:$1"
	rm -rf "$2" && mkdir -p "$2" &&
		(cd "$2" && apt-get download -qq "busybox-static:$1" 2>/dev/null &&
		 dpkg-deb -x busybox-static_*_"$1".deb root) &&
		cp "$2/root/bin/busybox" "$2/busybox" ||
		die "could not fetch busybox-static:$1; try apt-get update, then apt-get download busybox-static:$1"
}

case "$1" in
"") ;;
arm64)	PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm" ;;
ppc64le) PKGS="gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross qemu-system-ppc" ;;
s390x)	PKGS="gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-system-misc" ;;
deb)	PKGS="linux-config-6.12 debhelper rsync kmod" ;;
*)	die "install-deps.sh: unknown architecture '$1'" ;;
esac

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	say "installing Debian packages:$missing"
	# One index failing (a foreign architecture's, while the mirror
	# syncs) leaves the others usable: the install decides.
	apt_update || say "apt-get update kept failing; trying the install anyway"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null ||
		die "apt-get install$missing failed; run it by hand to see why"
fi
case "$1" in
arm64)	fetch_busybox arm64 "$OUT/arm64" ;;
ppc64le) fetch_busybox ppc64el "$OUT/ppc64le" ;;
s390x)	fetch_busybox s390x "$OUT/s390x" ;;
esac

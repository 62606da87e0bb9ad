#!/bin/sh
# install-deps.sh [arm64]: install the Debian packages the workbench uses,
# if any is missing.  With arm64: the cross compiler, qemu-system-aarch64
# and an arm64 busybox for the guest, in $OUT/arm64/busybox.
. "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev
 sparse python3 python3-ply python3-git python3-sphinx busybox-static cpio ccache xz-utils git
 qemu-system-x86 gnuplot-nox"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

if [ "$1" = arm64 ]; then
	PKGS="gcc-aarch64-linux-gnu qemu-system-arm"
	if [ ! -x "$OUT/arm64/busybox" ]; then
		dpkg --print-foreign-architectures | grep -qx arm64 || {
			say "adding arm64 to dpkg's architectures, for busybox-static:arm64"
			$SUDO dpkg --add-architecture arm64 && $SUDO apt-get update -qq
		} || die "could not add the arm64 architecture to apt"
		say "fetching busybox-static:arm64"
		rm -rf "$OUT/arm64" && mkdir -p "$OUT/arm64" &&
			(cd "$OUT/arm64" && apt-get download -qq busybox-static:arm64 &&
			 dpkg-deb -x busybox-static_*_arm64.deb root) &&
			cp "$OUT/arm64/root/bin/busybox" "$OUT/arm64/busybox" ||
			die "could not fetch busybox-static:arm64; try apt-get download busybox-static:arm64"
	fi
fi

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

say "installing Debian packages:$missing"
$SUDO apt-get update -qq ||
	die "apt-get update failed; check the network and /etc/apt/sources.list"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null ||
	die "apt-get install$missing failed; run it by hand to see why"

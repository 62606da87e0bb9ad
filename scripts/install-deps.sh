#!/bin/sh
# Install the Debian packages the workbench uses, if any is missing.
. "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev
 sparse python3 python3-ply python3-git python3-sphinx busybox-static cpio ccache xz-utils git
 qemu-system-x86 gnuplot-nox"

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
say "installing Debian packages:$missing"
$SUDO apt-get update -qq ||
	die "apt-get update failed; check the network and /etc/apt/sources.list"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null ||
	die "apt-get install$missing failed; run it by hand to see why"

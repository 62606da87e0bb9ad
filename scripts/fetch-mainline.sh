#!/bin/sh
# fetch-mainline.sh: $OUT/linux-source-7.3.tar.xz, the mainline base, from
# Debian's linux-source-7.3 in trixie-backports.  apt runs with a sources
# list, index and cache of its own under $OUT/apt: the machine's sources
# are left alone.  The package version and the tarball's SHA-256 are
# pinned; MAINLINE_VERSION and MAINLINE_SHA256 override them.
. "$(dirname "$0")/lib.sh"

VERSION=${MAINLINE_VERSION:-7.3.4-1~bpo13+1}
SHA256=${MAINLINE_SHA256:-76df1affb19f24926949369be1d74b60071c963c598ce8780bddd4bbf0fc3bc4}
PKG=linux-source-7.3
tarball=$OUT/$PKG.tar.xz

if [ -f "$tarball" ] && [ "$(cat "$tarball.sha256" 2>/dev/null)" = "$SHA256" ]; then
	exit 0
fi
apt=$OUT/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-trixie-automatic.gpg]" \
	"http://deb.debian.org/debian trixie-backports main" >"$apt/sources.list"
[ -f /usr/share/keyrings/debian-archive-trixie-automatic.gpg ] ||
	die "no trixie archive key: install debian-archive-keyring (bookworm's has it)"

# apt_own CMD ARGS: apt-get or apt-cache with the workbench's own sources.
apt_own() {
	cmd=$1
	shift
	"$cmd" -q -o Dir::Etc::sourcelist="$apt/sources.list" \
		-o Dir::Etc::sourceparts=- -o Dir::State::Lists="$apt/lists" \
		-o Dir::Cache="$apt/cache" -o APT::Architectures::=amd64 \
		-o APT::Sandbox::User=root "$@"
}

say "fetching the index of trixie-backports (own sources list in $apt)"
for try in 1 2 3; do
	apt_own apt-get update >"$apt/update.log" 2>&1 && break
	say "apt-get update failed (try $try of 3, see $apt/update.log)"
	[ "$try" -eq 3 ] || sleep 20
done
say "downloading $PKG=$VERSION (about 170 MB)"
rm -f "$apt"/*.deb
(cd "$apt" && apt_own apt-get download "$PKG=$VERSION" >"$apt/download.log" 2>&1) || {
	have=$(apt_own apt-cache madison "$PKG" 2>/dev/null | cut -d'|' -f2 | tr -d ' ' | tr '\n' ' ')
	die "$PKG $VERSION is not in trixie-backports (it has: ${have:-nothing}).
  Pick one: MAINLINE_VERSION=<version> MAINLINE_SHA256=<sha256 of its
  /usr/src/$PKG.tar.xz> make check-mainline"
}
say "unpacking the package"
rm -rf "$apt/root"
dpkg-deb -x "$apt"/"$PKG"_*.deb "$apt/root" || die "dpkg-deb -x of $PKG failed"
sum=$(sha256sum "$apt/root/usr/src/$PKG.tar.xz" | cut -d' ' -f1)
[ "$sum" = "$SHA256" ] ||
	die "$PKG $VERSION: the tarball's SHA-256 is $sum, not the pinned $SHA256.
  If that version was rebuilt on purpose, set MAINLINE_SHA256=$sum"
mv "$apt/root/usr/src/$PKG.tar.xz" "$tarball" && echo "$SHA256" >"$tarball.sha256"
rm -rf "$apt/root" "$apt"/*.deb

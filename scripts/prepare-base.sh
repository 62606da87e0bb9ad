#!/bin/sh
# Make $OUT/base: a git tree of the unpatched kernel with the tag "base".
# The source is KERNEL_SRC (a kernel checkout or tree) if set, else
# TARBALL, by default that of Debian's linux-source-6.12 package.
. "$(dirname "$0")/lib.sh"

TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
stamp=$OUT/base.from
from=${KERNEL_SRC:-$TARBALL}

if [ -d "$BASE/.git" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$from" ]; then
	exit 0
fi
rm -rf "$BASE" "$stamp"
mkdir -p "$OUT"

if [ -n "$KERNEL_SRC" ]; then
	[ -f "$KERNEL_SRC/Makefile" ] && [ -d "$KERNEL_SRC/mm" ] ||
		die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree"
	if git -C "$KERNEL_SRC" rev-parse --verify -q HEAD >/dev/null; then
		say "cloning $KERNEL_SRC (HEAD) as the base tree"
		git clone -q --shared "$KERNEL_SRC" "$BASE" ||
			die "git clone of $KERNEL_SRC failed"
		git -C "$BASE" tag base HEAD
		echo "$from" >"$stamp"
		exit 0
	fi
	say "copying $KERNEL_SRC as the base tree"
	cp -a "$KERNEL_SRC" "$BASE" || die "copy of $KERNEL_SRC failed"
else
	[ -f "$TARBALL" ] ||
		die "$TARBALL is missing: make deps installs linux-source-6.12; or set KERNEL_SRC"
	say "extracting $TARBALL (about 10 s)"
	mkdir -p "$BASE"
	tar -xJf "$TARBALL" -C "$BASE" --strip-components=1 ||
		die "could not extract $TARBALL"
fi

say "committing the base tree to git (about 20 s)"
cd "$BASE" || exit 1
git init -q
# 80,000 loose objects would start a repack in the background of every
# later git command; the tree is thrown away, never repacked.
git config gc.auto 0
# make export writes a commit's git note below its "---": keep the notes
# when a commit is amended or rebased.
git config notes.rewriteRef refs/notes/commits
# Debian's top-level .gitignore ignores everything: add by force.
git add -f -A
git -c user.name=base -c user.email=base@invalid commit -q \
	-m "Linux $(make -s kernelversion) base" || die "git commit of the base failed"
git tag base
echo "$from" >"$stamp"

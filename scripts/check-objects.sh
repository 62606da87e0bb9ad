#!/bin/sh
# check-objects.sh NAME: build the C files the series touches that the
# configuration NAME of the Kconfig matrix (kconfig.sh) compiles, from
# $OUT/check, with W=1 and sparse (C=2); ARCH and CROSS_COMPILE come from
# the environment.  A warning about a touched file passes only if the
# base tree, built the same way, gives it too.
. "$(dirname "$0")/lib.sh"

cfg=$1
src=$OUT/check
build=$OUT/build

# warnings SRC BUILD: build the touched objects with W=1 and sparse and
# print their warnings about touched files, without line numbers.
warnings() {
	objs=$(objects "$1" "$2")
	touched=$(git -C "$src" diff --name-only base HEAD | tr '\n' '|')
	# An object that is up to date would not be compiled, and would show
	# no warning: the base tree's never change.
	for o in $objs; do rm -f "$2/$o"; done
	kmake -C "$1" O="$2" W=1 C=2 $objs >"$2/log" 2>&1 ||
		{ cat "$2/log"; echo "BUILD FAILED: $objs"; return 0; }
	grep -E '(warning|error):' "$2/log" | sed -e "s|^$1/||" -e 's/:[0-9]*:[0-9]*:/:/' \
		-e 's/:[0-9]*:/:/' | grep -E "^(${touched%|}):" | sort -u
}

say "building the touched objects, W=1 and sparse, configuration '$cfg'"
"$TOP/scripts/kconfig.sh" "$cfg" "$src" "$build/$cfg" ||
	{ fail "W=1 C=2 build, configuration $cfg: no .config"; exit 0; }
new=$(warnings "$src" "$build/$cfg")
# Only a warning needs the base's build, to see if it is new.
old=
if [ -n "$new" ]; then
	"$TOP/scripts/kconfig.sh" "$cfg" "$BASE" "$build/base-$cfg" ||
		{ fail "W=1 C=2 build, configuration $cfg: no base .config"; exit 0; }
	old=$(warnings "$BASE" "$build/base-$cfg")
fi
added=$(printf '%s\n' "$new" | grep -v '^$' | grep -vxF -e "${old:-@none@}")
# A tree newer than the sparse it finds (7.3 and Debian 12's 0.6.4, which
# lacks __typeof_unqual__) builds without it, with only a make warning.
checker="W=1 C=2"
if grep -q 'but sparse is not available or not up to date' "$build/$cfg/log"; then
	skip "sparse, configuration $cfg: Debian's sparse $(sparse --version 2>/dev/null) fails the tree's scripts/checker-valid.sh (it lacks __typeof_unqual__)"
	checker="W=1 (no sparse)"
fi
if [ -z "$added" ]; then
	pass "$checker build, configuration $cfg: $(objects "$src" "$build/$cfg" | tr '\n' ' ')"
else
	printf '%s\n' "$added"
	fail "$checker build, configuration $cfg"
fi

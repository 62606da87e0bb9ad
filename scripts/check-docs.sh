#!/bin/sh
# Build Documentation/virt with Sphinx: no warning or error may name a file
# the series touches.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build/docs
mkdir -p "$build"
say "building the virt documentation (about 1 min)"
make -C "$src" O="$build" SPHINXDIRS=virt htmldocs >"$build/log" 2>&1 ||
	{ tail -n 20 "$build/log"; fail "make SPHINXDIRS=virt htmldocs"; exit 0; }
touched=$(git -C "$src" diff --name-only base HEAD | sed 's/[.]/[.]/g' | tr '\n' '|')
bad=$(grep -iE 'warning|error' "$build/log" | grep -E "${touched%|}")
if [ -z "$bad" ]; then
	pass "make SPHINXDIRS=virt htmldocs: no warning about a touched file"
else
	printf '%s\n' "$bad"
	fail "make SPHINXDIRS=virt htmldocs"
fi

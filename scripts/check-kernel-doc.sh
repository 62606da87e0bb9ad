#!/bin/sh
# scripts/kernel-doc -Wall on every C file and header the series adds or
# changes: a file passes if it has no kernel-doc warning that the base
# version of the same file does not already have.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
# Without line numbers or the tree's path, wherever kernel-doc puts them
# (the Python one of 6.16 on writes "Warning: PATH:LINE text", twice).
warnings() {
	"$src/scripts/kernel-doc" -Wall -none "$1" 2>&1 |
		sed -e 's/:[0-9]*:/:/' -e 's/:[0-9][0-9]* / /' -e "s|$2/||" | sort -u
}

for f in $(git -C "$src" diff --name-only --diff-filter=AM base HEAD -- '*.c' '*.h'); do
	new=$(warnings "$src/$f" "$src")
	old=
	if git -C "$src" cat-file -e "base:$f" 2>/dev/null; then
		git -C "$src" show "base:$f" >"$OUT/kdoc-base.tmp"
		old=$(warnings "$OUT/kdoc-base.tmp" "$OUT" | sed "s|kdoc-base.tmp|$f|")
	fi
	added=$(printf '%s\n' "$new" | grep -v '^$' | grep -vxF -e "$old" 2>/dev/null)
	[ -z "$old" ] && added=$(printf '%s\n' "$new" | grep -v '^$')
	if [ -z "$added" ]; then
		pass "kernel-doc -Wall $f"
	else
		printf '%s\n' "$added"
		fail "kernel-doc -Wall $f"
	fi
done
rm -f "$OUT/kdoc-base.tmp"

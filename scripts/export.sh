#!/bin/sh
# Write the commits of $OUT/linux after the tag "base" back to the series
# (patches/, or $PATCHES).
# A patch whose text did not change keeps its file, so unchanged patches
# do not churn; the hand-written cover letter is left alone.
. "$(dirname "$0")/lib.sh"

dir=$OUT/linux
[ -d "$dir" ] || die "$dir does not exist: run 'make tree' first"
[ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ] ||
	die "$dir has uncommitted changes: commit them first"
# The base's .gitignore (Debian's) ignores every new file: one left out
# of a commit would be missing from its patch.
new=$(git -C "$dir" status --porcelain --ignored | sed -n 's/^!! //p' |
	grep -v -e '__pycache__/' -e '^\.kunit/')
[ -z "$new" ] || die "files not in any commit (the base's .gitignore hides them): $new; git add -f them"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Empty context lines are written empty, not as a lone space that
# whitespace checkers flag; git am reads them either way.
git -C "$dir" -c diff.suppressBlankEmpty=true format-patch -q --zero-commit \
	--no-signature --notes -o "$tmp" base..HEAD ||
	die "git format-patch failed in $dir"

for old in "$PATCHES"/[0-9]*.patch; do
	case "$old" in */0000-* | *'[0-9]*.patch') continue ;; esac
	[ -e "$tmp/$(basename "$old")" ] || { rm -f "$old"; echo "removed $(basename "$old")"; }
done
: >"$tmp/series.new"
for new in "$tmp"/*.patch; do
	name=$(basename "$new")
	echo "$name" >>"$tmp/series.new"
	cmp -s "$new" "$PATCHES/$name" && continue
	cp "$new" "$PATCHES/$name"
	echo "wrote $name"
done
mv "$tmp/series.new" "$PATCHES/series"
git -C "$dir" rev-parse HEAD >"$OUT/linux.applied"

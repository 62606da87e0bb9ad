#!/bin/sh
# Give a developer $OUT/linux: the base plus one commit per patch.  Refuses
# to replace a tree holding commits or changes that were not exported.
. "$(dirname "$0")/lib.sh"

dir=$OUT/linux
if [ -d "$dir" ] && [ -z "$FORCE" ]; then
	if [ -n "$(git -C "$dir" status --porcelain --untracked-files=no)" ] ||
	   [ "$(git -C "$dir" rev-parse HEAD)" != "$(cat "$OUT/linux.applied" 2>/dev/null)" ]; then
		die "$dir has work that is not in $PATCHES/: run 'make export' first, or FORCE=1 make tree to drop it"
	fi
fi
say "applying $PATCHES/ to the base in $dir"
"$TOP/scripts/apply-series.sh" "$dir" || exit 1
git -C "$dir" rev-parse HEAD >"$OUT/linux.applied"
say "done: $dir has $(series | wc -l) commits on top of the tag 'base'"

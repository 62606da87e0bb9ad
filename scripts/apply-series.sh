#!/bin/sh
# apply-series.sh DIR [N]: check out the base tree at DIR and apply the
# first N patches of the series (all by default) with git am, one commit
# per patch, with the notes below its "---" line as a git note.  DIR is a
# git worktree of $OUT/base on the branch named after DIR.  Anything
# already at DIR is replaced.
. "$(dirname "$0")/lib.sh"

dir=$1
n=${2:-$(series | wc -l)}
branch=$(basename "$dir")
[ -n "$dir" ] || die "usage: apply-series.sh DIR [N]"

"$TOP/scripts/prepare-base.sh" || exit 1
if [ -e "$dir" ]; then
	git -C "$BASE" worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
fi
git -C "$BASE" worktree prune
git -C "$BASE" worktree add -q -f -B "$branch" "$dir" base ||
	die "could not check out the base tree at $dir"

for p in $(series | head -n "$n"); do
	git -C "$dir" -c user.name="balloon-stats workbench" \
		-c user.email=workbench@balloon-stats.invalid \
		am -q --whitespace=error-all "$p" ||
		die "$(basename "$p") does not apply to the base: fix it and run make export"
	# git am drops what is below the "---" line; make export writes it
	# back from the commit's git note.
	notes=$(awk '/^---$/ { cut = 1; next }
		cut && /^Notes:$/ { in_notes = 1; next }
		in_notes && /^    / { print substr($0, 5); next }
		in_notes { exit }' "$p")
	[ -z "$notes" ] || git -C "$dir" notes add -f -m "$notes" HEAD ||
		die "could not keep the notes of $(basename "$p") as a git note"
done

#!/bin/sh
# check-bisect.sh CONFIG...: at each shorter prefix of the series in
# $OUT/check, the touched objects must build in each configuration CONFIG
# of the Kconfig matrix (kconfig.sh).
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build
n=$(series | wc -l)
bisect=$OUT/bisect
git -C "$BASE" worktree remove --force "$bisect" 2>/dev/null
git -C "$BASE" worktree add -q -f --detach "$bisect" base || die "no worktree at $bisect"
k=1
while [ "$k" -lt "$n" ]; do
	commit=$(git -C "$src" rev-list --reverse base..HEAD | sed -n "${k}p")
	name=$(series | sed -n "${k}p" | xargs basename)
	git -C "$bisect" checkout -q "$commit"
	say "building the touched objects at patch $k/$n"
	ok=yes
	# The configuration is written again only where a Kconfig file
	# changed: Kconfig takes 8 s, a step without it a few.
	kconfig=
	[ "$k" -eq 1 ] || git -C "$bisect" diff --name-only HEAD~1 HEAD | grep -q Kconfig &&
		kconfig=yes
	for cfg in "$@"; do
		{ [ -z "$kconfig" ] || "$TOP/scripts/kconfig.sh" "$cfg" "$bisect" "$build/bisect-$cfg"; } &&
		kmake -C "$bisect" O="$build/bisect-$cfg" \
			$(objects "$bisect" "$build/bisect-$cfg") >"$build/bisect-$cfg/log" 2>&1 ||
			{ tail -n 20 "$build/bisect-$cfg/log"; ok=; }
	done
	if [ -n "$ok" ]; then pass "bisect: builds after $name"; else fail "bisect: builds after $name"; fi
	k=$((k + 1))
done
git -C "$BASE" worktree remove --force "$bisect"

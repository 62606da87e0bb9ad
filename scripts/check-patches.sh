#!/bin/sh
# checkpatch.pl --strict on every patch of the series: no ERROR but
# GIT_COMMIT_ID on the "commit <id> upstream." line of a backport, which
# stable's rules ask for.  A WARNING or CHECK passes only if
# checkpatch.justified of the series names its patch and type with a
# reason; justified ones are printed.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
justified=$PATCHES/checkpatch.justified
# The first line of a backport's changelog, as stable's rules write it.
upstream='^commit [0-9a-f]{40} upstream\.$'
# Run where git does not track the patches: checkpatch checks a file that
# git tracks as source code, not as a patch, and finds nothing in it.
cd "$src" || exit 1

for p in $(series); do
	name=$(basename "$p")
	out=$("$src/scripts/checkpatch.pl" --strict --terse --show-types \
		--root="$src" "$p" 2>&1)
	bad=$(printf '%s\n' "$out" | grep -E ': (ERROR|WARNING|CHECK):' |
		while read -r line; do
			type=$(printf '%s\n' "$line" | sed -n 's/.*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\1:\2/p')
			at=$(printf '%s\n' "$line" | sed -n 's/^[^:]*:\([0-9]*\): .*/\1/p')
			if [ "$type" = ERROR:GIT_COMMIT_ID ] && [ -n "$at" ] &&
			   sed -n "${at}p" "$p" | grep -qE "$upstream"; then
				continue
			fi
			case "$type" in
			WARNING:*|CHECK:*)
				reason=$(grep "^$name ${type#*:}: " "$justified" 2>/dev/null)
				if [ -n "$reason" ]; then
					echo "  justified: $line" >&2
					echo "    because: ${reason#*: }" >&2
					continue
				fi ;;
			esac
			echo "$line"
		done)
	# checkpatch only looks at added lines; a line of the patch file that
	# ends in whitespace anywhere trips other whitespace checkers.
	trailing=$(grep -n '[[:space:]]$' "$p" | sed "s|^|$name:|;s|:\([0-9]*\):.*|:\1: trailing whitespace in the patch file|")
	[ -z "$trailing" ] || bad=$(printf '%s\n%s' "$bad" "$trailing" | grep -v '^$')
	if [ -z "$bad" ]; then
		pass "checkpatch --strict $name"
	else
		printf '%s\n' "$bad"
		fail "checkpatch --strict $name"
	fi
done

# No invented people: every patch is from the project identity, and it is
# the only sign-off; whoever submits upstream adds their own.  A backport
# (its changelog opens with "commit <id> upstream.") keeps its upstream
# author and that author's sign-off, before the project's, which is last.
ident="balloon-stats developers <devel@balloon-stats.invalid>"
for p in $(series); do
	name=$(basename "$p")
	author=$(sed -n 's/^From: //p' "$p" | head -n 1)
	signoffs=$(sed -n 's/^Signed-off-by: //p' "$p")
	ours=$(printf '%s\n' "$signoffs" | grep -cxF "$ident")
	last=$(printf '%s\n' "$signoffs" | tail -n 1)
	if grep -qE "$upstream" "$p"; then
		want="backport: the upstream author, signed off, then '$ident' once and last"
		others=$(printf '%s\n' "$signoffs" | grep -vxF "$ident")
		[ "$others" = "$author" ] && [ "$author" != "$ident" ]
	else
		want="only '$ident', signed off once"
		[ "$author" = "$ident" ] && [ "$signoffs" = "$ident" ]
	fi && ok=yes || ok=
	if [ -n "$ok" ] && [ "$ours" -eq 1 ] && [ "$last" = "$ident" ]; then
		pass "author and sign-off $name"
	else
		printf 'From: %s\nSigned-off-by: %s\n' "$author" "$signoffs"
		fail "author and sign-off $name: $want"
	fi
done

#!/bin/sh
# checkpatch.pl --strict on every patch of the series: no ERROR.  A
# WARNING or CHECK passes only if checkpatch.justified of the series names its
# patch and type with a reason; justified ones are printed.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
justified=$PATCHES/checkpatch.justified
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
# the only sign-off; whoever submits upstream adds their own.
ident="balloon-stats developers <devel@balloon-stats.invalid>"
for p in $(series); do
	name=$(basename "$p")
	others=$(sed -n -e 's/^From: //p' -e 's/^Signed-off-by: //p' "$p" |
		grep -vxF "$ident")
	signoffs=$(grep -c "^Signed-off-by: $ident\$" "$p")
	if [ -z "$others" ] && [ "$signoffs" -eq 1 ]; then
		pass "author and sign-off $name"
	else
		printf '%s\n' "$others"
		fail "author and sign-off $name: only '$ident', signed off once"
	fi
done

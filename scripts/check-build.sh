#!/bin/sh
# Build what the series touches, in every configuration of the Kconfig
# matrix (see kconfig.sh), at every patch of the series:
#  - the full series: the touched objects with W=1 and sparse (C=2); a
#    warning passes only if the base tree gives the same one; then the
#    configurations with one driver alone, all as modules and i386 are
#    linked whole, with modpost;
#  - the guest kernel (core built in, drivers as modules) in full, with
#    modpost: scripts/build-guest.sh;
#  - each shorter prefix of the series: the touched objects must build.
. "$(dirname "$0")/lib.sh"

src=$OUT/check
build=$OUT/build

# objects SRC BUILD: the touched C files that BUILD's .config compiles.
objects() {
	for f in $(git -C "$src" diff --name-only --diff-filter=AM base HEAD -- '*.c'); do
		[ -f "$1/$f" ] || continue
		dir=$(dirname "$f") obj=$(basename "$f" .c).o
		line=$(grep -E "(^|[[:space:]])$obj([[:space:]]|\$)" "$1/$dir/Makefile" | head -n 1)
		[ -n "$line" ] || continue
		sym=$(printf '%s\n' "$line" | sed -n 's/.*obj-\$(\(CONFIG_[A-Z0-9_]*\)).*/\1/p')
		if [ -z "$sym" ] || grep -q "^$sym=[ym]" "$2/.config"; then
			echo "$dir/$obj"
		fi
	done
}

# warnings SRC BUILD CONFIG: build the touched objects with W=1 and sparse
# and print their warnings about touched files, without line numbers.
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

for cfg in all-y core-n core-n-m none virtio-alone hv-alone vmw-alone all-m i386; do
	if [ "$cfg" = i386 ]; then export ARCH=i386; else unset ARCH; fi
	say "building the touched objects, W=1 and sparse, configuration '$cfg'"
	"$TOP/scripts/kconfig.sh" "$cfg" "$src" "$build/$cfg" ||
		{ fail "W=1 C=2 build, configuration $cfg: no .config"; continue; }
	new=$(warnings "$src" "$build/$cfg" "$cfg")
	# Only a warning needs the base's build, to see if it is new.
	old=
	if [ -n "$new" ]; then
		"$TOP/scripts/kconfig.sh" "$cfg" "$BASE" "$build/base-$cfg" ||
			{ fail "W=1 C=2 build, configuration $cfg: no base .config"; continue; }
		old=$(warnings "$BASE" "$build/base-$cfg" "$cfg")
	fi
	added=$(printf '%s\n' "$new" | grep -v '^$' | grep -vxF -e "${old:-@none@}")
	if [ -z "$added" ]; then
		pass "W=1 C=2 build, configuration $cfg: $(objects "$src" "$build/$cfg" | tr '\n' ' ')"
	else
		printf '%s\n' "$added"
		fail "W=1 C=2 build, configuration $cfg"
	fi
	# The configurations added for the matrix are also linked whole.
	case "$cfg" in
	all-y | core-n | core-n-m | none) continue ;;
	all-m | i386) targets="vmlinux modules" ;;
	*) targets=vmlinux ;;	# allnoconfig: no module support
	esac
	say "linking configuration '$cfg': $targets (a few minutes cold)"
	if kmake -C "$src" O="$build/$cfg" $targets >"$build/$cfg/link.log" 2>&1; then
		pass "link, configuration $cfg: $targets, modpost"
	else
		tail -n 20 "$build/$cfg/link.log"
		fail "link, configuration $cfg: see $build/$cfg/link.log"
	fi
done
unset ARCH

if "$TOP/scripts/build-guest.sh"; then
	pass "guest kernel: core built in, drivers as modules, modpost"
else
	fail "guest kernel: core built in, drivers as modules, modpost"
fi

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
	for cfg in all-y core-n-m; do
		"$TOP/scripts/kconfig.sh" "$cfg" "$bisect" "$build/bisect-$cfg" &&
		kmake -C "$bisect" O="$build/bisect-$cfg" \
			$(objects "$bisect" "$build/bisect-$cfg") >"$build/bisect-$cfg/log" 2>&1 ||
			{ tail -n 20 "$build/bisect-$cfg/log"; ok=; }
	done
	if [ -n "$ok" ]; then pass "bisect: builds after $name"; else fail "bisect: builds after $name"; fi
	k=$((k + 1))
done
git -C "$BASE" worktree remove --force "$bisect"

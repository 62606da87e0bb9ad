# Shared by the workbench scripts: paths, messages and the results file.
# shellcheck shell=sh

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$TOP/out}
# The series: patches/ (for 6.12) or mainline/ (for 7.3, make check-mainline).
PATCHES=${PATCHES:-$TOP/patches}
BASE=$OUT/base			# git tree of the unpatched kernel, tag "base"
RESULTS=$OUT/results		# one line per check: PASS, FAIL or SKIP
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Hash paths below the clone as relative ones, and not the working
# directory, so that a fresh clone elsewhere (CI's) hits the same cache.
export CCACHE_BASEDIR="$TOP" CCACHE_NOHASHDIR=1
# Every kernel make check builds fits, so no run evicts another.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-20G}"
# Debian's python3 first: python3-ply, -git and -sphinx are installed for it,
# not for a python3 that pyenv or a virtualenv may put earlier in PATH.
export PATH="/usr/bin:/bin:$PATH"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

pass() { printf 'PASS %s\n' "$*" | tee -a "$RESULTS"; }
fail() { printf 'FAIL %s\n' "$*" | tee -a "$RESULTS"; }
skip() { printf 'SKIP %s\n' "$*" | tee -a "$RESULTS"; }

# The series, in order, as paths.
series() {
	grep -v -e '^#' -e '^$' "$PATCHES/series" | sed "s|^|$PATCHES/|"
}

# Kernel make with the compiler cache, for the kernel and for the host
# programs of its build (kconfig, fixdep, modpost, objtool): a fresh build
# directory compiles those again.  Every make of a build directory must
# pass the same CC and HOSTCC, or Kconfig runs again.  ARCH and
# CROSS_COMPILE come from the environment, as for make itself.
kmake() { make -s -j"$JOBS" CC="ccache ${CROSS_COMPILE}gcc" HOSTCC="ccache gcc" "$@"; }

# objects SRC BUILD: the C files the series touches ($OUT/check, from tag
# base to HEAD) that BUILD's .config compiles in the tree SRC, as objects.
objects() {
	for f in $(git -C "$OUT/check" diff --name-only --diff-filter=AM base HEAD -- '*.c'); do
		[ -f "$1/$f" ] || continue
		dir=$(dirname "$f") obj=$(basename "$f" .c).o
		case "$dir" in
		arch/*)	srcarch=${ARCH:-x86}
			case "$srcarch" in i386 | x86_64) srcarch=x86 ;; esac
			case "$dir" in arch/"$srcarch"/*) ;; *) continue ;; esac ;;
		esac
		line=$(grep -E "(^|[[:space:]])$obj([[:space:]]|\$)" "$1/$dir/Makefile" | head -n 1)
		[ -n "$line" ] || continue
		# The object's own symbol, and its directory's in the parent's
		# Makefile (drivers/xen/ is built only with CONFIG_XEN).
		parent=$(dirname "$dir")
		up=$(grep -sE "(^|[[:space:]])$(basename "$dir")/([[:space:]]|\$)" \
			"$1/$parent/Makefile" | head -n 1)
		ok=yes
		for sym in $(printf '%s\n%s\n' "$line" "$up" |
			sed -n 's/.*obj-\$(\(CONFIG_[A-Z0-9_]*\)).*/\1/p'); do
			grep -q "^$sym=[ym]" "$2/.config" || ok=
		done
		[ -n "$ok" ] && echo "$dir/$obj"
	done
}

# pack_initramfs SRC DIR BUSYBOX MODULE...: DIR/initramfs.cpio, the test
# guest's root: BUSYBOX, tests/guest/init, the MODULEs in /lib/modules and
# the series' kselftest from the tree SRC, built static (the guest has no C
# library) for $CROSS_COMPILE.  A tree without the kselftest (the base, for
# make bench) gives a guest without it.
pack_initramfs() {
	src=$1 dir=$2 busybox=$3
	shift 3
	root=$dir/initramfs
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/lib/modules"
	cp "$busybox" "$root/bin/busybox" || die "no $busybox: install busybox-static (make deps)"
	cp "$TOP/tests/guest/init" "$root/init" && chmod +x "$root/init" || die "cannot copy the init"
	[ $# -eq 0 ] || cp "$@" "$root/lib/modules/" || die "cannot copy the modules $*"
	selftest=$src/tools/testing/selftests/balloon
	if [ -d "$selftest" ]; then
		say "building the balloon kselftest"
		mkdir -p "$dir/selftest"
		make -s -C "$selftest" OUTPUT="$dir/selftest" LDFLAGS=-static \
			>"$dir/selftest/build.log" 2>&1 ||
			die "kselftest build failed: see $dir/selftest/build.log"
		for prog in $(sed -n 's/^TEST_GEN_PROGS := //p' "$selftest/Makefile"); do
			cp "$dir/selftest/$prog" "$root/bin/" || die "no $prog in $dir/selftest"
		done
	fi
	say "packing the initramfs"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$dir/initramfs.cpio" ||
		die "cpio failed"
}

# kunit_results LOG PREFIX: a PASS, FAIL or SKIP line per KUnit case (and
# per parameter) of the output of kunit.py run or parse in LOG, which
# prints "[PASSED] name" under a "==== suite (N subtests) ====" header,
# and the parameters of a case under a "==== case ====" header; the
# summaries of suites and of parameterised cases are framed with "=".
# A parameter's line names its case.  Fails if LOG has no case at all.
kunit_results() {
	sed -n -e 's/^\[[0-9:]*\] =* \([a-z0-9_]*\) ([0-9]* subtests) =*$/suite \1/p' \
		-e 's/^\[[0-9:]*\] =* \([a-z0-9_]*\) *=*$/case \1/p' \
		-e 's/^\[[0-9:]*\] =* \[[A-Z]*\] [a-z0-9_]* =*$/end/p' \
		-e 's/^\[[0-9:]*\] *\[\(PASSED\|FAILED\|SKIPPED\|CRASHED\)\] \([^=]*\)$/\1 \2/p' "$1" |
		while read -r status name; do
			case "$status" in
			suite) suite=$name param= ;;
			case) param="$name: " ;;
			end) param= ;;
			PASSED) pass "$2 $suite: $param$name" ;;
			SKIPPED) skip "$2 $suite: $param$name" ;;
			*) fail "$2 $suite: $param$name" ;;
			esac
		done
	grep -q '\[PASSED\]\|\[FAILED\]' "$1" ||
		{ tail -n 30 "$1"; fail "$2: no KUnit case ran: see $1"; }
}

# tally START: print how long since START and "N passed, M failed, K
# skipped" from the results file; fail if anything failed.
tally() {
	passed=$(grep -c '^PASS' "$RESULTS")
	failed=$(grep -c '^FAIL' "$RESULTS")
	skipped=$(grep -c '^SKIP' "$RESULTS")
	echo
	say "took $(( ($(date +%s) - $1) / 60 )) min"
	[ "$failed" -eq 0 ] || { echo "failed:"; grep '^FAIL' "$RESULTS"; }
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# bench_kernels: the two guest kernels that make bench and make
# bench-mainline compare, with the configuration 'bench':
# $OUT/build/bench-base, the base with the series' leading fixes (the
# patches with a Fixes: tag, which go to stable on their own), so that the
# figures are what the rest of the series costs, and $OUT/build/bench,
# the whole series ($OUT/check).  Sets fixes to the number of those fixes.
bench_kernels() {
	fixes=0
	for p in $(series); do
		grep -q '^Fixes: ' "$p" || break
		fixes=$((fixes + 1))
	done
	say "guest kernel: the base with the series' $fixes leading fixes"
	"$TOP/scripts/apply-series.sh" "$OUT/bench-fixes" "$fixes" || return 1
	SRC=$OUT/bench-fixes BUILD=$OUT/build/bench-base CONFIG=bench \
		"$TOP/scripts/build-guest.sh" || return 1
	say "guest kernel: the whole series"
	BUILD=$OUT/build/bench CONFIG=bench "$TOP/scripts/build-guest.sh"
}

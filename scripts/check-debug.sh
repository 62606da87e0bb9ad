#!/bin/sh
# The balloon KUnit suites and the virtio end-to-end scenarios again, on
# guest kernels built with the kernel's own checkers: KASAN with lockdep,
# DEBUG_ATOMIC_SLEEP and DEBUG_PREEMPT, then KCSAN, both with DEBUG_VM.
# One kernel per checker serves both: the suites are built in and run at
# one boot (run-kunit-debug.sh); every scenario ends with a scan of dmesg
# for the checkers' reports.  The random walks are left to make check:
# they only repeat, more slowly, what the other scenarios do.  Apart from
# make check to keep that one short; CI runs both.  Ends with
# "N passed, M failed".
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)
"$TOP/scripts/patched-tree.sh" || exit 1
for kind in kasan-lockdep kcsan; do
	build=$OUT/build/guest-$kind
	say "guest kernel under $kind, with the KUnit suites (about 7 min cold)"
	if ! BUILD=$build CONFIG=guest-$kind "$TOP/scripts/build-guest.sh"; then
		fail "kunit and virtio e2e under $kind: the guest kernel did not build"
		continue
	fi
	"$TOP/scripts/run-kunit-debug.sh" "$kind"
	E2E_ONLY='^(?!.*random walk)' "$TOP/scripts/run-e2e.sh" "$build" "under $kind"
done
tally "$start"

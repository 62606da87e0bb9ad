#!/bin/sh
# The virtio end-to-end scenarios again, on guest kernels built with the
# kernel's own checkers: KASAN with lockdep, DEBUG_ATOMIC_SLEEP and
# DEBUG_PREEMPT, then KCSAN.  Every scenario ends with a scan of dmesg for
# their reports.  The random walks are left to make check: they only
# repeat, more slowly, what the other scenarios do.
. "$(dirname "$0")/lib.sh"

for kind in kasan-lockdep kcsan; do
	build=$OUT/build/guest-$kind
	say "guest kernel under $kind (about 5 min cold)"
	if ! BUILD=$build CONFIG=guest-$kind "$TOP/scripts/build-guest.sh"; then
		fail "virtio e2e under $kind: the guest kernel did not build"
		continue
	fi
	E2E_ONLY='^(?!.*random walk)' "$TOP/scripts/run-e2e.sh" "$build" "under $kind"
done
exit 0

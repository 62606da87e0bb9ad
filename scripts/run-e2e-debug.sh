#!/bin/sh
# The virtio end-to-end scenarios again, on guest kernels built with the
# kernel's own checkers: KASAN with lockdep, DEBUG_ATOMIC_SLEEP and
# DEBUG_PREEMPT, then KCSAN.  Every scenario ends with a scan of dmesg for
# their reports.  The random walks are left to run-e2e.sh: they only
# repeat, more slowly, what the other scenarios do.
. "$(dirname "$0")/lib.sh"

for kind in kasan-lockdep kcsan; do
	build=$OUT/build/guest-$kind
	log=$OUT/e2e-$kind.log
	say "guest kernel under $kind (about 5 min cold)"
	if ! BUILD=$build CONFIG=guest-$kind "$TOP/scripts/build-guest.sh"; then
		fail "virtio e2e under $kind: the guest kernel did not build"
		continue
	fi
	say "virtio end-to-end scenarios under $kind; console in $build/e2e-console.log"
	E2E_ONLY='^(?!.*random walk)' python3 -u "$TOP/tests/e2e_virtio.py" "$build" $SEED \
		2>&1 | tee "$log" | grep -v '^PASS \|^FAIL '
	while IFS= read -r line; do
		case "$line" in
		PASS\ virtio\ e2e:*) pass "virtio e2e under $kind:${line#PASS virtio e2e:}" ;;
		FAIL\ virtio\ e2e:*) fail "virtio e2e under $kind:${line#FAIL virtio e2e:}" ;;
		esac
	done <"$log"
	grep -q '^Traceback' "$log" && fail "virtio e2e under $kind: the harness crashed (see $log)"
done
exit 0

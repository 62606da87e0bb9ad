#!/bin/sh
# The virtio end-to-end scenarios against QEMU, on the guest kernel that
# check-build.sh built.  SEED=n repeats a random walk.
. "$(dirname "$0")/lib.sh"

build=$OUT/build/guest
log=$OUT/e2e.log
[ -f "$build/initramfs.cpio" ] || { fail "virtio e2e: no guest kernel was built"; exit 0; }
say "running the virtio end-to-end scenarios (about 5 min); console in $build/e2e-console.log"
python3 -u "$TOP/tests/e2e_virtio.py" "$build" $SEED 2>&1 | tee "$log" | grep -v '^PASS \|^FAIL '
while IFS= read -r line; do
	case "$line" in
	PASS\ *) pass "${line#PASS }" ;;
	FAIL\ *) fail "${line#FAIL }" ;;
	esac
done <"$log"
grep -q '^Traceback' "$log" && fail "virtio e2e: the harness crashed (see $log)"
exit 0

#!/bin/sh
# run-e2e.sh [BUILD LABEL]: the virtio end-to-end scenarios against QEMU, on
# the guest kernel in BUILD (the one check-build.sh built if none); LABEL
# goes into the name of every result.  E2E_ONLY (a regular expression)
# picks scenarios by name; SEED=n repeats a random walk.
. "$(dirname "$0")/lib.sh"

build=${1:-$OUT/build/guest}
name="virtio e2e${2:+ $2}"
log=$build/e2e.log
[ -f "$build/initramfs.cpio" ] || { fail "$name: no guest kernel was built"; exit 0; }
say "running $name (about 5 min); console in $build/e2e-console.log"
python3 -u "$TOP/tests/e2e_virtio.py" "$build" $SEED 2>&1 | tee "$log" | grep -v '^PASS \|^FAIL '
while IFS= read -r line; do
	case "$line" in
	PASS\ virtio\ e2e:*) pass "$name:${line#PASS virtio e2e:}" ;;
	FAIL\ virtio\ e2e:*) fail "$name:${line#FAIL virtio e2e:}" ;;
	esac
done <"$log"
grep -q '^Traceback' "$log" && fail "$name: the harness crashed (see $log)"
exit 0

#!/bin/sh
# run-e2e.sh [BUILD [LABEL [TEST]]]: the end-to-end scenarios of TEST
# (tests/e2e_virtio.py if none) against QEMU, on the guest kernel in BUILD
# (the one check-build.sh built if none); LABEL goes into the name of
# every result.  E2E_ONLY (a regular expression) picks scenarios by name;
# SEED=n repeats the virtio random walk.
. "$(dirname "$0")/lib.sh"

build=${1:-$OUT/build/guest}
label=${2:+ $2}
test=${3:-e2e_virtio.py}
log=$build/${test%.py}.log
[ -f "$build/initramfs.cpio" ] || { fail "$test$label: no guest kernel was built"; exit 0; }
say "running $test$label (a few minutes); console in $build/"
# shellcheck disable=SC2086
python3 -u "$TOP/tests/$test" "$build" $SEED 2>&1 | tee "$log" | grep -v '^PASS \|^FAIL '
# "PASS virtio e2e: what" becomes "PASS virtio e2e LABEL: what".
while IFS= read -r line; do
	case "$line" in
	PASS\ *e2e:* | FAIL\ *e2e:*)
		rest=${line#* } name=${rest%%e2e:*}e2e what=${rest#*e2e:}
		case "$line" in
		PASS*) pass "$name$label:$what" ;;
		*) fail "$name$label:$what" ;;
		esac ;;
	esac
done <"$log"
grep -q '^Traceback' "$log" && fail "$test$label: the harness crashed (see $log)"
exit 0

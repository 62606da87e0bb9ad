#!/bin/sh
# The balloon KUnit suites and the virtio end-to-end scenarios again,
# under KASAN with lockdep and under KCSAN.  Apart from make check to keep
# that one short; CI runs both.  Ends with "N passed, M failed".
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)
"$TOP/scripts/patched-tree.sh" || exit 1
"$TOP/scripts/run-kunit-debug.sh"
"$TOP/scripts/run-e2e-debug.sh"
tally "$start"

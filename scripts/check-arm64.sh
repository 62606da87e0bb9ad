#!/bin/sh
# The core KUnit suite and the virtio end-to-end scenarios on arm64 with
# 64 KiB pages, cross-compiled and run under qemu-system-aarch64: the
# device counts in 4 KiB pages, the guest in 64 KiB ones.  Apart from make
# check to keep that one short; CI runs both.  Ends with "N passed, M failed".
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
: >"$RESULTS"
start=$(date +%s)
"$TOP/scripts/patched-tree.sh" || exit 1
"$TOP/scripts/run-kunit.sh" arm64

build=$OUT/build/guest-arm64
say "arm64 guest kernel with 64 KiB pages (about 5 min cold)"
if ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- BUSYBOX=$OUT/arm64/busybox \
	BUILD=$build CONFIG=guest-arm64 "$TOP/scripts/build-guest.sh"; then
	pass "arm64 guest kernel with 64 KiB pages: built, modpost"
	E2E_ONLY='^(?!.*compaction)' \
		"$TOP/scripts/run-e2e.sh" "$build" "on arm64, 64 KiB pages"
	skip "virtio e2e on arm64, 64 KiB pages: compaction while inflated:" \
		"a pageblock is 512 MiB with 64 KiB pages, two in the 1 GiB guest," \
		"and compaction migrated no balloon page in 2 runs of 3 tries here"
else
	fail "arm64 guest kernel with 64 KiB pages: build failed"
fi
tally "$start"

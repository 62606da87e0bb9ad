#!/bin/sh
# make bench: build the base (with the series' leading fixes) and the
# patched guest kernel with the same configuration, and the patched one
# with the counters configured off, then measure what the series costs,
# side by side (bench/bench.py).
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/patched-tree.sh" || exit 1
bench_kernels || exit 1
say "guest kernel: the series with CONFIG_BALLOON_STATS=n"
BUILD=$OUT/build/bench-off CONFIG=core-n-m "$TOP/scripts/build-guest.sh" || exit 1

say "building hook_cost.ko and read_file"
bench=$OUT/bench
rm -rf "$bench"
mkdir -p "$bench/module" "$bench/root/bin" "$bench/root/lib/modules"
cp "$TOP/bench/hook_cost.c" "$TOP/bench/Kbuild" "$bench/module/"
kmake -C "$OUT/check" O="$OUT/build/bench" M="$bench/module" modules \
	>"$bench/module/build.log" 2>&1 ||
	{ cat "$bench/module/build.log"; die "hook_cost.ko did not build"; }
gcc -O2 -Wall -static -o "$bench/root/bin/read_file" "$TOP/bench/read_file.c" ||
	die "read_file did not build: is libc6-dev installed?"
cp "$bench/module/hook_cost.ko" "$bench/root/lib/modules/"
# The kernel unpacks concatenated cpio archives one after the other.
(cd "$bench/root" && find . | cpio -o -H newc --quiet) >"$bench/extra.cpio" &&
	cat "$OUT/build/bench/initramfs.cpio" "$bench/extra.cpio" >"$bench/initramfs.cpio" ||
	die "could not pack the bench initramfs"

python3 -u "$TOP/bench/bench.py" "$OUT" "$TOP/bench/results"

#!/bin/sh
# make bench-mainline: what the mainline series costs on 7.3.  Builds the
# guest kernel of 7.3 with the series' leading fixes and of 7.3 with the
# whole series, with the same configuration, then measures them side by
# side (bench/mainline.py).
TOP=$(cd "$(dirname "$0")/.." && pwd)
export OUT="${OUT:-$TOP/out}/mainline" PATCHES="$TOP/mainline"
export TARBALL="$OUT/linux-source-7.3.tar.xz"
unset KERNEL_SRC
. "$TOP/scripts/lib.sh"

"$TOP/scripts/fetch-mainline.sh" || die "could not fetch linux-source-7.3"
say "applying mainline/ to 7.3 in $OUT/check"
"$TOP/scripts/apply-series.sh" "$OUT/check" || exit 1
bench_kernels || exit 1

say "building read_file"
bench=$OUT/bench
rm -rf "$bench"
mkdir -p "$bench/root/bin"
gcc -O2 -Wall -static -o "$bench/root/bin/read_file" "$TOP/bench/read_file.c" ||
	die "read_file did not build: is libc6-dev installed?"
# The kernel unpacks concatenated cpio archives one after the other.
(cd "$bench/root" && find . | cpio -o -H newc --quiet) >"$bench/extra.cpio" ||
	die "could not pack read_file"
for kind in bench-base bench; do
	cat "$OUT/build/$kind/initramfs.cpio" "$bench/extra.cpio" >"$bench/$kind.cpio" ||
		die "could not pack the $kind initramfs"
done

python3 -u "$TOP/bench/mainline.py" "$OUT" "$TOP/bench/results" "$fixes"

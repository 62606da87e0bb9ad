#!/bin/sh
# The main job: build the patched guest kernel (or reuse the build), boot
# it under QEMU with a virtio balloon, and walk through an investigation.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/patched-tree.sh" || exit 1
"$TOP/scripts/build-guest.sh" || exit 1
say "booting the guest"
exec python3 -u "$TOP/tests/demo.py" "$OUT/build/guest"

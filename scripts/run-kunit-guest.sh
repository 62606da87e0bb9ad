#!/bin/sh
# run-kunit-guest.sh BUILD PREFIX [NODES]: the KUnit suites built into the
# guest kernel in BUILD, at one boot with kunit.enable=1 on NODES NUMA
# nodes (tests/kunit_boot.py), read by kunit.py parse: a line per case,
# and the kernel log must show no BUG or WARNING.
. "$(dirname "$0")/lib.sh"

build=$1 prefix=$2 nodes=${3:-1}
console=$build/kunit-console.log
log=$build/kunit.log

say "KUnit suites, $prefix: one boot of the guest kernel on $nodes node(s)"
if ! python3 "$TOP/tests/kunit_boot.py" --nodes "$nodes" "$build" "$console" >"$log" 2>&1; then
	cat "$log"
	fail "$prefix: the guest did not boot with kunit.enable=1; see $log"
	exit 0
fi
(cd "$OUT/check" && python3 tools/testing/kunit/kunit.py parse "$console") >>"$log" 2>&1
kunit_results "$log" "$prefix"
reports=$(grep -E 'BUG:|WARNING:|sleeping function called from invalid context' "$console")
if [ -n "$reports" ]; then
	printf '%s\n' "$reports" | head -n 20
	fail "$prefix: the kernel log has a report; see $console"
fi

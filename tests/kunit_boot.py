#!/usr/bin/env python3
"""Boot a guest kernel with its KUnit suites built in, with kunit.enable=1,
and write its kernel log, which holds their KTAP output, to LOG.

usage: kunit_boot.py BUILD LOG [NODES]

NODES (1 unless given) NUMA nodes, each a socket of the guest's CPUs and an
equal share of its memory.  The suites run before init, so the log is
complete once the guest's shell answers.  kunit.py parse reads the KTAP
out of it.
"""

import sys

from vm import Guest, GuestError

BUILD, LOG = sys.argv[1:3]
NODES = int(sys.argv[3]) if len(sys.argv) > 3 else 1


def main():
    try:
        with Guest(BUILD, append="kunit.enable=1", nodes=NODES) as g:
            text = g.run("dmesg")
    except GuestError as e:
        sys.exit("kunit_boot.py: %s" % e)
    with open(LOG, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()

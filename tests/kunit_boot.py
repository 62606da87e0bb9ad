#!/usr/bin/env python3
"""Boot a guest kernel with its KUnit suites built in, with kunit.enable=1,
and write its kernel log, which holds their KTAP output, to LOG.

usage: kunit_boot.py [--nodes N] [--cpus N] [--online N] [--mem MIB] BUILD LOG

--nodes NUMA nodes (1), each a socket of the guest's CPUs and an equal
share of its memory; --cpus possible CPUs (2), of which --online are
online at boot (all; maxcpus=); --mem MiB of memory (1024).  The suites
run before init, so the log is complete once the guest's shell answers;
under a debug checker that can take minutes, hence a boot timeout of
10 minutes.  kunit.py parse reads the KTAP out of it.
"""

import argparse
import sys

from vm import Guest, GuestError


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nodes", type=int, default=1)
    p.add_argument("--cpus", type=int, default=2)
    p.add_argument("--online", type=int)
    p.add_argument("--mem", type=int, default=1024)
    p.add_argument("build")
    p.add_argument("log")
    args = p.parse_args()
    append = "kunit.enable=1"
    if args.online is not None:
        append += " maxcpus=%d" % args.online
    try:
        with Guest(args.build, mem_mib=args.mem, smp=args.cpus, append=append,
                   nodes=args.nodes, boot_timeout=600) as g:
            text = g.run("dmesg")
    except GuestError as e:
        sys.exit("kunit_boot.py: %s" % e)
    with open(args.log, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()

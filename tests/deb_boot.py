#!/usr/bin/env python3
"""Boot the kernel of make deb's linux-image package under QEMU with a
virtio balloon, inflate 256 MiB from the host, and show what a user of the
guest reads; every figure must equal the host's (query-balloon "actual").

usage: deb_boot.py DIR VMLINUZ

DIR holds the package's kernel configuration (.config) and the guest's
initramfs.cpio; VMLINUZ is the kernel from the package.  Prints the
commands and their output, then PASS or FAIL.
"""

import os
import sys

from vm import Failed, Guest, GuestError, expect, kselftest

DIR, VMLINUZ = sys.argv[1:3]
COMMANDS = [
    "uname -r",
    "grep -E '^(MemTotal|Balloon):' /proc/meminfo",
    "grep nr_balloon_pages /proc/vmstat",
    "cat /sys/kernel/mm/balloon/inflated_total_kb /sys/kernel/mm/balloon/inflated_free_kb",
    "cat /sys/kernel/debug/virtio-balloon",
    "echo m >/proc/sysrq-trigger; dmesg | grep 'Balloon Inflated'",
]


def main():
    with Guest(DIR, kernel=VMLINUZ,
               log=open(os.path.join(DIR, "console.log"), "w")) as g:
        release = g.run("uname -r")
        expect("the release names the series", release.endswith("-balloon-stats"), True)
        boot = g.memtotal_kib()
        g.set_balloon_mib(256)
        host = g.balloon_kib()
        print("the host's balloon holds %d kB" % host)
        for cmd in COMMANDS:
            print("# " + cmd)
            print(g.run(cmd))
        expect("MemTotal drop", boot - g.memtotal_kib(), host)
        expect("SysRq-m Balloon line", g.sysrq_m(),
               {"InflatedTotal": host, "InflatedFree": 0})
        expect("meminfo, vmstat, sysfs as nobody", g.monitoring("nobody"),
               {"Balloon": host, "nr_balloon_pages": host // 4,
                "InflatedTotal": host, "InflatedFree": 0})
        print("# the kselftest")
        print(kselftest(g, "256 MiB"))
        return release, host


if __name__ == "__main__":
    try:
        release, host = main()
    except (Failed, GuestError) as e:
        print("FAIL package boots and shows the balloon: %s" % e)
        sys.exit(1)
    print("PASS package %s boots and shows the host's %d kB balloon" % (release, host))

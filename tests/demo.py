#!/usr/bin/env python3
"""make demo: what a support engineer sees when the host balloons a guest.

usage: demo.py BUILD_DIR
"""

import sys

from vm import Guest

BUILD = sys.argv[1]
MiB = 1024 * 1024


def show(title, text):
    print("\n--- %s" % title)
    for line in text.strip().splitlines():
        print("    " + line)


def investigate(deflate_on_oom):
    mode = "with" if deflate_on_oom else "without"
    print("\n=== A KVM guest of 1024 MiB, virtio balloon %s DEFLATE_ON_OOM ===" % mode)
    with Guest(BUILD, deflate_on_oom=deflate_on_oom) as g:
        show("guest: MemTotal at boot", g.run("grep MemTotal /proc/meminfo"))
        print("\n--- host: QMP balloon, guest size 1024 -> 691 MiB (take 333 MiB)")
        g.set_balloon_mib(333)
        print("    query-balloon: actual = %d bytes, so the host holds %d kB"
              % (g.actual(), g.balloon_kib()))
        show("guest: MemTotal now", g.run("grep MemTotal /proc/meminfo"))
        dev = g.run("ls -d /sys/bus/virtio/drivers/virtio_balloon/virtio*")
        feats = g.run("cat %s/features" % dev)
        show("guest: which virtio device is the balloon", dev)
        show("guest: its features (bit 0 first)", feats)
        bit = feats[2] == "1"
        print("    bit 2, VIRTIO_BALLOON_F_DEFLATE_ON_OOM, is %s: ballooned memory %s"
              % ("set" if bit else "clear",
                 "stays in MemTotal and counts as used" if bit
                 else "is taken out of MemTotal"))
        show("guest: cat /sys/kernel/debug/virtio-balloon",
             g.run("cat /sys/kernel/debug/virtio-balloon"))
        # Balloon: is a node item, folded from per-CPU deltas within
        # vm.stat_interval; fold it now, as root can, so that it shows
        # the balloon's figure to the page.
        g.run("echo 1 >/proc/sys/vm/stat_refresh")
        show("guest, as the unprivileged user nobody: /proc/meminfo, /proc/vmstat, sysfs",
             g.run("su -s /bin/sh nobody -c \"grep Balloon /proc/meminfo; "
                   "grep balloon_pages /proc/vmstat; "
                   "grep . /sys/kernel/mm/balloon/*\""))
        g.run("dmesg -c >/dev/null; echo m >/proc/sysrq-trigger")
        show("guest: SysRq-m (the same line is in every OOM report)",
             g.run("dmesg | grep -E 'pages RAM|pages reserved|Balloon'"))
        print("\n--- host: QMP balloon back to 1024 MiB (deflate)")
        g.set_balloon_mib(0)
        show("guest: cat /sys/kernel/debug/virtio-balloon",
             g.run("cat /sys/kernel/debug/virtio-balloon"))
        show("guest: MemTotal", g.run("grep MemTotal /proc/meminfo"))


def main():
    print("How much of this guest's memory has the host taken?")
    investigate(False)
    investigate(True)
    print("\nInflatedTotal: taken out of MemTotal.  InflatedFree: in MemTotal "
          "but held by the balloon.\nSee Documentation/virt/balloon.rst in the "
          "patched tree.")


if __name__ == "__main__":
    main()

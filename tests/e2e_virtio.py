#!/usr/bin/env python3
"""End-to-end tests of the virtio balloon counters against a real QEMU host.

usage: e2e_virtio.py BUILD_DIR [SEED]

Every figure is checked against the host's own: the balloon holds
(guest RAM - query-balloon "actual") / 1024 kB.  Prints one PASS or FAIL
line per scenario, with the figures that failed.
"""

import os
import random
import re
import sys
import time

from vm import Guest, GuestError, parse_show_mem

BUILD = sys.argv[1]
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
LOG = open(os.path.join(BUILD, "e2e-console.log"), "w")


class Failed(Exception):
    pass


def expect(what, got, want):
    if got != want:
        raise Failed("%s: got %r, want %r" % (what, got, want))


def counter(deflate_on_oom):
    return "InflatedFree" if deflate_on_oom else "InflatedTotal"


def check_settled(g, memtotal_boot, what):
    """Debugfs, SysRq-m and MemTotal all agree with the host's figure."""
    host = g.balloon_kib()
    name = counter(g.deflate_on_oom)
    other = counter(not g.deflate_on_oom)
    want = {name: host, other: 0}
    expect(what + ": debugfs", g.debugfs(), want)
    expect(what + ": SysRq-m Balloon line", g.sysrq_m(), want)
    drop = host if not g.deflate_on_oom else 0
    expect(what + ": MemTotal", g.memtotal_kib(), memtotal_boot - drop)
    return host


def walk_targets(deflate_on_oom):
    """Scenarios 1 and 2: inflate to several sizes, then deflate fully."""
    with Guest(BUILD, deflate_on_oom=deflate_on_oom, log=LOG) as g:
        boot = g.memtotal_kib()
        check_settled(g, boot, "at boot")
        # 333 MiB, and 100 MiB + 20 KiB: sizes that are not round.
        for mib in (128, 333, 100 + 20 / 1024, 512):
            g.set_balloon_mib(mib)
            host = check_settled(g, boot, "balloon %.3f MiB" % mib)
            expect("host holds what was asked", host, int(mib * 1024))
        g.set_balloon_mib(0)
        expect("deflated fully", check_settled(g, boot, "deflated"), 0)


def oom():
    """Scenario 3: a memory hog drives the guest into the OOM path while the
    balloon holds memory with DEFLATE_ON_OOM; the OOM notifier deflates."""
    with Guest(BUILD, mem_mib=512, deflate_on_oom=True, log=LOG) as g:
        boot = g.memtotal_kib()
        g.set_balloon_mib(256)
        before = check_settled(g, boot, "inflated before OOM")
        g.run("dmesg -c >/dev/null")
        # Two hogs touch 60% of MemTotal each: together more than the guest
        # has even with the balloon empty, each small enough to pass the
        # overcommit check.
        hog = ("sh -c 'echo 0 >/proc/self/oom_score_adj; "
               "exec dd if=/dev/zero of=/dev/null bs=%dk count=1' 2>/dev/null"
               % (boot * 60 // 100))
        g.run("%s & %s & wait" % (hog, hog), timeout=300, check=False)
        log = g.run("dmesg")
        # Let the host see the deflates, then compare.
        g.set_target(g.actual(), timeout=30)
        after = check_settled(g, boot, "after OOM")
        if after >= before:
            raise Failed("OOM notifier did not deflate: %d kB before, %d kB after"
                         % (before, after))
        reports = log.split("invoked oom-killer")[1:]
        if not reports:
            raise Failed("the hog did not reach the OOM killer")
        for i, report in enumerate(reports):
            if not parse_show_mem(report):
                raise Failed("OOM report %d has no Balloon line" % (i + 1))
        lines = parse_show_mem(log)
        # The notifier deflates before the killer runs, so the last report
        # shows what the balloon held when the hog was killed.
        expect("last OOM report agrees with debugfs", lines[-1], g.debugfs())
        return "%d kB before, %d kB after, %d OOM reports" % (before, after, len(reports))


def unload_reload():
    """Scenario 4: rmmod while inflated deflates all; insmod re-inflates."""
    with Guest(BUILD, log=LOG) as g:
        boot = g.memtotal_kib()
        g.set_balloon_mib(200)
        check_settled(g, boot, "inflated")
        g.run("rmmod virtio_balloon")
        expect("file gone after rmmod",
               g.run("test -e /sys/kernel/debug/virtio-balloon; echo $?"), "1")
        expect("MemTotal after rmmod", g.memtotal_kib(), boot)
        expect("host figure after rmmod", g.balloon_kib(), 0)
        g.run("insmod /lib/modules/virtio_balloon.ko")
        g.set_target(g.mem - 200 * 1024 * 1024)
        expect("re-inflated to the host's target",
               check_settled(g, boot, "after insmod"), 200 * 1024)


def compaction():
    """Scenario 5: balloon page migration leaves the counters alone."""
    with Guest(BUILD, deflate_on_oom=False, log=LOG) as g:
        boot = g.memtotal_kib()
        g.set_balloon_mib(300)
        before = check_settled(g, boot, "before compaction")
        moved = g.run("grep balloon_migrate /proc/vmstat || echo none")
        g.run("echo 1 >/proc/sys/vm/compact_memory")
        expect("unchanged by compaction", check_settled(g, boot, "after compaction"),
               before)
        return moved


def random_walk(deflate_on_oom, steps=50):
    """Scenario 6: a seeded random walk of targets."""
    rng = random.Random(SEED)
    with Guest(BUILD, deflate_on_oom=deflate_on_oom, log=LOG) as g:
        boot = g.memtotal_kib()
        for i in range(steps):
            pages = rng.randrange(0, 700 * 256)
            g.set_target(g.mem - pages * 4096)
            check_settled(g, boot, "step %d (%d pages)" % (i, pages))
        g.set_balloon_mib(0)
        check_settled(g, boot, "end of walk")


def main():
    print("seed %d" % SEED)
    scenarios = [
        ("virtio e2e: inflate/deflate, deflate-on-oom off",
         lambda: walk_targets(False)),
        ("virtio e2e: inflate/deflate, deflate-on-oom on",
         lambda: walk_targets(True)),
        ("virtio e2e: OOM with deflate-on-oom", oom),
        ("virtio e2e: rmmod and insmod while inflated", unload_reload),
        ("virtio e2e: compaction while inflated", compaction),
        ("virtio e2e: random walk of 50 targets, seed %d, deflate-on-oom off" % SEED,
         lambda: random_walk(False)),
        ("virtio e2e: random walk of 50 targets, seed %d, deflate-on-oom on" % SEED,
         lambda: random_walk(True)),
    ]
    only = os.environ.get("E2E_ONLY")
    for name, fn in scenarios:
        if only and not re.search(only, name):
            continue
        start = time.monotonic()
        try:
            detail = fn()
        except (Failed, GuestError) as e:
            print("FAIL %s: %s" % (name, e), flush=True)
            continue
        took = time.monotonic() - start
        print("PASS %s (%.0f s%s)" % (name, took, ", " + detail if detail else ""),
              flush=True)


if __name__ == "__main__":
    main()

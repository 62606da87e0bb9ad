#!/usr/bin/env python3
"""End-to-end tests of the virtio balloon counters against a real QEMU host.

usage: e2e_virtio.py BUILD_DIR [SEED]

Every figure is checked against the host's own: the balloon holds
(guest RAM - query-balloon "actual") / 1024 kB.  At the main steps the
series' kselftest runs in the guest first, and must pass.  Prints one PASS
or FAIL line per scenario, with the figures that failed.

With E2E_FIGURES=mainline (see vm.py) the mainline series' figures are
checked (its /proc lines and SysRq-m line), and the kselftest is
balloon_pages.
"""

import contextlib
import os
import random
import re
import sys
import time

from vm import SPLIT, Failed, Guest, MiB, expect, kselftest, monitoring_folded, \
    parse_kb_lines, parse_show_mem, report_has_balloon, run_scenarios

BUILD = sys.argv[1]
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
LOG = open(os.path.join(BUILD, "e2e-console.log"), "w")


@contextlib.contextmanager
def guest(**kw):
    """A guest whose kernel must have reported nothing by the end."""
    with Guest(BUILD, log=LOG, **kw) as g:
        yield g


def counter(deflate_on_oom):
    return "InflatedFree" if deflate_on_oom else "InflatedTotal"


def check_settled(g, memtotal_boot, what):
    """Debugfs, SysRq-m, /proc, sysfs and MemTotal all agree with the
    host's figure: those of them the kernel has (E2E_FIGURES)."""
    host = g.balloon_kib()
    shown = {"Balloon": host, "nr_balloon_pages": host * 1024 // g.page}
    want = {counter(g.deflate_on_oom): host, counter(not g.deflate_on_oom): 0}
    expect(what + ": SysRq-m Balloon line", g.sysrq_m(), want)
    if SPLIT:
        expect(what + ": debugfs", g.debugfs(), want)
        shown.update(want)
    else:
        managed = want["InflatedFree"]
        shown.update({"BalloonManaged": managed,
                      "nr_balloon_managed_pages": managed * 1024 // g.page})
    # /proc/meminfo, /proc/vmstat and sysfs, as root and as a user.
    expect(what + ": meminfo, vmstat, sysfs", monitoring_folded(g, shown), shown)
    expect(what + ": meminfo, vmstat, sysfs as nobody",
           monitoring_folded(g, shown, "nobody"), shown)
    drop = host if not g.deflate_on_oom else 0
    expect(what + ": MemTotal", g.memtotal_kib(), memtotal_boot - drop)
    return host


def walk_targets(deflate_on_oom):
    """Scenarios 1 and 2: inflate to several sizes, then deflate fully."""
    with guest(deflate_on_oom=deflate_on_oom) as g:
        boot = g.memtotal_kib()
        kselftest(g, "at boot")
        check_settled(g, boot, "at boot")
        # 333 MiB, and 100 MiB + 20 KiB: sizes that are not round, the
        # second not even in 64 KiB pages (it takes 102464 kB there).
        for mib in (128, 333, 100 + 20 / 1024, 512):
            g.set_balloon_mib(mib)
            kselftest(g, "balloon %.3f MiB" % mib)
            host = check_settled(g, boot, "balloon %.3f MiB" % mib)
            want = g.mem - g.reachable(g.mem - int(mib * MiB))
            expect("host holds what was asked, in whole guest pages", host, want // 1024)
        g.set_balloon_mib(0)
        kselftest(g, "deflated")
        expect("deflated fully", check_settled(g, boot, "deflated"), 0)


def oom():
    """Scenario 3: a memory hog drives the guest into the OOM path while the
    balloon holds memory with DEFLATE_ON_OOM; the OOM notifier deflates."""
    with guest(mem_mib=512, deflate_on_oom=True) as g:
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
        kselftest(g, "after OOM")
        after = check_settled(g, boot, "after OOM")
        if after >= before:
            raise Failed("OOM notifier did not deflate: %d kB before, %d kB after"
                         % (before, after))
        reports = log.split("invoked oom-killer")[1:]
        if not reports:
            raise Failed("the hog did not reach the OOM killer")
        for i, report in enumerate(reports):
            if not report_has_balloon(report):
                raise Failed("OOM report %d has no Balloon line" % (i + 1))
        if SPLIT:
            # The notifier deflates before the killer runs, so the last
            # report shows what the balloon held when the hog was killed.
            expect("last OOM report agrees with debugfs",
                   parse_show_mem(log)[-1], g.debugfs())
        return "%d kB before, %d kB after, %d OOM reports" % (before, after, len(reports))


def unload_reload():
    """Scenario 4: rmmod while inflated deflates all; insmod re-inflates."""
    with guest() as g:
        boot = g.memtotal_kib()
        g.set_balloon_mib(200)
        check_settled(g, boot, "inflated")
        g.run("rmmod virtio_balloon")
        if SPLIT:
            expect("file gone after rmmod",
                   g.run("test -e /sys/kernel/debug/virtio-balloon; echo $?"), "1")
        expect("MemTotal after rmmod", g.memtotal_kib(), boot)
        expect("host figure after rmmod", g.balloon_kib(), 0)
        kselftest(g, "after rmmod", virtio=False)
        g.run("insmod /lib/modules/virtio_balloon.ko")
        g.set_target(g.mem - 200 * 1024 * 1024)
        kselftest(g, "after insmod")
        expect("re-inflated to the host's target",
               check_settled(g, boot, "after insmod"), 200 * 1024)


def balloon_migrate(g):
    return int(g.run("grep balloon_migrate /proc/vmstat").split()[1])


def compaction():
    """Scenario 5: balloon page migration leaves the counters alone.  A
    file fills memory while the balloon inflates and is removed after, so
    that compaction finds balloon pages among free ones."""
    with guest(deflate_on_oom=False) as g:
        boot = g.memtotal_kib()
        # Leave the guest 150 MiB besides the file and the balloon: a KASAN
        # kernel has less to give than a plain one.
        free = parse_kb_lines(g.run("grep MemFree /proc/meminfo"))["MemFree"] // 1024
        fill = min(500, free - 300 - 150)
        # Where the pages land varies: try up to three times to get some
        # balloon pages migrated.
        for attempt in range(1, 4):
            g.run("dd if=/dev/zero of=/tmp/fill bs=1M count=%d 2>/dev/null" % fill,
                  timeout=120)
            g.set_balloon_mib(300)
            g.run("rm /tmp/fill")
            before = check_settled(g, boot, "before compaction")
            moved = balloon_migrate(g)
            g.run("echo 1 >/proc/sys/vm/compact_memory", timeout=120)
            moved = balloon_migrate(g) - moved
            kselftest(g, "after compaction")
            expect("unchanged by compaction",
                   check_settled(g, boot, "after compaction"), before)
            if moved:
                return "%d balloon pages migrated, attempt %d" % (moved, attempt)
            g.set_balloon_mib(0)
        raise Failed("compaction migrated no balloon page in 3 attempts: "
                     "nothing was tested")


def random_walk(deflate_on_oom, steps=50):
    """Scenario 6: a seeded random walk of targets."""
    rng = random.Random(SEED)
    with guest(deflate_on_oom=deflate_on_oom) as g:
        boot = g.memtotal_kib()
        for i in range(steps):
            pages = rng.randrange(0, 700 * 256)
            g.set_target(g.mem - pages * 4096)
            check_settled(g, boot, "step %d (%d pages)" % (i, pages))
        g.set_balloon_mib(0)
        check_settled(g, boot, "end of walk")


def debugfs_file():
    """The debugfs file: mode 0444, writes fail, two lines, no pointers."""
    with guest() as g:
        g.set_balloon_mib(100)
        expect("mode", g.run("stat -c %a /sys/kernel/debug/virtio-balloon"), "444")
        expect("a write as root fails",
               g.run("echo 0 >/sys/kernel/debug/virtio-balloon 2>/dev/null; echo $?")
               != "0", True)
        text = g.run("cat /sys/kernel/debug/virtio-balloon")
        expect("exactly two lines", bool(re.fullmatch(
            r"InflatedTotal: \d+ kB\nInflatedFree: \d+ kB", text)), True)
        if re.search(r"[0-9a-f]{12,}|0x[0-9a-f]+", text):
            raise Failed("the file shows something like a kernel pointer: %r" % text)
        expect("unchanged by the write", g.debugfs(),
               {"InflatedTotal": 100 * 1024, "InflatedFree": 0})


def hotplug_walk(steps=30):
    """CPU 1 goes offline and comes back during a seeded walk."""
    rng = random.Random(SEED + 1)
    cycles = 0
    with guest(smp=2) as g:
        boot = g.memtotal_kib()
        for i in range(steps):
            if i % 4 == 1:
                g.run("echo 0 >/sys/devices/system/cpu/cpu1/online")
            elif i % 4 == 3:
                g.run("echo 1 >/sys/devices/system/cpu/cpu1/online")
                cycles += 1
            pages = rng.randrange(0, 700 * 256)
            g.set_target(g.mem - pages * 4096)
            check_settled(g, boot, "step %d (%d pages, cpu1 %s)" % (
                i, pages, g.run("cat /sys/devices/system/cpu/cpu1/online")))
        g.run("echo 1 >/sys/devices/system/cpu/cpu1/online")
        g.set_balloon_mib(0)
        check_settled(g, boot, "end of walk")
    return "%d offline/online cycles" % cycles


def hostile_host(deflate_on_oom):
    """Odd targets: flipping every 300 ms, 0 in the middle of an inflate,
    and, with deflate-on-oom, more than the guest has.  Once settled, the
    counters match.  Without deflate-on-oom a balloon that takes all the
    guest's memory leaves the OOM killer nothing to kill and the guest
    panics: the host's doing, not something the counters can change."""
    detail = []
    with guest(deflate_on_oom=deflate_on_oom) as g:
        boot = g.memtotal_kib()
        if deflate_on_oom:
            g.qmp_cmd("balloon", value=1024 * 1024)     # a 1 MiB guest
            time.sleep(5)
            detail.append("asked for all, the balloon took %d kB of %d kB"
                          % (g.balloon_kib(), g.mem // 1024))
            g.set_balloon_mib(200)
            check_settled(g, boot, "after a target above guest RAM")
        for i in range(20):
            g.qmp_cmd("balloon", value=g.mem - (100 if i % 2 else 400) * 1024 * 1024)
            time.sleep(0.3)
        g.set_target(g.mem - 100 * 1024 * 1024)
        kselftest(g, "after a flipping target")
        check_settled(g, boot, "after a flipping target")
        g.qmp_cmd("balloon", value=g.mem - 600 * 1024 * 1024)
        time.sleep(0.5)
        g.set_balloon_mib(0)
        expect("deflated", check_settled(g, boot, "after target 0 during inflate"), 0)
    return "; ".join(["%d host patterns" % (2 + deflate_on_oom)] + detail)


def device_del():
    """The host removes the balloon device while it is inflated."""
    with guest() as g:
        boot = g.memtotal_kib()
        g.set_balloon_mib(200)
        check_settled(g, boot, "inflated")
        g.qmp_cmd("device_del", id="balloon0")
        deadline = time.monotonic() + 30
        while not any(e["event"] == "DEVICE_DELETED" for e in g.events):
            if time.monotonic() > deadline:
                raise Failed("no DEVICE_DELETED within 30 s: the guest did not eject")
            time.sleep(0.2)
            g.qmp_cmd("query-status")
        # On virtio-ccw the host reports DEVICE_DELETED before the guest
        # has run the driver's remove, which gives every page back: wait,
        # for a bounded time, until MemTotal says it has.
        deadline = time.monotonic() + 60
        while g.memtotal_kib() != boot:
            if time.monotonic() > deadline:
                raise Failed("MemTotal %d kB 60 s after DEVICE_DELETED, %d kB at boot"
                             % (g.memtotal_kib(), boot))
            time.sleep(0.5)
        # The file belongs to the driver, which is still loaded, and
        # holds nothing now.
        if SPLIT:
            expect("debugfs after removal", g.debugfs(),
                   {"InflatedTotal": 0, "InflatedFree": 0})
        expect("SysRq-m after removal", g.sysrq_m(),
               {"InflatedTotal": 0, "InflatedFree": 0})
        want = {"Balloon": 0, "nr_balloon_pages": 0}
        if SPLIT:
            want.update(InflatedTotal=0, InflatedFree=0)
        else:
            want.update(BalloonManaged=0, nr_balloon_managed_pages=0)
        expect("/proc after removal", monitoring_folded(g, want), want)
        expect("MemTotal after removal", g.memtotal_kib(), boot)
        kselftest(g, "after removal", virtio=False)


def function_range(g, module, name):
    """[start, end) of @name in @module, from the guest's /proc/kallsyms:
    from its address to the next higher one in the module."""
    addrs = {}
    for line in g.run("grep '\\[%s\\]$' /proc/kallsyms" % module).splitlines():
        addr, _, sym = line.split()[:3]
        addrs[sym] = int(addr, 16)
    if name not in addrs:
        raise Failed("%s is not in /proc/kallsyms for %s" % (name, module))
    start = addrs[name]
    return start, min(a for a in addrs.values() if a > start)


def fault_injection():
    """fail_page_alloc fails the balloon's inflate allocations: all of
    them, then one in 500.  The balloon falls short of its target, then
    reaches it; the counters always equal what the host sees."""
    fail = "/sys/kernel/debug/fail_page_alloc"
    with guest() as g:
        boot = g.memtotal_kib()
        # Only allocations made under the balloon's worker fail: fill_balloon
        # runs from it, inlined or not.  The whole module would be too wide:
        # opening the debugfs file goes through the module too, and its
        # allocations would fail when the slab needs a page.
        start, end = function_range(g, "virtio_balloon", "update_balloon_size_func")
        g.run("cd %s && echo N >ignore-gfp-wait && echo N >ignore-gfp-highmem && "
              "echo 0 >min-order && echo 0 >verbose && echo %d >require-start && "
              "echo %d >require-end && echo 1 >interval && echo -1 >times && "
              "echo 100 >probability && cd /" % (fail, start, end))
        g.qmp_cmd("balloon", value=g.mem - 100 * 1024 * 1024)
        time.sleep(3)
        held = check_settled(g, boot, "every allocation failing")
        if held >= 100 * 1024:
            raise Failed("the balloon reached its target although every "
                         "allocation failed: nothing was injected")
        g.run("echo 500 >%s/interval && echo 40 >%s/times" % (fail, fail))
        g.set_balloon_mib(200, timeout=300)
        expect("reached the target", check_settled(g, boot, "one allocation in 500 failing"),
               200 * 1024)
        left = int(g.run("cat %s/times" % fail))
        g.run("echo 0 >%s/probability" % fail)
        g.set_balloon_mib(0)
        kselftest(g, "deflated after fault injection")
        check_settled(g, boot, "deflated")
    return "%d kB of 100 MiB with all failing, then %d injected failures" % (
        held, 40 - left)


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
        ("virtio e2e: debugfs file is 0444, read-only and shows no pointers",
         debugfs_file),
        ("virtio e2e: CPU 1 offline and online during a walk, seed %d" % (SEED + 1),
         hotplug_walk),
        ("virtio e2e: hostile host, deflate-on-oom off", lambda: hostile_host(False)),
        ("virtio e2e: hostile host, deflate-on-oom on", lambda: hostile_host(True)),
        ("virtio e2e: device_del while inflated", device_del),
        ("virtio e2e: fail_page_alloc during inflate", fault_injection),
    ]
    if not SPLIT:
        scenarios = [(name, fn) for name, fn in scenarios if fn is not debugfs_file]
    run_scenarios(scenarios)


if __name__ == "__main__":
    main()

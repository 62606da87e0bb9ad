#!/usr/bin/env python3
"""End-to-end tests of the CMM drivers' counters, on a pseries or s390x guest.

usage: e2e_cmm.py BUILD_DIR

The guest architecture picks the driver:
- pseries (ppc64le): the Collaborative Memory Manager in its simulation
  mode, the loan target set through simulate_loan_target_kb.  Its own
  figure is loaned_kb; the pages leave MemTotal (InflatedTotal).
- s390x: Cooperative Memory Management, driven through vm.cmm_pages and
  vm.cmm_timed_pages, its own figures, in 4 KiB pages; MemTotal does not
  move (InflatedFree).
Every figure the series adds is checked against the driver's own and
against MemTotal, and the series' kselftest runs in the guest at every
step; with E2E_FIGURES=mainline (see vm.py), the mainline series'
figures and its kselftest, balloon_pages.
Prints one PASS or FAIL line per scenario.
"""

import contextlib
import os
import sys
import time

from vm import SPLIT, Failed, Guest, expect, kselftest, monitoring_folded, \
    no_kernel_reports, report_has_balloon, run_scenarios

BUILD = sys.argv[1]
LOG = open(os.path.join(BUILD, "e2e-cmm-console.log"), "w")
CMM = "/sys/devices/system/cmm/cmm0"


@contextlib.contextmanager
def guest(insmod):
    """A guest with the CMM module loaded by @insmod, that must have
    reported nothing by the end."""
    with Guest(BUILD, log=LOG) as g:
        # virtio_balloon publishes no figure of its own: without it the
        # kselftest checks Balloon: against CMM's figure alone.
        g.run("dmesg -c >/dev/null; rmmod virtio_balloon; " + insmod)
        yield g
        no_kernel_reports(g, "at the end")


def settle(g, read, timeout=180):
    """Read the driver's figures with @read until they stay put for 2 s;
    return them."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = read(g)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 2:
            return now
        time.sleep(0.3)
    raise Failed("the driver's figures did not settle within %d s: %r" % (timeout, last))


def check_counters(g, boot, what, total, free, gone=False):
    """The kselftest passes; the show_mem line, meminfo, vmstat and sysfs
    (as root and as a user) show @total kB in InflatedTotal and @free kB in
    InflatedFree, those of them the kernel has (E2E_FIGURES, see vm.py);
    and MemTotal lost exactly @total."""
    shown = {"Balloon": total + free, "nr_balloon_pages": (total + free) * 1024 // g.page}
    kselftest(g, what, virtio=False, gone=gone)
    want = {"InflatedTotal": total, "InflatedFree": free}
    expect(what + ": SysRq-m Balloon line", g.sysrq_m(), want)
    if SPLIT:
        shown.update(want)
    else:
        shown.update({"BalloonManaged": free,
                      "nr_balloon_managed_pages": free * 1024 // g.page})
    expect(what + ": meminfo, vmstat, sysfs", monitoring_folded(g, shown), shown)
    expect(what + ": meminfo, vmstat, sysfs as nobody",
           monitoring_folded(g, shown, "nobody"), shown)
    expect(what + ": MemTotal", g.memtotal_kib(), boot - total)


def oom_reports(g, boot, hogs, share):
    """Run @hogs memory hogs that each touch @share % of @boot kB at once,
    and return the kernel log they caused."""
    g.run("dmesg -c >/dev/null")
    hog = ("sh -c 'echo 0 >/proc/self/oom_score_adj; "
           "exec dd if=/dev/zero of=/dev/null bs=%dk count=1' 2>/dev/null"
           % (boot * share // 100))
    g.run(" & ".join([hog] * hogs) + " & wait", timeout=600, check=False)
    return g.run("dmesg")


def check_oom_reports(log):
    reports = log.split("invoked oom-killer")[1:]
    for i, report in enumerate(reports):
        if not report_has_balloon(report):
            raise Failed("OOM report %d has no Balloon line" % (i + 1))
    return len(reports)


# --- pseries --------------------------------------------------------------

PSERIES_INSMOD = "insmod /lib/modules/cmm.ko simulate=1"


def pseries_read(g):
    return tuple(int(x) for x in g.run(
        "cat %s/loaned_kb %s/loaned_target_kb %s/oom_freed_kb" % (CMM, CMM, CMM)).split())


def pseries_check(g, boot, what):
    """Settle, then check the counters against loaned_kb; return it."""
    loaned, target, _ = settle(g, pseries_read)
    expect(what + ": loaned_kb reached loaned_target_kb", loaned, target)
    check_counters(g, boot, what, loaned, 0)
    return loaned


def pseries_loan(g, kb):
    g.run("echo %d >%s/simulate_loan_target_kb" % (kb, CMM))


def pseries_walk():
    """Loan and give back: sizes in and out of whole 64 KiB pages."""
    with guest(PSERIES_INSMOD) as g:
        boot = g.memtotal_kib()
        pseries_check(g, boot, "at load")
        for kb in (262144, 100000, 524288, 0):
            pseries_loan(g, kb)
            loaned = pseries_check(g, boot, "loan target %d kB" % kb)
            page_kb = g.page // 1024
            expect("loaned the target in whole pages", loaned, kb // page_kb * page_kb)


def pseries_oom():
    """Hogs take more than the guest has with 512 MiB loaned: the driver's
    OOM notifier gives pages back before the OOM killer runs."""
    with guest(PSERIES_INSMOD) as g:
        boot = g.memtotal_kib()
        pseries_loan(g, 524288)
        expect("loaned before OOM", pseries_check(g, boot, "before OOM"), 524288)
        # Three hogs of 90% of MemTotal each: together more than the
        # guest has even with nothing loaned, each small enough to pass
        # the overcommit check.
        log = oom_reports(g, boot - 524288, 3, 90)
        loaned, target, freed = settle(g, pseries_read)
        if not freed:
            raise Failed("the OOM notifier gave nothing back (oom_freed_kb 0)")
        # The driver lowers its target by what the notifier gave back.
        expect("loaned after OOM", loaned, 524288 - freed)
        after = pseries_check(g, boot, "after OOM")
        reports = check_oom_reports(log)
        return "524288 kB before, %d kB after, oom_freed_kb %d, %d OOM reports" % (
            after, freed, reports)


def pseries_rmmod():
    """rmmod while loaned gives every page back; insmod loans again."""
    with guest(PSERIES_INSMOD) as g:
        boot = g.memtotal_kib()
        pseries_loan(g, 262144)
        expect("loaned", pseries_check(g, boot, "loaned"), 262144)
        g.run("rmmod cmm")
        check_counters(g, boot, "after rmmod", 0, 0)
        g.run(PSERIES_INSMOD)
        pseries_loan(g, 131072)
        expect("loaned again", pseries_check(g, boot, "after insmod"), 131072)


# --- s390 -----------------------------------------------------------------

S390_INSMOD = "insmod /lib/modules/cmm.ko"


def s390_read(g):
    return tuple(int(x) for x in g.run(
        "cat /proc/sys/vm/cmm_pages /proc/sys/vm/cmm_timed_pages").split())


def s390_check(g, boot, what):
    """Settle, then check the counters against the sysctls; return them."""
    pages, timed = settle(g, s390_read)
    check_counters(g, boot, what, 0, (pages + timed) * 4)
    return pages, timed


def s390_walk():
    """Both balloons up and down, the timed one given back by the timer."""
    with guest(S390_INSMOD) as g:
        boot = g.memtotal_kib()
        s390_check(g, boot, "at load")
        g.run("echo 65536 >/proc/sys/vm/cmm_pages")
        expect("cmm_pages", s390_check(g, boot, "cmm_pages 65536"), (65536, 0))
        g.run("echo 10000 >/proc/sys/vm/cmm_timed_pages")
        expect("timed pages", s390_check(g, boot, "10000 timed pages"), (65536, 10000))
        g.run("echo 12345 >/proc/sys/vm/cmm_pages")
        expect("cmm_pages", s390_check(g, boot, "cmm_pages 12345"), (12345, 10000))
        # Give 2500 timed pages back every second.
        g.run("echo 2500 1 >/proc/sys/vm/cmm_timeout")
        expect("timed pages given back", s390_check(g, boot, "timer"), (12345, 0))
        g.run("echo 0 >/proc/sys/vm/cmm_pages")
        expect("empty", s390_check(g, boot, "cmm_pages 0"), (0, 0))


def s390_oom():
    """Hogs take more than the guest has with 768 MiB held: the driver's
    OOM notifier gives pages back, 256 at a time."""
    with guest(S390_INSMOD) as g:
        boot = g.memtotal_kib()
        g.run("echo 196608 >/proc/sys/vm/cmm_pages")
        expect("held before OOM", s390_check(g, boot, "before OOM"), (196608, 0))
        log = oom_reports(g, boot, 3, 45)
        pages, _ = s390_check(g, boot, "after OOM")
        if pages >= 196608:
            raise Failed("the OOM notifier gave nothing back")
        reports = check_oom_reports(log)
        return "196608 pages before, %d after, %d OOM reports" % (pages, reports)


def s390_rmmod():
    """rmmod while holding pages gives them all back."""
    with guest(S390_INSMOD) as g:
        boot = g.memtotal_kib()
        g.run("echo 50000 >/proc/sys/vm/cmm_pages; echo 3000 >/proc/sys/vm/cmm_timed_pages")
        expect("held", s390_check(g, boot, "held"), (50000, 3000))
        g.run("rmmod cmm")
        # s390 CMM moves no balloon event: once it is gone, nothing shows
        # that a balloon ever held a page.
        check_counters(g, boot, "after rmmod", 0, 0, gone=True)


def main():
    arch = Guest(BUILD).arch
    if arch == "ppc64":
        name = "pseries CMM e2e"
        scenarios = [("loan and give back 256 MiB, 100000 kB, 512 MiB, 0", pseries_walk),
                     ("OOM notifier gives pages back", pseries_oom),
                     ("rmmod and insmod while loaned", pseries_rmmod)]
    elif arch == "s390x":
        name = "s390 CMM e2e"
        scenarios = [("cmm_pages, cmm_timed_pages and the timer", s390_walk),
                     ("OOM notifier gives pages back", s390_oom),
                     ("rmmod while holding pages", s390_rmmod)]
    else:
        sys.exit("e2e_cmm.py: %s is not a pseries or s390x guest" % BUILD)
    run_scenarios([("%s: %s" % (name, title), fn) for title, fn in scenarios])


if __name__ == "__main__":
    main()

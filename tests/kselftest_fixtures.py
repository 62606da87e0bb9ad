#!/usr/bin/env python3
"""Run the balloon_stats kselftest on figures recorded from guests that no
machine here can run: no emulator offers VMware's balloon, so its checks of
vmw_balloon would otherwise never run.

    kselftest_fixtures.py BALLOON_STATS

For each fixture, write the files the program reads (the sysfs split,
/proc/meminfo, /proc/vmstat, the driver's own files) below a directory,
run the program with BALLOON_STATS_FIXTURE set to it, and compare each of
its seven results with what those figures call for: a consistent guest
passes every check that applies, and a guest whose figures show a known
driver bug fails exactly the check that should catch it.  Prints one PASS
or FAIL line per fixture."""

import os
import re
import subprocess
import sys
import tempfile

# The seven checks of balloon_stats, in order.
CHECKS = ["meminfo", "vmstat", "InflatedTotal", "InflatedFree", "virtio",
          "vm events", "show_mem"]
# What a consistent VMware guest gives: no virtio device, no SysRq-m.
VMWARE_OK = {"meminfo": "ok", "vmstat": "ok", "InflatedTotal": "ok",
             "InflatedFree": "ok", "virtio": "skip", "vm events": "ok",
             "show_mem": "skip"}

FRAMES = 262144		# 1 GiB in the balloon, in 4 KiB frames
INFLATED = 300000	# balloon_inflate since boot, in 4 KiB frames


def vmware_guest(balloon_kb=FRAMES * 4, deflate=INFLATED - FRAMES):
    """The files of a VMware guest whose balloon holds FRAMES frames, as
    /proc would show it with Balloon: at @balloon_kb and balloon_deflate at
    @deflate; by default, every figure agrees."""
    return {
        "sys/kernel/mm/balloon/inflated_total_kb": "0\n",
        "sys/kernel/mm/balloon/inflated_free_kb": "%d\n" % (FRAMES * 4),
        "proc/meminfo": "MemTotal:        4028356 kB\n"
                        "MemFree:         2411200 kB\n"
                        "Balloon:         %8d kB\n" % balloon_kb,
        "proc/vmstat": "nr_free_pages 602800\n"
                       "nr_balloon_pages %d\n"
                       "balloon_inflate %d\n"
                       "balloon_deflate %d\n"
                       "balloon_migrate 715\n" % (balloon_kb // 4, INFLATED, deflate),
        "sys/module/vmw_balloon/initstate": "live\n",
        "sys/kernel/debug/vmmemctl": "balloon capabilities  :             0x3e\n"
                                     "used capabilities     :             0x3e\n"
                                     "is resetting          :                n\n"
                                     "target                :           %6d\n"
                                     "current               :           %6d\n"
                                     % (FRAMES, FRAMES),
        "sys/class/dmi/id/sys_vendor": "VMware, Inc.\n",
    }


FIXTURES = [
    ("VMware guest, 1 GiB in 2 MiB pages, every figure in agreement",
     vmware_guest(), {}),
    # The refused migration of vmw_balloon before "mm/balloon_compaction:
    # keep NR_BALLOON_PAGES right on migration": the old
    # page left the balloon without a deflate event.
    ("VMware guest, a refused migration without its deflate event",
     vmware_guest(deflate=INFLATED - FRAMES - 1), {"vm events": "not ok"}),
    # vmw_balloon before "vmw_balloon: count 2 MiB pages in
    # NR_BALLOON_PAGES": a balloon of 2 MiB pages left Balloon: at 0.
    ("VMware guest, 2 MiB pages missing from Balloon",
     vmware_guest(balloon_kb=0), {"meminfo": "not ok", "vmstat": "not ok"}),
]

RESULT_RE = re.compile(r"^(ok|not ok) (\d+)\b[^#\n]*(# SKIP)?", re.M)


def run(program, files):
    """The results of @program on a root holding @files, by check name."""
    with tempfile.TemporaryDirectory() as root:
        for path, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w") as f:
                f.write(text)
        env = dict(os.environ, BALLOON_STATS_FIXTURE=root)
        out = subprocess.run([program], env=env, capture_output=True, text=True,
                             timeout=60).stdout
    got = {}
    for status, n, skip in RESULT_RE.findall(out):
        if 1 <= int(n) <= len(CHECKS):
            got[CHECKS[int(n) - 1]] = "skip" if skip else status
    return got, out


def main():
    program = sys.argv[1]
    for name, files, changes in FIXTURES:
        want = dict(VMWARE_OK, **changes)
        got, out = run(program, files)
        if got == want:
            print("PASS kselftest on recorded figures: %s: %s" % (
                name, ", ".join("%s %s" % (c, got[c]) for c in CHECKS)))
        else:
            wrong = ["%s: %s, want %s" % (c, got.get(c, "missing"), want[c])
                     for c in CHECKS if got.get(c) != want[c]]
            diag = [line for line in out.splitlines() if line.startswith("# ")]
            print("FAIL kselftest on recorded figures: %s: %s | %s" % (
                name, "; ".join(wrong), " | ".join(diag)))


if __name__ == "__main__":
    main()

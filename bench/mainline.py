#!/usr/bin/env python3
"""What the mainline series costs on 7.3, side by side with 7.3 and its fixes.

mainline.py OUT RESULTS FIXES: OUT/build/bench-base (7.3 with the series'
FIXES leading fixes) and OUT/build/bench (7.3 with the whole series) are
guest builds with the same configuration; OUT/bench/bench-base.cpio and OUT/bench/bench.cpio
are their initramfs plus read_file.

Prints a table with the goals, and writes RESULTS/mainline.json and
RESULTS/mainline.txt.  Reports figures; asserts nothing.
"""

import json
import os
import platform
import subprocess
import sys
import time

from bench import MODULES, RUNS, say, stats, text_delta, throughput, throughput_lines
from vm import Guest, kvm_usable

READS = (("/proc/meminfo", "meminfo_read_ns"), ("/proc/vmstat", "vmstat_read_ns"))
KINDS = ("base", "patched")
BUILDS = {"base": "bench-base", "patched": "bench"}


def reads(out):
    """RUNS boots of each kernel, alternating, at -smp 2: the cost of one
    read of each file of READS, and how many lines /proc/vmstat has."""
    res = {k: {key: [] for _, key in READS} for k in KINDS}
    lines = {}
    for r in range(RUNS):
        for kind in KINDS if r % 2 == 0 else KINDS[::-1]:
            build = BUILDS[kind]
            with Guest(os.path.join(out, "build", build), mem_mib=1024, smp=2,
                       initrd=os.path.join(out, "bench", build + ".cpio")) as g:
                g.set_balloon_mib(64)
                for path, key in READS:
                    text = g.run("/bin/read_file %s 2000 %s" % (path, key), timeout=600)
                    res[kind][key].append(int(text.split("bench: %s " % key)[1].split()[0]))
                lines[kind] = int(g.run("wc -l </proc/vmstat").split()[0])
            say("read cost run %d/%d, %s: %s" % (r + 1, RUNS, kind,
                ", ".join("%s %d ns" % (k, v[-1]) for k, v in res[kind].items())))
    return {k: {key: stats(v) for key, v in res[k].items()} for k in KINDS}, lines


SECTIONS = (".text", ".rodata", ".data", ".bss")


def size_sections(path):
    """The size of each section of SECTIONS in an object, as size -A gives it."""
    out = subprocess.run(["size", "-A", path], capture_output=True, text=True,
                         check=True).stdout
    sizes = dict(line.split()[:2] for line in out.splitlines()[2:] if line.strip())
    return {name: int(sizes[name]) for name in SECTIONS}


def sizes(out, src):
    b = os.path.join(out, "build")
    res = {"functions": {}}
    for name, d in [("vmlinux", "")] + list(MODULES.items()):
        rel = os.path.join(d, name)
        res["functions"][name] = text_delta(src, os.path.join(b, "bench-base", rel),
                                            os.path.join(b, "bench", rel))
        res["functions"][name].pop("report")
    res["vmlinux"] = {k: size_sections(os.path.join(b, BUILDS[k], "vmlinux"))
                      for k in KINDS}
    return res


def report(r):
    s = r["sizes"]
    lines = ["", "balloon-stats bench, mainline series on 7.3: %s, %s, %d CPUs, "
             "QEMU %s, %d runs each" % (r["date"], r["host"], r["host_cpus"],
                                        r["accel"], RUNS),
             "base: 7.3 with the series' %d leading fixes; patched: with the whole "
             "series (no KUnit)" % r["fixes"], ""]
    lines += throughput_lines(r)
    lines.append("")
    lines.append("2. Code and memory size")
    for name, v in s["functions"].items():
        lines.append("   %-20s function text %+6d bytes (bloat-o-meter -t)"
                     % (name, v["delta"]))
    vb, vp = s["vmlinux"]["base"], s["vmlinux"]["patched"]
    lines.append("   vmlinux sections     %s bytes (size -A)"
                 % ", ".join("%s %+d" % (k, vp[k] - vb[k]) for k in SECTIONS))
    items = r["vmstat_lines"]["patched"] - r["vmstat_lines"]["base"]
    lines.append("   /proc/vmstat lines   base %d, patched %d: %d node item(s) more"
                 % (r["vmstat_lines"]["base"], r["vmstat_lines"]["patched"], items))
    lines.append("   each node item: 8 bytes per node (pglist_data.vm_stat[]), 1 byte")
    lines.append("   per possible CPU and node (per_cpu_nodestat), 8 bytes in vm_node_stat[]")
    lines.append("")
    lines.append("3. Read cost, -smp 2 (ns per read, min / median / max)")
    for _, key in READS:
        b, p = r["reads"]["base"][key], r["reads"]["patched"][key]
        lines.append("   %-16s base %8d / %8d / %8d   patched %8d / %8d / %8d   ratio %.3f"
                     % (key, b["min"], b["median"], b["max"], p["min"], p["median"],
                        p["max"], p["median"] / b["median"]))
    lines.append("")
    lines.append("Times are under QEMU %s, not on hardware: compare base with patched, "
                 "not with other machines." % r["accel"])
    return "\n".join(lines)


def main():
    out, results, fixes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    src = os.path.join(out, "check")
    r = {"date": time.strftime("%Y-%m-%d"), "host": platform.machine(),
         "host_cpus": os.cpu_count(), "accel": "kvm" if kvm_usable() else "tcg",
         "fixes": fixes, "goals": {}}
    say("sizes, base against patched")
    r["sizes"] = sizes(out, src)
    say("throughput: %d boots of each kernel, alternating" % RUNS)
    r["throughput"] = throughput(out)
    say("read cost: %d boots of each kernel, alternating" % RUNS)
    r["reads"], r["vmstat_lines"] = reads(out)
    text = report(r)
    print(text)
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, "mainline.json"), "w") as f:
        json.dump(r, f, indent=1, sort_keys=True)
    with open(os.path.join(results, "mainline.txt"), "w") as f:
        f.write(text.lstrip("\n") + "\n")
    say("wrote %s/mainline.json and mainline.txt" % results)


if __name__ == "__main__":
    main()

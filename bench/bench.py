#!/usr/bin/env python3
"""What the series costs, measured side by side with the unpatched kernel.

bench.py OUT: OUT/build/bench-base (the base tree with the series'
leading fixes), OUT/build/bench (the
series) and OUT/build/bench-off (the series with CONFIG_BALLOON_STATS=n)
are guest builds with the same configuration; OUT/bench/initramfs.cpio is
the patched guest's initramfs plus hook_cost.ko and read_file.

Prints a table with the goals, and writes bench/results/latest.json and,
with gnuplot, bench/results/latest.png.  Reports figures; asserts nothing.
"""

import difflib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from vm import Guest, MiB, kvm_usable  # noqa: E402

RUNS = 5
BALLOON_MIB = 512
PAGES = BALLOON_MIB * MiB // 4096
SMP_COUNTS = (1, 2, 4, 8)
# What a reader reads, and the key its time is reported under.
READS = (("/sys/kernel/debug/virtio-balloon", "debugfs_read_ns"),
         ("/proc/meminfo", "meminfo_read_ns"),
         ("/proc/vmstat", "vmstat_read_ns"),
         ("/sys/kernel/mm/balloon/inflated_total_kb", "sysfs_read_ns"))

# The balloon drivers, by directory in the build.
MODULES = {"virtio_balloon.ko": "drivers/virtio", "hv_balloon.ko": "drivers/hv",
           "vmw_balloon.ko": "drivers/misc"}


def say(msg):
    print("==> " + msg, flush=True)


def stats(values):
    return {"min": min(values), "median": statistics.median(values),
            "max": max(values), "runs": values}


# --- 1. inflate and deflate throughput through the real device ------------

def wait_actual(g, target, timeout=120):
    deadline = time.monotonic() + timeout
    while g.actual() != target:
        if time.monotonic() > deadline:
            raise RuntimeError("balloon did not reach %d bytes" % target)
        time.sleep(0.01)


def throughput_run(build):
    """Boot, inflate a 512 MiB balloon and deflate it; pages per second."""
    with Guest(build, mem_mib=1024) as g:
        start = time.monotonic()
        g.qmp_cmd("balloon", value=g.mem - BALLOON_MIB * MiB)
        wait_actual(g, g.mem - BALLOON_MIB * MiB)
        inflated = time.monotonic()
        g.qmp_cmd("balloon", value=g.mem)
        wait_actual(g, g.mem)
        deflated = time.monotonic()
    return PAGES / (inflated - start), PAGES / (deflated - inflated)


def throughput(out):
    builds = {"base": os.path.join(out, "build/bench-base"),
              "patched": os.path.join(out, "build/bench")}
    res = {k: {"inflate": [], "deflate": []} for k in builds}
    for r in range(RUNS):
        order = ("base", "patched") if r % 2 == 0 else ("patched", "base")
        for kind in order:
            inf, dfl = throughput_run(builds[kind])
            res[kind]["inflate"].append(round(inf))
            res[kind]["deflate"].append(round(dfl))
            say("throughput run %d/%d, %s: inflate %d pages/s, deflate %d pages/s"
                % (r + 1, RUNS, kind, inf, dfl))
    return {k: {d: stats(v) for d, v in res[k].items()} for k in res}


# --- 2 and 4. hook and read cost, inside the guest -------------------------

def bench_lines(text):
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"bench: (\w+) (\d+)", text)}


def guest_costs(out, smp, loops):
    """RUNS loads of hook_cost.ko and RUNS loops over each file of READS,
    at -smp @smp."""
    build = os.path.join(out, "build/bench")
    runs = {}
    with Guest(build, mem_mib=1024, smp=smp,
               initrd=os.path.join(out, "bench/initramfs.cpio")) as g:
        g.set_balloon_mib(64)
        for _ in range(RUNS):
            text = g.run("dmesg -c >/dev/null; insmod /lib/modules/hook_cost.ko "
                         "loops=%d && rmmod hook_cost && dmesg" % loops, timeout=600)
            for path, key in READS:
                text += g.run("/bin/read_file %s 2000 %s" % (path, key), timeout=600)
            for k, v in bench_lines(text).items():
                runs.setdefault(k, []).append(v)
        g.set_balloon_mib(0)
    runs.pop("cpus", None)
    return {k: stats(v) for k, v in runs.items()}


# --- 3. code and memory size, and the hook's instructions -----------------

def text_delta(src, old, new):
    """bloat-o-meter's function (text) totals for two objects."""
    out = subprocess.run([os.path.join(src, "scripts/bloat-o-meter"), "-t", old, new],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"Total: Before=(\d+), After=(\d+)", out)
    return {"before": int(m.group(1)), "after": int(m.group(2)),
            "delta": int(m.group(2)) - int(m.group(1)), "report": out}


def sizes(out, src):
    b = os.path.join(out, "build")
    objs = [("vmlinux", "")] + list(MODULES.items())
    res = {"on": {}, "off": {}}
    for name, d in objs:
        rel = os.path.join(d, name) if d else name
        for mode, build in (("on", "bench"), ("off", "bench-off")):
            res[mode][name] = text_delta(src, os.path.join(b, "bench-base", rel),
                                         os.path.join(b, build, rel))
    nm = subprocess.run(["nm", "-S", os.path.join(b, "bench", "vmlinux")],
                        capture_output=True, text=True, check=True).stdout
    m = re.search(r"^\S+ (\S+) \S balloon_stats_cpu$", nm, re.M)
    res["percpu_bytes"] = int(m.group(1), 16) if m else None
    return res


def functions(path):
    """{function: [instruction lines with their relocations]} of an object."""
    dump = subprocess.run(["objdump", "-dr", "--no-show-raw-insn", path],
                          capture_output=True, text=True, check=True).stdout
    funcs, cur = {}, None
    for line in dump.splitlines():
        m = re.match(r"^[0-9a-f]+ <([\w.]+)>:$", line)
        if m:
            cur = funcs.setdefault(m.group(1), [])
        elif cur is not None and re.match(r"^\s+[0-9a-f]+:\t", line):
            cur.append(line.split("\t", 1)[1].strip())
        elif cur is not None and "R_X86_64" in line and cur:
            cur[-1] += "    # " + line.split("\t")[-1].strip()
    return funcs


# Registers by the 64-bit register they are part of: %eax, %ax, %al -> ax.
def reg64(r):
    r = r.lstrip("%")
    m = re.match(r"r(\d+)[dwb]?$", r)
    if m:
        return "r" + m.group(1)
    return {"al": "ax", "bl": "bx", "cl": "cx", "dl": "dx", "sil": "si",
            "dil": "di", "bpl": "bp", "spl": "sp"}.get(r, r[-2:])


def operands(insn):
    """Mnemonic and operands (AT&T: sources first, destination last)."""
    insn = insn.split("#")[0].strip()
    op, _, rest = insn.partition(" ")
    return op, [o.strip() for o in re.split(r",(?![^(]*\))", rest) if o.strip()]


def shape(insn):
    """An instruction without what moves between two builds: registers,
    jump and call targets, offsets into a relocation's symbol.  The symbol
    stays, so that no other per-CPU add can pass for a hook's update."""
    reloc = re.search(r"#\s+([\w.]+)(?:[+-]0x[0-9a-f]+)?$", insn)
    code = re.sub(r"\b[0-9a-f]+ <[^>]*>", "T", insn.split("#")[0])
    code = " ".join(re.sub(r"%[a-z0-9]+", "%r", code).split())
    return code + (" @" + reloc.group(1) if reloc else "")


def hook_cost(base, new, update):
    """Instructions of the hook at one call site: the per-CPU update and
    the instructions the series inserted right before it that compute its
    operands.  Base and patched function are aligned by instruction shape;
    walking back from the update through the inserted run, an instruction
    counts if it writes a register the update (or a counted one) reads."""
    sm = difflib.SequenceMatcher(None, [shape(i) for i in base],
                                 [shape(i) for i in new], autojunk=False)
    first = next(j1 for tag, _, _, j1, j2 in sm.get_opcodes()
                 if tag != "equal" and j1 <= update < j2)
    needed = {reg64(r) for r in re.findall(r"%\w+", new[update].split("#")[0])}
    needed.discard("gs")
    hook = [new[update]]
    for j in range(update - 1, first - 1, -1):
        op, ops = operands(new[j])
        if not ops or not re.fullmatch(r"%\w+", ops[-1]) or reg64(ops[-1]) not in needed:
            continue
        hook.insert(0, new[j])
        if op.startswith(("mov", "lea")):
            needed.discard(reg64(ops[-1]))
        needed |= {reg64(r) for o in ops[:-1] for r in re.findall(r"%\w+", o)}
    return hook


def hook_instructions(out):
    """Every function with a hook (after inlining): its hooks' instructions,
    and how many instructions the function has with and without the series."""
    res = {}
    for ko, d in MODULES.items():
        base = functions(os.path.join(out, "build/bench-base", d, ko))
        new = functions(os.path.join(out, "build/bench", d, ko))
        for f, insns in sorted(new.items()):
            hooks = [hook_cost(base.get(f, []), insns, i)
                     for i, insn in enumerate(insns) if "balloon_stats_cpu" in insn]
            if hooks:
                res["%s:%s" % (ko, f)] = {
                    "base_insns": len(base.get(f, [])), "patched_insns": len(insns),
                    "hooks": hooks}
    return res


# --- the table ------------------------------------------------------------

def mark(ok):
    return "pass" if ok else "MISS"


def throughput_lines(r):
    """Section 1 of a report: base against patched throughput, and whether
    each meets its goal (in r["goals"])."""
    lines = ["1. Throughput, 512 MiB balloon (pages/s, min / median / max)"]
    for d in ("inflate", "deflate"):
        b, p = r["throughput"]["base"][d], r["throughput"]["patched"][d]
        ratio = p["median"] / b["median"]
        # The noise: how far apart the base's own runs are, max - min.
        noise = (b["max"] - b["min"]) / b["median"]
        r["goals"]["throughput_" + d] = ratio >= 0.99 or abs(1 - ratio) <= noise
        lines.append("   %-8s base %7d / %7d / %7d   patched %7d / %7d / %7d   "
                     "ratio %.3f (base runs spread %.1f%%)  goal >=0.99 or within "
                     "that spread: %s"
                     % (d, b["min"], b["median"], b["max"], p["min"], p["median"],
                        p["max"], ratio, 100 * noise, mark(r["goals"]["throughput_" + d])))
    return lines


def report(r):
    lines = ["", "balloon-stats bench: %s, %s, %d CPUs, QEMU %s, %d runs each"
             % (r["date"], r["host"], r["host_cpus"], r["accel"], RUNS), ""]
    lines += throughput_lines(r)
    c = r["costs"][2]
    lines.append("")
    lines.append("2. One accounting update, -smp 2 (ns per call, min / median / max)")
    for key, label in (("percpu_hook_ps", "per-CPU hook, one CPU"),
                       ("atomic_ps", "shared atomic_long_t, one CPU"),
                       ("percpu_hook_all_cpus_ps", "per-CPU hook, all CPUs at once"),
                       ("atomic_all_cpus_ps", "shared atomic_long_t, all CPUs")):
        s = c[key]
        lines.append("   %-32s %7.2f / %7.2f / %7.2f"
                     % (label, s["min"] / 1000, s["median"] / 1000, s["max"] / 1000))
    worst = 0
    for site, h in r["instructions"].items():
        lines.append("   %-44s function %d -> %d instructions"
                     % (site, h["base_insns"], h["patched_insns"]))
        for hook in h["hooks"]:
            worst = max(worst, len(hook))
            lines.append("        hook, %d instruction(s): %s" % (len(hook), hook[0]))
            for insn in hook[1:]:
                lines.append("%32s%s" % ("", insn))
    b, n = c["batch_percpu_hook_ns"], c["batch_node_per_page_ns"]
    ratio = n["median"] / max(b["median"], 1)
    r["goals"]["batch_vs_mainline"] = ratio >= 10
    lines.append("   a batch of 256 pages, this series: one per-CPU add   %7d / %7d / %7d"
                 % (b["min"], b["median"], b["max"]))
    lines.append("   a batch of 256 pages, mainline: a node counter update per page"
                 "  %7d / %7d / %7d" % (n["min"], n["median"], n["max"]))
    lines.append("   mainline / this series: %.0f times   goal >= 10: %s"
                 % (ratio, mark(ratio >= 10)))
    r["goals"]["instructions_per_hook"] = worst <= 2
    lines.append("   a hook is its per-CPU update (one add or inc on %gs) and what the")
    lines.append("   series inserted before it to compute the update's operands; the")
    lines.append("   rest of a function's growth is the compiler's register allocation.")
    lines.append("   Most instructions in one hook: %d   goal <= 2: %s" % (worst, mark(worst <= 2)))
    s = r["sizes"]
    on = sum(v["delta"] for v in s["on"].values())
    off = sum(abs(v["delta"]) for v in s["off"].values())
    r["goals"]["text_delta"] = on <= 1536
    r["goals"]["core_off_zero"] = off == 0
    lines.append("")
    lines.append("3. Code and memory size (bloat-o-meter -t, function text in bytes)")
    for k in s["on"]:
        lines.append("   %-20s core on %+6d   core off %+6d"
                     % (k, s["on"][k]["delta"], s["off"][k]["delta"]))
    lines.append("   core and hooks, on: %+d bytes   goal <= 1536: %s" % (on, mark(on <= 1536)))
    lines.append("   core off, all of the above: %d bytes changed   goal 0: %s"
                 % (off, mark(off == 0)))
    lines.append("   per-CPU counters: %s bytes per possible CPU" % s["percpu_bytes"])
    lines.append("")
    lines.append("4. Read cost by CPU count (ns, min / median / max)")
    for n in SMP_COUNTS:
        c = r["costs"][n]
        lines.append("   -smp %d" % n)
        for key, label in (("show_mem_line_ns", "show_mem line, in the kernel"),
                           ("debugfs_read_ns", "read of the debugfs file"),
                           ("sysfs_read_ns", "read of inflated_total_kb"),
                           ("meminfo_read_ns", "read of all /proc/meminfo"),
                           ("vmstat_read_ns", "read of all /proc/vmstat")):
            s = c[key]
            lines.append("      %-42s %8d / %8d / %8d" % (label, s["min"], s["median"],
                                                         s["max"]))
    lines.append("")
    lines.append("Times are under QEMU %s, not on hardware: compare base with patched "
                 "and one design with the other, not with other machines." % r["accel"])
    return "\n".join(lines)


def plot(r, png):
    t, c = r["throughput"], r["costs"]
    data = png[:-4] + ".dat"
    with open(data, "w") as f:
        for i, d in enumerate(("inflate", "deflate")):
            for j, k in enumerate(("base", "patched")):
                s = t[k][d]
                f.write("%d %s-%s %d %d %d\n" % (i * 3 + j, d, k, s["median"],
                                                 s["min"], s["max"]))
        f.write("\n\n")
        for i, (key, label) in enumerate((
                ("percpu_hook_ps", "per-CPU"), ("atomic_ps", "atomic"),
                ("percpu_hook_all_cpus_ps", "per-CPU-all"),
                ("atomic_all_cpus_ps", "atomic-all"))):
            s = c[2][key]
            f.write("%d %s %.2f %.2f %.2f\n" % (i, label, s["median"] / 1000,
                                                s["min"] / 1000, s["max"] / 1000))
        f.write("\n\n")
        for n in SMP_COUNTS:
            s = c[n]["show_mem_line_ns"]
            f.write("%d %d %d %d\n" % (n, s["median"], s["min"], s["max"]))
    script = """
set terminal png size 1200,380
set termoption noenhanced
set output '%(png)s'
set multiplot layout 1,3
set style fill solid 0.6
set boxwidth 0.8
set yrange [0:*]
set xtics rotate by -25
set title 'virtio balloon, 512 MiB (pages/s)'
plot '%(data)s' index 0 using 1:3:xtic(2) with boxes notitle, \\
     '' index 0 using 1:3:4:5 with yerrorbars notitle
set title 'one counter update, -smp 2 (ns)'
plot '%(data)s' index 1 using 1:3:xtic(2) with boxes notitle, \\
     '' index 1 using 1:3:4:5 with yerrorbars notitle
set title 'show_mem line: sums and format (ns)'
set xtics norotate
set xlabel 'CPUs'
set xrange [0:9]
plot '%(data)s' index 2 using 1:2:3:4 with yerrorlines notitle
unset multiplot
""" % {"png": png, "data": data}
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(data)


def main():
    out, results = sys.argv[1], sys.argv[2]
    src = os.path.join(out, "check")
    r = {"date": time.strftime("%Y-%m-%d"), "host": platform.machine(),
         "host_cpus": os.cpu_count(), "accel": "kvm" if kvm_usable() else "tcg",
         "goals": {}}
    say("sizes and instructions, base against patched")
    r["sizes"] = sizes(out, src)
    r["instructions"] = hook_instructions(out)
    say("throughput: %d boots of each kernel, alternating" % RUNS)
    r["throughput"] = throughput(out)
    r["costs"] = {}
    for n in SMP_COUNTS:
        say("hook and read cost in the guest, -smp %d" % n)
        r["costs"][n] = guest_costs(out, n, 1000000 if n == 2 else 0)
    text = report(r)
    print(text)
    os.makedirs(results, exist_ok=True)
    for v in r["sizes"]["on"].values():
        v.pop("report")
    for v in r["sizes"]["off"].values():
        v.pop("report")
    with open(os.path.join(results, "latest.json"), "w") as f:
        json.dump(r, f, indent=1, sort_keys=True)
    with open(os.path.join(results, "latest.txt"), "w") as f:
        f.write(text.lstrip("\n") + "\n")
    plot(r, os.path.join(results, "latest.png"))
    say("wrote %s/latest.json, latest.txt and latest.png" % results)


if __name__ == "__main__":
    main()

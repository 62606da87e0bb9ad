"""A QEMU guest with a virtio balloon, driven over QMP and its serial shell.

The host's view comes from QMP (query-balloon's "actual", BALLOON_CHANGE
events); the guest's view from commands run in the guest's shell on the
serial console.  The serial socket stays connected for the guest's whole
life: a console that is closed and reopened drops input.
"""

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import time

MiB = 1024 * 1024


def kvm_usable():
    """True if the CPU has hardware virtualisation and /dev/kvm opens, so
    QEMU can use KVM instead of TCG.  A /dev/kvm on a CPU without vmx or
    svm opens fine, but its guests hang."""
    try:
        with open("/proc/cpuinfo") as f:
            if not re.search(r"^flags\s*:.*\b(vmx|svm)\b", f.read(), re.M):
                return False
        os.close(os.open("/dev/kvm", os.O_RDWR))
        return True
    except OSError:
        return False


def build_config(build):
    """The kernel configuration of @build as {"CONFIG_X": "y", ...}."""
    with open(os.path.join(build, ".config")) as f:
        return dict(line.rstrip("\n").split("=", 1) for line in f
                    if line.startswith("CONFIG_"))


class GuestError(Exception):
    pass


class Failed(Exception):
    """A scenario found a wrong figure."""


def expect(what, got, want):
    if got != want:
        raise Failed("%s: got %r, want %r" % (what, got, want))


def no_kernel_reports(g, what):
    """Fail on any WARN, BUG, lockdep or sleeping-in-atomic report."""
    log = g.run("dmesg")
    m = re.search(r"^.*(WARNING:|BUG:|possible recursive locking|circular locking|"
                  r"inconsistent lock state|sleeping function called from invalid "
                  r"context).*$", log, re.M)
    if m:
        raise Failed("%s: the kernel reported %r" % (what, m.group(0)))


class Guest:
    def __init__(self, build, mem_mib=1024, deflate_on_oom=False, smp=2,
                 log=None, initrd=None, kernel=None, append="", nodes=1,
                 boot_timeout=120):
        self.build = build
        self.initrd = initrd or os.path.join(build, "initramfs.cpio")
        self.kernel = kernel
        self.append = append
        self.mem = mem_mib * MiB
        self.deflate_on_oom = deflate_on_oom
        self.smp = smp
        self.nodes = nodes
        self.boot_timeout = boot_timeout
        self.log = log
        self.events = []
        self.count = 0
        config = build_config(build)
        self.arch = "x86_64"
        for arch, sym in (("arm64", "ARM64"), ("ppc64", "PPC64"), ("s390x", "S390")):
            if config.get("CONFIG_" + sym) == "y":
                self.arch = arch
        # The guest balloons in its own pages, the device in 4 KiB ones.
        self.page = 4096
        for kib in (16, 64):
            if "y" in (config.get("CONFIG_ARM64_%dK_PAGES" % kib),
                       config.get("CONFIG_PPC_%dK_PAGES" % kib)):
                self.page = kib * 1024

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="balloon-vm-")
        qmp_path = os.path.join(self.dir, "qmp.sock")
        serial_path = os.path.join(self.dir, "serial.sock")
        balloon = "virtio-balloon-pci,id=balloon0,deflate-on-oom=%s" % (
            "on" if self.deflate_on_oom else "off")
        append = ("loglevel=1 panic=-1 " + self.append).strip()
        if self.arch == "arm64":
            # virt's root bus has no hotplug: the balloon goes on a root
            # port, so that device_del can remove it.
            balloon += ",bus=rp0"
            cmd = ["qemu-system-aarch64", "-machine", "virt", "-cpu", "cortex-a57",
                   "-accel", "tcg", "-device", "pcie-root-port,id=rp0,chassis=1",
                   "-kernel", os.path.join(self.build, "arch/arm64/boot/Image"),
                   "-append", "console=ttyAMA0 " + append]
        elif self.arch == "ppc64":
            # The serial console is pseries' hypervisor console, hvc0.
            cmd = ["qemu-system-ppc64", "-machine", "pseries,usb=off", "-accel", "tcg",
                   "-vga", "none", "-kernel", os.path.join(self.build, "vmlinux"),
                   "-append", "console=hvc0 " + append]
        elif self.arch == "s390x":
            # Channel I/O instead of PCI; the serial console is SCLP's.
            balloon = balloon.replace("-pci", "-ccw")
            cmd = ["qemu-system-s390x", "-machine", "s390-ccw-virtio", "-accel", "tcg",
                   "-kernel", os.path.join(self.build, "arch/s390/boot/bzImage"),
                   "-append", "console=ttysclp0 " + append]
        else:
            cmd = ["qemu-system-x86_64",
                   "-accel", "kvm" if kvm_usable() else "tcg", "-vga", "none",
                   "-kernel", self.kernel or os.path.join(self.build,
                                                          "arch/x86/boot/bzImage"),
                   "-append", "console=ttyS0 " + append]
        cmd += ["-m", "%dM" % (self.mem // MiB)]
        if self.nodes > 1:
            # A node a socket, with its CPUs and an equal share of memory.
            cmd += ["-smp", "%d,sockets=%d" % (self.smp, self.nodes)]
            cpus = self.smp // self.nodes
            for n in range(self.nodes):
                cmd += ["-object", "memory-backend-ram,id=m%d,size=%dM"
                        % (n, self.mem // MiB // self.nodes),
                        "-numa", "node,nodeid=%d,memdev=m%d,cpus=%d-%d"
                        % (n, n, n * cpus, (n + 1) * cpus - 1)]
        else:
            cmd += ["-smp", str(self.smp)]
        cmd += ["-initrd", self.initrd,
                "-device", balloon,
                "-display", "none", "-monitor", "none",
                "-no-reboot", "-S",
                "-qmp", "unix:%s,server=on,wait=off" % qmp_path,
                "-chardev", "socket,id=ser,path=%s,server=on,wait=off" % serial_path,
                "-serial", "chardev:ser"]
        self.qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        try:
            self.qmp = self._connect(qmp_path)
            self.qmp_file = self.qmp.makefile("rwb", buffering=0)
            self._qmp_line()                      # greeting
            self.qmp_cmd("qmp_capabilities")
            self.serial = self._connect(serial_path)
            self.buf = b""
            self.qmp_cmd("cont")
            self._read_until(b"guest ready", self.boot_timeout, "the guest to boot")
            self.run("true")                      # past the shell's banner
        except BaseException:
            # __exit__ does not run when __enter__ fails: stop QEMU here.
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        try:
            self.qmp_cmd("quit")
        except (AttributeError, OSError, GuestError, ValueError):
            pass
        try:
            self.qemu.wait(10)
        except subprocess.TimeoutExpired:
            self.qemu.kill()
            self.qemu.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _connect(self, path):
        deadline = time.monotonic() + 30
        while True:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(path)
                return s
            except OSError:
                s.close()
                if self.qemu.poll() is not None:
                    out = self.qemu.stdout.read().decode(errors="replace")
                    raise GuestError("qemu exited: " + out.strip())
                if time.monotonic() > deadline:
                    raise GuestError("no QEMU socket at " + path)
                time.sleep(0.05)

    # --- host side: QMP ---------------------------------------------------

    def _qmp_line(self):
        line = self.qmp_file.readline()
        if not line:
            raise GuestError("QMP connection closed")
        return json.loads(line)

    def qmp_cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.qmp_file.write(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._qmp_line()
            if "event" in reply:
                self.events.append(reply)
            elif "error" in reply:
                raise GuestError("QMP %s: %s" % (name, reply["error"]["desc"]))
            elif "return" in reply:
                return reply["return"]

    def actual(self):
        """The guest memory size the host sees now, in bytes."""
        return self.qmp_cmd("query-balloon")["actual"]

    def balloon_kib(self):
        """The host's figure: what the balloon holds now, in kB."""
        return (self.mem - self.actual()) // 1024

    def reachable(self, target):
        """The "actual" a guest size of @target bytes gives: QEMU asks for
        whole 4 KiB pages, rounding down, and the driver rounds that up to
        whole guest pages."""
        asked = max(0, self.mem - target) // 4096 * 4096
        return self.mem - -(-asked // self.page) * self.page

    def set_target(self, target, timeout=120):
        """Ask for a guest size of @target bytes and wait until "actual"
        reaches it (rounded to guest pages), or stays put for 3 s (a guest
        that cannot give more).  Returns the settled "actual"."""
        self.qmp_cmd("balloon", value=target)
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            now = self.actual()
            if now == self.reachable(target):
                return now
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since > 3:
                return now
            time.sleep(0.1)
        raise GuestError("balloon did not settle at %d bytes within %d s "
                         "(actual %d)" % (target, timeout, last))

    def set_balloon_mib(self, mib, timeout=120):
        """Inflate (or deflate) the balloon to hold @mib MiB."""
        return self.set_target(self.mem - int(mib * MiB), timeout)

    # --- guest side: the serial shell -------------------------------------

    def _read_until(self, pattern, timeout, what):
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.buf, re.S)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise GuestError("timed out after %d s waiting for %s; console: %r"
                                 % (timeout, what, self.buf[-400:]))
            self.serial.settimeout(left)
            try:
                data = self.serial.recv(65536)
            except socket.timeout:
                continue
            except OSError as e:
                raise GuestError("serial console lost (%s) while waiting for %s: "
                                 "did the guest panic? console: %r"
                                 % (e, what, self.buf[-400:]))
            if not data:
                raise GuestError("serial console closed while waiting for " + what)
            if self.log:
                self.log.write(data.decode(errors="replace"))
            self.buf += data

    def run(self, cmd, timeout=60, check=True):
        """Run @cmd in the guest's shell; return its output as text."""
        self.count += 1
        end = b"@@END%d " % self.count
        # The marker is split in the command line so that an echo of the
        # line itself can never match it.
        line = '%s\necho "@@END"%d $?\n' % (cmd, self.count)
        self.serial.sendall(line.encode())
        # A kernel that prints to the console from a thread of its own
        # (7.3) may append a line of its own to the marker's: the status
        # ends at the first character that is not a digit.
        m = self._read_until(re.escape(end) + rb"(\d+)(?:\r?\n|(?=\D))", timeout,
                             "the guest to run %r" % cmd)
        out = self.buf_before(m)
        if check and m.group(1) != b"0":
            raise GuestError("guest command %r failed (%s): %s"
                             % (cmd, m.group(1).decode(), out))
        return out

    def buf_before(self, m):
        return m.string[:m.start()].decode(errors="replace").replace("\r", "").strip()

    def debugfs(self):
        """/sys/kernel/debug/virtio-balloon as {"InflatedTotal": kB, ...}."""
        text = self.run("cat /sys/kernel/debug/virtio-balloon")
        return parse_kb_lines(text)

    def monitoring(self, user=None):
        """What monitoring reads without debugfs, as @user (root if None):
        {"Balloon": kB in /proc/meminfo, "nr_balloon_pages": pages in
        /proc/vmstat; on 6.12 (SPLIT) "InflatedTotal" and "InflatedFree": kB
        in sysfs; on mainline "BalloonManaged": kB in /proc/meminfo,
        "nr_balloon_managed_pages": pages in /proc/vmstat}.  A figure that
        could not be read is missing."""
        cmd = "grep '^Balloon' /proc/meminfo; grep '^nr_balloon_' /proc/vmstat"
        if SPLIT:
            cmd += ("; cd /sys/kernel/mm/balloon && echo InflatedTotal $(cat inflated_total_kb)"
                    " && echo InflatedFree $(cat inflated_free_kb)")
        if user:
            cmd = "su -s /bin/sh %s -c %s" % (user, shlex.quote(cmd))
        out = {}
        for m in re.finditer(r"^(Balloon|nr_balloon_pages|InflatedTotal|InflatedFree"
                             r"|BalloonManaged|nr_balloon_managed_pages):?\s+(\d+)",
                             self.run(cmd), re.M):
            out[m.group(1)] = int(m.group(2))
        return out

    def memtotal_kib(self):
        return parse_kb_lines(self.run("grep MemTotal /proc/meminfo"))["MemTotal"]

    def sysrq_m(self):
        """SysRq-m, then the Balloon line it printed, as a dict.  On
        mainline the line comes from node items: their per-CPU deltas are
        folded first (vm.stat_refresh), as vm.stat_interval would.  The
        kernel may print SysRq's header on the console while the shell
        prints dmesg (7.3 flushes consoles apart from printk), and the
        header can land inside the line: then dmesg is read again."""
        fold = "" if SPLIT else "echo 1 >/proc/sys/vm/stat_refresh; "
        self.run(fold + "dmesg -c >/dev/null; echo m >/proc/sysrq-trigger")
        for _ in range(3):
            lines = parse_show_mem(self.run("dmesg"))
            if lines:
                return lines[-1]
        raise Failed("SysRq-m: no Balloon line in the kernel log, read 3 times")


KTAP_RE = re.compile(r"^(ok|not ok) (\d+)\b(.*)$", re.M)


def kselftest(g, what, virtio=True, gone=False):
    """Run the series' kselftest, tools/testing/selftests/balloon, in the
    guest, @virtio telling whether a virtio balloon device is bound.  Its
    programs: balloon_pages, mainline's (Balloon:), in both trees, with
    its check of BalloonManaged: on mainline, and in the 6.12 series
    balloon_stats (the split).  As root every test must pass but those
    that cannot apply, which must skip: balloon_pages' check of the
    drivers' figures where virtio (which publishes none) is bound;
    balloon_stats' virtio check where virtio is not bound; and, when @gone (no driver
    bound, no balloon event, Balloon: 0), balloon_pages' checks of the
    drivers' figures and of the events, which have nothing to compare
    (its SysRq-m check still compares the per-node fields with
    Balloon:).  As nobody none may fail;
    balloon_pages must skip all (it folds the per-CPU deltas through
    vm.stat_refresh, which needs root), balloon_stats must pass its two
    /proc checks (it waits for the kernel to fold them) and skip SysRq-m.  Returns root's output."""
    if SPLIT:
        programs = [("balloon_pages", 3, (1,) if virtio else (), (), (1, 2, 3)),
                    ("balloon_stats", 7, () if virtio else (5,), (1, 2), (7,))]
        if gone:
            programs[0] = ("balloon_pages", 3, (1, 2), (), (1, 2, 3))
    else:
        programs = [("balloon_pages", 4, (1,) if virtio else (), (), (1, 2, 3, 4))]
        if gone:
            programs[0] = ("balloon_pages", 4, (1, 2, 3), (), (1, 2, 3, 4))
    shown = []
    for prog, tests, skips, user_pass, user_skips in programs:
        shown.append(run_kselftest(g, what, prog, "root", tests,
                                   {n: "SKIP" if n in skips else "" for n in range(1, tests + 1)}))
        run_kselftest(g, what, prog, "nobody", tests,
                      dict([(n, "") for n in user_pass] + [(n, "SKIP") for n in user_skips]))
    return "".join(shown)


def run_kselftest(g, what, prog, user, tests, want):
    """Run kselftest program @prog as @user: @tests tests, none failing,
    and those in @want passing ("") or skipping ("SKIP")."""
    cmd = prog
    if user == "nobody":
        cmd = "su -s /bin/sh nobody -c " + prog
    # To a file first: the "sysrq: Show Memory" that the last test makes the
    # kernel print on the console would land in the middle of a line still
    # draining from the tty.
    out = g.run(cmd + " >/tmp/kselftest.out 2>&1; cat /tmp/kselftest.out", check=False)
    what = "%s: %s as %s" % (what, prog, user)
    results = {int(n): (ok, "SKIP" if "# SKIP" in rest else "")
               for ok, n, rest in KTAP_RE.findall(out)}
    if "1..%d" % tests not in out or sorted(results) != list(range(1, tests + 1)):
        raise Failed("%s did not report %d tests: %s"
                     % (what, tests, " | ".join(out.splitlines())))
    want = {n: ("ok", want.get(n, r[1])) for n, r in results.items()}
    if results != want:
        # One line: what went wrong and the diagnostics before it.
        lines = [line for line in out.splitlines()
                 if line.startswith(("not ok", "# ")) and not line.endswith(": absent")
                 and not line.startswith("# Totals")]
        lines += ["%s (want %s)" % (line, "a skip" if want[int(n)][1] else "a pass")
                  for line, n in re.findall(r"^(ok (\d+)\b.*)$", out, re.M)
                  if results[int(n)] != want[int(n)]]
        raise Failed("%s: %s" % (what, " | ".join(lines)))
    return out


def parse_kb_lines(text):
    """Parse "Name: N kB" lines."""
    out = {}
    for m in re.finditer(r"^(\w+):\s+(\d+) kB$", text, re.M):
        out[m.group(1)] = int(m.group(2))
    return out


# What the guest kernel shows, from E2E_FIGURES: "series" (the default),
# the 6.12 series' debugfs file, sysfs split and kselftest besides
# mainline's /proc lines; "mainline", the mainline series' /proc lines,
# Balloon: and BalloonManaged: with their /proc/vmstat items.  Both print
# the SysRq-m Balloon line.
SPLIT = os.environ.get("E2E_FIGURES", "series") == "series"
# A node item is folded from per-CPU deltas every vm.stat_interval (1 s):
# how long /proc may take to show a change.
FOLD_S = 5


def monitoring_folded(g, want, user=None):
    """What monitoring reads (see Guest.monitoring), once it equals @want
    or FOLD_S seconds have passed."""
    deadline = time.monotonic() + FOLD_S
    while True:
        got = g.monitoring(user)
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def report_has_balloon(report):
    """Whether an OOM or SysRq-m report shows the balloon: the series'
    Balloon line and the per-node Balloon: field (mainline's, backported
    to 6.12), with the per-node split on mainline."""
    node = r"^Node 0 .* Balloon:\d+kB" + ("" if SPLIT else r" balloon_managed:\d+kB")
    if not re.search(node, report, re.M):
        return False
    return bool(parse_show_mem(report))


SHOW_MEM_RE = re.compile(r"Balloon InflatedTotal:(\d+)kB InflatedFree:(\d+)kB$", re.M)


def parse_show_mem(text):
    """Every show_mem() Balloon line in @text, oldest first."""
    return [{"InflatedTotal": int(a), "InflatedFree": int(b)}
            for a, b in SHOW_MEM_RE.findall(text)]


def run_scenarios(scenarios):
    """Run each (name, function) whose name matches $E2E_ONLY (a regular
    expression; all if unset) and print one PASS or FAIL line for it, with
    what the function returned or what failed."""
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

# SPDX-License-Identifier: MIT
"""Helpers for bench/boot/run.sh that bash does badly.

  run     start one QEMU command, timestamp its serial stream, report
          "<status> <ready_ms> <exit_ms> <rc> <guest_us>"
  cpio    write a newc initramfs (with a /dev/console node, so no root needed)
  files   write a newc archive of the given files only
  loadsz  sum of PT_LOAD p_filesz of an ELF64 (bytes QEMU copies in)
  median  median (or with --min, minimum) of the numbers given
  report  print the table (with ratios) from the TSV run.sh wrote

Times are host monotonic milliseconds from just before the QEMU process is
spawned.  Status is ok (ready line seen), noready (QEMU exited without it)
or timeout (killed).  Fields that do not apply print as "-".
"""
import os
import re
import selectors
import signal
import struct
import subprocess
import sys
import time


def cmd_run(argv):
    """run TIMEOUT_S MARKER_REGEX LOG STOP(0|1) -- CMD..."""
    timeout_s, marker, log, stop = float(argv[0]), argv[1], argv[2], argv[3]
    cmd = argv[argv.index("--") + 1:]
    pat = re.compile(marker.encode())
    buf = bytearray()
    ready_t = None
    guest_us = "-"
    status = "noready"
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    fd = p.stdout.fileno()
    sel = selectors.DefaultSelector()
    sel.register(fd, selectors.EVENT_READ)
    deadline = t0 + timeout_s
    killed = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            killed = True
            break
        if not sel.select(left):
            continue
        chunk = os.read(fd, 65536)
        now = time.monotonic()
        if not chunk:
            break
        buf += chunk
        if ready_t is None:
            m = pat.search(buf, max(0, len(buf) - len(chunk) - 256))
            if m:
                ready_t = now
                guest_us = m.group(1).decode() if m.groups() else "-"
                if stop == "1":
                    killed = True
                    break
    if killed:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    rc = p.wait()
    exit_t = time.monotonic()
    if ready_t is not None:
        status = "ok"
    elif killed:
        status = "timeout"
    with open(log, "wb") as f:
        f.write(buf)

    def ms(t):
        return "-" if t is None else "%.1f" % ((t - t0) * 1000)

    print(status, ms(ready_t), "-" if killed else ms(exit_t),
          "-" if killed else rc, guest_us)


def cpio_entry(name, mode, data=b"", rdev=(0, 0), ino=[0]):
    ino[0] += 1
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join("%08X" % v for v in (
        ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
        len(name_b), 0))
    out = hdr.encode() + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


FIXED_DIRS = ("bin", "dev", "proc", "sys", "lib")


def file_entries(specs, have):
    """Entries for NAME=HOSTFILE specs, each preceded by those of its
    directories not in have (which is updated)."""
    out = []
    for spec in specs:
        name, path = spec.split("=", 1)
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in have:
                have.add(d)
                out.append(cpio_entry(d, 0o040755))
        with open(path, "rb") as f:
            out.append(cpio_entry(name, 0o100755, f.read()))
    return out


def write_cpio(out, entries):
    blob = b"".join(entries + [cpio_entry("TRAILER!!!", 0)])
    blob += b"\0" * (-len(blob) % 512)
    with open(out, "wb") as f:
        f.write(blob)


def cmd_cpio(argv):
    """cpio OUT BUSYBOX INIT_SCRIPT [NAME=HOSTFILE ...]: the extra files go
    to /NAME (missing directories are added)."""
    out, busybox, init = argv[:3]
    with open(busybox, "rb") as f:
        bb = f.read()
    with open(init, "rb") as f:
        script = f.read()
    write_cpio(out, [cpio_entry(d, 0o040755) for d in FIXED_DIRS] + [
        cpio_entry("dev/console", 0o020600, rdev=(5, 1)),
        cpio_entry("bin/busybox", 0o100755, bb),
        cpio_entry("bin/sh", 0o120777, b"busybox"),
        cpio_entry("init", 0o100755, script),
    ] + file_entries(argv[3:], set(FIXED_DIRS)))


def cmd_files(argv):
    """files OUT NAME=HOSTFILE...: a newc archive of just these files (and
    their directories), e.g. Skiff's initrd."""
    write_cpio(argv[0], file_entries(argv[1:], set()))


def cmd_loadsz(argv):
    with open(argv[0], "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        print(os.path.getsize(argv[0]))
        return
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    total = 0
    for i in range(phnum):
        off = phoff + i * phentsize
        ptype, = struct.unpack_from("<I", data, off)
        if ptype == 1:
            total += struct.unpack_from("<Q", data, off + 32)[0]
    print(total)


def median(vals):
    v = sorted(vals)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def cmd_median(argv):
    """median [--min] NUMBERS...: median (or minimum); "-" when empty."""
    fn = median
    if argv and argv[0] == "--min":
        fn, argv = min, argv[1:]
    vals = [float(a) for a in argv if a not in ("-", "")]
    print("%.1f" % fn(vals) if vals else "-")


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def ratio(a, b):
    a, b = num(a), num(b)
    return "%.2fx" % (a / b) if a is not None and b else "-"


def cmd_report(argv):
    with open(argv[0]) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    head, rows = lines[0], [dict(zip(lines[0], l)) for l in lines[1:]]
    by = {(r["guest"], r["machine"], r["accel"]): r for r in rows}
    cols = ["guest", "machine", "accel", "ok", "ready_ms", "min", "exit_ms",
            "guest_us", "file_KiB", "load_KiB", "min_mem_MiB",
            "ready/stub", "exit/stub", "+ms/stub"]
    table = []
    for r in rows:
        stub = by.get(("stub", r["machine"], r["accel"]), {})
        extra = "-"
        if num(r["ready_ms"]) is not None and num(stub.get("ready_ms", "-")):
            extra = "%+.1f" % (num(r["ready_ms"]) - num(stub["ready_ms"]))
        kib = [("%.1f" % (int(r[k]) / 1024) if r[k].isdigit() else "-")
               for k in ("size_bytes", "load_bytes")]
        table.append([r["guest"], r["machine"], r["accel"],
                      "%s/%s" % (r["ok_runs"], r["runs"]), r["ready_ms"],
                      r["ready_min_ms"], r["exit_ms"], r["guest_us"], kib[0], kib[1],
                      r["min_mem_mib"],
                      ratio(r["ready_ms"], stub.get("ready_ms", "-")),
                      ratio(r["exit_ms"], stub.get("exit_ms", "-")), extra])
    w = [max(len(str(x)) for x in c) for c in zip(cols, *table)]
    for row in [cols] + table:
        print("  ".join(str(x).rjust(n) for x, n in zip(row, w)))
    # Skiff against Linux on the same machine and accelerator.
    pairs = []
    for (g, m, a), r in sorted(by.items()):
        lin = by.get(("linux", m, a))
        if g.startswith("skiff") and lin:
            pairs.append("  %-12s %-8s %-4s linux/skiff ready %s, exit %s,"
                         " min mem %s" % (
                             g, m, a, ratio(lin["ready_ms"], r["ready_ms"]),
                             ratio(lin["exit_ms"], r["exit_ms"]),
                             ratio(lin["min_mem_mib"], r["min_mem_mib"])))
    if pairs:
        print("\nSkiff vs Linux (how many times longer/larger Linux is):")
        print("\n".join(pairs))


def main():
    cmds = {"run": cmd_run, "cpio": cmd_cpio, "files": cmd_files,
            "loadsz": cmd_loadsz,
            "median": cmd_median, "report": cmd_report}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit("usage: helper.py {%s} ..." % ",".join(cmds))
    cmds[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Check the output of `skiff run --dry-run` for Firecracker or
cloud-hypervisor field by field against the monitors' documented formats:
Firecracker's --config-file JSON (boot-source, drives, network-interfaces,
machine-config) and cloud-hypervisor's command-line options. The kernel
command line is split as a shell would (Skiff's lexer reads the same
words) and must carry the application's arguments after "--".
Usage: dry_check.py firecracker|cloud-hypervisor OUT KERNEL DISK ARGS...
(the run used --mem 256M --cpus 2 --net tap:tap7 --env "SKIFF_T=v w").
Exits 1 on the first difference, naming it."""
import json
import os
import shlex
import sys

monitor, out, kernel, disk, *args = sys.argv[1:]
lines = open(out, encoding="utf-8").read().splitlines()


def need(cond, what):
    if not cond:
        sys.exit(f"dry_check: {monitor}: {what}")


def check_cmdline(line):
    words = shlex.split(line)
    need("--" in words, f"no '--' in {line!r}")
    sep = words.index("--")
    need(words[sep + 1:] == args, f"app args {words[sep + 1:]} != {args}")
    kern = words[:sep]
    for w in ("app.path=/app/probe", "app.env=SKIFF_T=v w",
              "shutdown.report=true", "log.quiet=true"):
        need(w in kern, f"kernel word {w!r} missing from {kern}")


def check_initrd(path):
    need(os.path.isfile(path), f"initrd {path} missing")
    with open(path, "rb") as f:
        need(f.read(6) == b"070701", "initrd is not cpio newc")


cmd = shlex.split(lines[-1])
if monitor == "firecracker":
    need(lines[0].startswith("# "), "no '# CONFIG' line first")
    path = lines[0][2:]
    cfg = json.load(open(path, encoding="utf-8"))
    printed = json.loads("\n".join(lines[1:-1]))
    need(cfg == printed, "printed configuration differs from the file")
    need(cmd == ["firecracker", "--no-api", "--config-file", path],
         f"command {cmd}")
    need(set(cfg) == {"boot-source", "drives", "network-interfaces",
                      "machine-config"}, f"top-level keys {sorted(cfg)}")
    bs = cfg["boot-source"]
    need(set(bs) == {"kernel_image_path", "initrd_path", "boot_args"},
         f"boot-source keys {sorted(bs)}")
    need(bs["kernel_image_path"] == kernel, "kernel_image_path")
    check_initrd(bs["initrd_path"])
    check_cmdline(bs["boot_args"])
    need(len(cfg["drives"]) == 1, "one drive")
    d = cfg["drives"][0]
    need(d == {"drive_id": "disk0", "path_on_host": disk,
               "is_root_device": False, "is_read_only": False}, f"drive {d}")
    n = cfg["network-interfaces"]
    need(n == [{"iface_id": "net0", "host_dev_name": "tap7"}], f"net {n}")
    m = cfg["machine-config"]
    need(m == {"vcpu_count": 2, "mem_size_mib": 256}, f"machine-config {m}")
elif monitor == "cloud-hypervisor":
    need(cmd[0] == "cloud-hypervisor", f"command {cmd[0]}")
    opts = dict(zip(cmd[1::2], cmd[2::2]))
    need(len(cmd) % 2 == 1 and len(opts) == (len(cmd) - 1) // 2,
         f"options not in pairs: {cmd}")
    need(opts.get("--kernel") == kernel, "--kernel")
    check_initrd(opts.get("--initramfs", ""))
    check_cmdline(opts["--cmdline"])
    for k, v in (("--cpus", "boot=2"), ("--memory", "size=256M"),
                 ("--disk", f"path={disk}"), ("--net", "tap=tap7"),
                 ("--serial", "tty"), ("--console", "off")):
        need(opts.get(k) == v, f"{k} {opts.get(k)!r} != {v!r}")
else:
    sys.exit(f"dry_check: unknown monitor {monitor}")
print(f"dry_check: {monitor}: ok")

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Turn wast2json command lists into the line format spec-runner reads:
# one command per line, names hex-encoded, values as type:bits. Keeping
# JSON out of the C runner keeps the runner small.
import json
import sys


class Out:
    def __init__(self, f):
        self.f = f

    def write_line(self, *words):
        self.f.write(" ".join(str(w) for w in words) + "\n")


def hexs(s):
    return s.encode("utf-8").hex() or "-"


def value(v):
    t = v["type"]
    val = v.get("value")
    if t == "v128":
        # v128:LANETYPE:lane_lane_...; a lane may be nan:canonical
        return "v128:%s:%s" % (v["lane_type"], "_".join(val))
    if val is None:
        return t + ":any"
    return t + ":" + val


def action(a):
    mod = hexs(a["module"]) if a.get("module") else "-"
    args = a.get("args", [])
    parts = [a["type"], mod, hexs(a["field"]), str(len(args))]
    parts += [value(x) for x in args]
    return " ".join(parts)


def convert(path, out):
    doc = json.load(open(path))
    for c in doc["commands"]:
        t, line = c["type"], str(c["line"])
        if t == "module":
            name = hexs(c["name"]) if c.get("name") else "-"
            out.write_line("module", line, c["filename"], name)
        elif t == "register":
            name = hexs(c["name"]) if c.get("name") else "-"
            out.write_line("register", line, hexs(c["as"]), name)
        elif t == "action":
            out.write_line("action", line, action(c["action"]))
        elif t == "assert_return":
            exp = c.get("expected", [])
            out.write_line("assert_return", line, action(c["action"]), len(exp),
                  *[value(x) for x in exp])
        elif t in ("assert_trap", "assert_exhaustion"):
            out.write_line(t, line, action(c["action"]), hexs(c["text"]))
        elif t in ("assert_invalid", "assert_malformed",
                   "assert_unlinkable", "assert_uninstantiable"):
            if c.get("module_type", "binary") != "binary":
                out.write_line("skip", line, t, "text-format")
            else:
                out.write_line(t, line, c["filename"], hexs(c["text"]))
        else:
            out.write_line("skip", line, t, "unknown-command")


def main():
    # Each FILE.json becomes FILE.cmd, in one process: Python's start-up
    # costs more than converting a script.
    for path in sys.argv[1:]:
        with open(path[:-5] + ".cmd", "w") as f:
            convert(path, Out(f))


main()

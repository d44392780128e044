#!/usr/bin/env python3
"""Print the kernel command-line parameter table of a Skiff image without
booting it (`make params`). Reads the 64-byte param_desc records between
__start_skiff_params and __stop_skiff_params (layout: lib/param/param.h) and
follows their pointers into the image's loaded segments."""
import struct
import subprocess
import sys

TYPES = ["bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64",
         "size", "string", "enum"]
SIGNED = {"i8", "i16", "i32", "i64"}


class Image:
    def __init__(self, path):
        self.data = open(path, "rb").read()
        if self.data[:4] != b"\x7fELF" or self.data[4] != 2:
            sys.exit(f"params: {path} is not an ELF64 image")
        phoff, = struct.unpack_from("<Q", self.data, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", self.data, 0x36)
        self.segs = []
        for i in range(phnum):
            p_type, _, off, vaddr, _, filesz, memsz, _ = struct.unpack_from(
                "<IIQQQQQQ", self.data, phoff + i * phentsize)
            if p_type == 1:  # PT_LOAD
                self.segs.append((vaddr, off, filesz, memsz))
        out = subprocess.run(["nm", path], capture_output=True, text=True,
                             check=True).stdout
        self.syms = {f[2]: int(f[0], 16) for f in
                     (line.split() for line in out.splitlines()) if len(f) == 3}

    def read(self, addr, n):
        for vaddr, off, filesz, memsz in self.segs:
            if vaddr <= addr and addr + n <= vaddr + memsz:
                rel = addr - vaddr
                have = self.data[off + rel:off + min(rel + n, filesz)] \
                    if rel < filesz else b""
                return have + b"\0" * (n - len(have))  # .bss reads as zero
        raise ValueError(f"address {addr:#x} outside the image")

    def cstr(self, addr):
        if not addr:
            return ""
        s = bytearray()
        while True:
            c = self.read(addr + len(s), 1)
            if c == b"\0":
                return s.decode(errors="replace")
            s += c


def value(img, ty, var, elem, choices):
    raw = img.read(var, elem)
    if ty == "string":
        return raw.split(b"\0")[0].decode(errors="replace")
    v = int.from_bytes(raw, "little", signed=ty in SIGNED)
    if ty == "bool":
        return "true" if v else "false"
    if ty == "enum":
        return choices[v] if v < len(choices) else str(v)
    return str(v)


def main():
    img = Image(sys.argv[1] if len(sys.argv) > 1 else "build/skiff.elf")
    start = img.syms.get("__start_skiff_params")
    stop = img.syms.get("__stop_skiff_params")
    if start is None or stop is None:
        sys.exit("params: no parameter table in the image")
    rows = []
    for rec in range(start, stop, 64):
        name, desc, var, count, chp, _dflt, ty, flags, elem, maxc = \
            struct.unpack("<QQQQQQIIII", img.read(rec, 64))
        tname = TYPES[ty] if ty < len(TYPES) else f"type{ty}"
        choices = []
        while chp:
            p, = struct.unpack("<Q", img.read(chp + 8 * len(choices), 8))
            if not p:
                break
            choices.append(img.cstr(p))
        if count:
            n, = struct.unpack("<I", img.read(count, 4))
            cur = ",".join(value(img, tname, var + i * elem, elem, choices)
                           for i in range(n))
            tname = f"{tname}[{maxc}]"
        else:
            cur = value(img, tname, var, elem, choices)
        text = img.cstr(desc)
        if choices:
            text += " (" + "|".join(choices) + ")"
        rows.append((img.cstr(name), tname, cur, text))
    rows.sort()
    w = [max([len(r[i]) for r in rows] + [len(h)]) for i, h in
         enumerate(("name", "type", "default"))]
    print(f"{'name':<{w[0]}}  {'type':<{w[1]}}  {'default':<{w[2]}}  description")
    for r in rows:
        print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")


main()

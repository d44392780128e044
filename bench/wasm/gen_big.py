#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Write a valid module of about SIZE bytes (default 1 MiB) for timing the
# decoder and validator: many functions with locals, arithmetic, nested
# blocks and loops, branches, memory access and calls.
import sys


def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def section(id_, body):
    return bytes([id_]) + leb(len(body)) + body


def body(i, nfuncs):
    code = bytearray()
    for k in range(24):
        code += b"\x02\x40"                              # block
        code += b"\x03\x40"                              # loop
        code += b"\x20\x00" + b"\x41" + sleb(k * 7 + i)  # local.get 0; const
        code += b"\x6a\x21\x01"                          # i32.add; local.set 1
        code += b"\x20\x01\x28\x02" + leb(k * 4)         # i32.load
        code += b"\x20\x02\x6c\x22\x02"                  # i32.mul; tee 2
        code += b"\x20\x01\x36\x02\x00"                  # swap-ish store
        code += b"\x20\x02" + b"\x10" + leb((i + k) % nfuncs)  # call
        code += b"\x1a"                                  # drop
        code += b"\x20\x01\x41\x10\x49\x0d\x00"          # lt_u; br_if 0
        code += b"\x0b\x0b"                              # end loop, block
    code += b"\x20\x02\x0b"
    locals_ = b"\x01\x02\x7f"                            # 2 locals i32
    fn = locals_ + bytes(code)
    return leb(len(fn)) + fn


def main():
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
    one = len(body(0, 1))
    n = size // (one + 1)
    types = leb(1) + b"\x60\x01\x7f\x01\x7f"             # (i32) -> i32
    funcs = leb(n) + b"\x00" * n
    mem = leb(1) + b"\x00\x01"
    codes = leb(n) + b"".join(body(i, n) for i in range(n))
    mod = b"\x00asm\x01\x00\x00\x00" + section(1, types) + \
        section(3, funcs) + section(5, mem) + section(10, codes)
    open(sys.argv[1], "wb").write(mod)


main()

#!/usr/bin/env python3
"""Write the boot_params (zero page) and command line that Firecracker's
Linux 64-bit boot would give a guest of MEM MiB (vmm-conventions §1.2, §2):
e820 [0, 0x9fc00) RAM, [0x9fc00, 0xe0000) reserved, [1 MiB, MEM) RAM;
cmdline at 0x20000; type_of_loader 0xff; no RSDP (microvm acpi=off).
Usage: mkzeropage.py MEM_MIB CMDLINE ZEROPAGE_OUT CMDLINE_OUT
With ZEROPAGE_CORRUPT=hdrs in the environment the "HdrS" magic is left out,
and with =e820 the entry count is absurd, to test the error paths."""
import os
import struct
import sys

mem = int(sys.argv[1]) << 20
cmdline = sys.argv[2].encode() + b"\0"
zp = bytearray(4096)
e820 = [(0, 0x9fc00, 1), (0x9fc00, 0xe0000 - 0x9fc00, 2),
        (0x100000, mem - 0x100000, 1)]
struct.pack_into("<B", zp, 0x1e8, len(e820))
for i, (addr, size, kind) in enumerate(e820):
    struct.pack_into("<QQI", zp, 0x2d0 + 20 * i, addr, size, kind)
struct.pack_into("<H", zp, 0x1fe, 0xAA55)         # boot_flag
struct.pack_into("<I", zp, 0x202, 0x53726448)     # "HdrS"
struct.pack_into("<B", zp, 0x210, 0xff)           # type_of_loader
struct.pack_into("<I", zp, 0x228, 0x20000)        # cmd_line_ptr
struct.pack_into("<I", zp, 0x238, len(cmdline))   # cmdline_size
corrupt = os.environ.get("ZEROPAGE_CORRUPT", "")
if corrupt == "hdrs":
    struct.pack_into("<I", zp, 0x202, 0)
elif corrupt == "e820":
    struct.pack_into("<B", zp, 0x1e8, 200)
open(sys.argv[3], "wb").write(zp)
open(sys.argv[4], "wb").write(cmdline)

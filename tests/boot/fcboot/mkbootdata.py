#!/usr/bin/env python3
"""Write the boot data Firecracker gives a guest of MEM MiB (vmm-conventions
§1.1, §1.2, §2), for the stand-in firmware fw.S:
  linux: boot_params (zero page) for 0x7000 with e820 [0, 0x9fc00) RAM,
         [0x9fc00, 0xe0000) reserved, [1 MiB, MEM) RAM; cmdline at 0x20000;
         type_of_loader 0xff; no RSDP (microvm acpi=off).
  pvh:   hvm_start_info for 0x6000 (version 1, rsdp_paddr 0, as Firecracker
         leaves it) followed by the same map as 24-byte entries at 0x6100.
Usage: mkbootdata.py linux|pvh MEM_MIB CMDLINE DATA_OUT CMDLINE_OUT
With BOOTDATA_CORRUPT in the environment: "magic" breaks the HdrS or PVH
magic, "count" makes the map's entry count absurd (error-path tests).
BOOTDATA_RSDP=ADDR sets acpi_rsdp_addr (linux; Firecracker gives 0xE0000
when it builds ACPI tables) or rsdp_paddr (pvh)."""
import os
import struct
import sys

mode, mem = sys.argv[1], int(sys.argv[2]) << 20
cmdline = sys.argv[3].encode() + b"\0"
corrupt = os.environ.get("BOOTDATA_CORRUPT", "")
rsdp = int(os.environ.get("BOOTDATA_RSDP", "0"), 0)
e820 = [(0, 0x9fc00, 1), (0x9fc00, 0xe0000 - 0x9fc00, 2),
        (0x100000, mem - 0x100000, 1)]
data = bytearray(4096)
if mode == "linux":
    struct.pack_into("<B", data, 0x1e8, 200 if corrupt == "count" else len(e820))
    for i, (addr, size, kind) in enumerate(e820):
        struct.pack_into("<QQI", data, 0x2d0 + 20 * i, addr, size, kind)
    struct.pack_into("<Q", data, 0x70, rsdp)          # acpi_rsdp_addr
    struct.pack_into("<H", data, 0x1fe, 0xAA55)       # boot_flag
    struct.pack_into("<I", data, 0x202,               # header "HdrS"
                     0 if corrupt == "magic" else 0x53726448)
    struct.pack_into("<B", data, 0x210, 0xff)         # type_of_loader
    struct.pack_into("<I", data, 0x228, 0x20000)      # cmd_line_ptr
    struct.pack_into("<I", data, 0x238, len(cmdline)) # cmdline_size
else:
    magic = 0xdeadbeef if corrupt == "magic" else 0x336ec578
    count = 0x7fffffff if corrupt == "count" else len(e820)
    # magic, version, flags, nr_modules, modlist, cmdline, rsdp, memmap, n
    struct.pack_into("<IIIIQQQQI", data, 0, magic, 1, 0, 0, 0, 0x20000, rsdp,
                     0x6100, count)
    for i, (addr, size, kind) in enumerate(e820):
        struct.pack_into("<QQII", data, 0x100 + 24 * i, addr, size, kind, 0)
open(sys.argv[4], "wb").write(data)
open(sys.argv[5], "wb").write(cmdline)

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Send QEMU human-monitor commands once a guest is ready.

Usage: monitor.py SOCKET LOG PATTERN TIMEOUT COMMAND...

Waits (at most TIMEOUT seconds) until LOG, the guest's serial output,
holds PATTERN (a regular expression), then connects to the monitor at the
unix SOCKET and sends each COMMAND, one second apart. Exits 0 when all
were sent, 1 when the pattern never came or the monitor never answered.
"""
import re
import socket
import sys
import time


def main():
    sock, log, pattern, limit = sys.argv[1:5]
    cmds = sys.argv[5:]
    until = time.monotonic() + float(limit)
    want = re.compile(pattern)
    while True:
        try:
            with open(log, errors="replace") as f:
                if want.search(f.read()):
                    break
        except OSError:
            pass
        if time.monotonic() > until:
            print(f"monitor.py: no '{pattern}' in {log} after {limit} s")
            return 1
        time.sleep(0.1)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(max(1.0, until - time.monotonic()))
    try:
        s.connect(sock)
        for c in cmds:
            s.sendall(c.encode() + b"\n")
            print(f"monitor.py: sent '{c}'")
            time.sleep(1)
    except OSError as e:
        print(f"monitor.py: monitor {sock}: {e}")
        return 1
    finally:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

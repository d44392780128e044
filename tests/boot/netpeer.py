#!/usr/bin/env python3
"""The host side of the virtio-net boot test: a peer on QEMU's UDP socket
netdev (-netdev socket,udp=127.0.0.1:PEER,localaddr=127.0.0.1:QEMU) that
sends raw Ethernet frames to the guest. It asks for the guest's MAC with ARP
(repeating until the guest is up), then sends COUNT ICMP echo requests and
checks each reply: addresses, id, sequence, payload and both checksums.
Usage: netpeer.py PEER_PORT QEMU_PORT GUEST_IP COUNT TIMEOUT_S
Prints what it saw; exits 0 when every ping was answered correctly."""
import socket
import struct
import sys
import time

MY_MAC = bytes.fromhex("02aabbccdd01")
MY_IP = bytes([10, 0, 2, 2])


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def arp_request(ip):
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MY_MAC, MY_IP,
                      b"\0" * 6, ip)
    return b"\xff" * 6 + MY_MAC + b"\x08\x06" + arp


def echo_request(mac, ip, seq):
    payload = b"skiff-ping-%04d" % seq + bytes(range(32))
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x51F, seq) + payload
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip_hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64,
                         1, 0, MY_IP, ip)
    ip_hdr = ip_hdr[:10] + struct.pack("!H", csum(ip_hdr)) + ip_hdr[12:]
    return mac + MY_MAC + b"\x08\x00" + ip_hdr + icmp, payload


def check_reply(f, ip, seq, payload):
    if len(f) < 34 or f[12:14] != b"\x08\x00" or f[0:6] != MY_MAC:
        return None
    h = f[14:34]
    if h[9] != 1 or h[12:16] != ip or h[16:20] != MY_IP or csum(h) != 0:
        return "bad IP header"
    tot = struct.unpack("!H", h[2:4])[0]
    icmp = f[34:14 + tot]
    typ, _, _, ident, s = struct.unpack("!BBHHH", icmp[:8])
    if typ != 0 or ident != 0x51F or s != seq:
        return None
    if csum(icmp) != 0:
        return "bad ICMP checksum"
    if icmp[8:] != payload:
        return "payload differs"
    return "ok"


def main():
    peer, qemu, gip, count, timeout = sys.argv[1:6]
    ip = socket.inet_aton(gip)
    deadline = time.time() + float(timeout)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", int(peer)))
    s.settimeout(0.2)
    dst = ("127.0.0.1", int(qemu))
    mac = None
    while mac is None and time.time() < deadline:
        s.sendto(arp_request(ip), dst)
        try:
            f = s.recv(2048)
        except socket.timeout:
            continue
        if len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\0\2" \
                and f[28:32] == ip and f[32:38] == MY_MAC:
            mac = f[22:28]
    if mac is None:
        print("netpeer: no ARP reply for %s" % gip)
        return 1
    print("netpeer: arp reply: %s is at %s" % (gip, mac.hex(":")))
    good = 0
    for seq in range(1, int(count) + 1):
        frame, payload = echo_request(mac, ip, seq)
        s.sendto(frame, dst)
        verdict = None
        while verdict is None and time.time() < deadline:
            try:
                verdict = check_reply(s.recv(2048), ip, seq, payload)
            except socket.timeout:
                pass
        print("netpeer: ping %d: %s" % (seq, verdict or "no reply"))
        good += verdict == "ok"
    print("netpeer: %d/%s ping replies correct" % (good, count))
    return 0 if good == int(count) else 1


if __name__ == "__main__":
    sys.exit(main())

/* SPDX-License-Identifier: MIT */
/*
 * inspect's network responder: answers ARP requests for its address and
 * ICMP echo requests (RFC 826, RFC 792) on a virtio-net device, enough to
 * prove both directions of the driver end to end with `ping`. Frames are
 * parsed with every length checked first; anything else is counted and
 * dropped.
 */
#include "apps/inspect/inspect.h"
#include "drivers/virtio/drivers.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"

#define ETH_HLEN 14
#define ETH_ARP  0x0806
#define ETH_IPV4 0x0800
#define ARP_LEN  28
#define IP_ICMP  1

struct net_stats {
    unsigned arp, ping, other;
};

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* The Internet checksum (RFC 1071) of (len) bytes. */
static uint16_t csum(const uint8_t *p, size_t len)
{
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < len; i += 2)
        s += be16(p + i);
    if (len & 1)
        s += (uint32_t)p[len - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static int arp(uint8_t *f, size_t len, const uint8_t mac[6],
               const uint8_t ip[4])
{
    uint8_t *a = f + ETH_HLEN;
    if (len < ETH_HLEN + ARP_LEN || be16(a) != 1 || be16(a + 2) != ETH_IPV4 ||
        a[4] != 6 || a[5] != 4 || be16(a + 6) != 1 || memcmp(a + 24, ip, 4))
        return 0;
    memcpy(a + 18, a + 8, 10); /* target = requester's MAC and IP */
    memcpy(a + 8, mac, 6);
    memcpy(a + 14, ip, 4);
    put16(a + 6, 2); /* reply */
    memcpy(f, a + 18, 6);
    memcpy(f + 6, mac, 6);
    return ETH_HLEN + ARP_LEN;
}

static int icmp_echo(uint8_t *f, size_t len, const uint8_t mac[6],
                     const uint8_t ip[4])
{
    uint8_t *h = f + ETH_HLEN;
    if (len < ETH_HLEN + 20 || (h[0] >> 4) != 4)
        return 0;
    size_t ihl = (size_t)(h[0] & 15) * 4, tot = be16(h + 2);
    if (ihl < 20 || tot < ihl + 8 || tot > len - ETH_HLEN || h[9] != IP_ICMP ||
        memcmp(h + 16, ip, 4) || h[ihl] != 8 || csum(h, ihl))
        return 0;
    uint8_t *icmp = h + ihl;
    icmp[0] = 0; /* echo reply, same id, sequence and data */
    put16(icmp + 2, 0);
    put16(icmp + 2, csum(icmp, tot - ihl));
    memcpy(h + 16, h + 12, 4);
    memcpy(h + 12, ip, 4);
    h[8] = 64;
    put16(h + 10, 0);
    put16(h + 10, csum(h, ihl));
    memcpy(f, f + 6, 6);
    memcpy(f + 6, mac, 6);
    return (int)(ETH_HLEN + tot);
}

/* Answer one frame; returns 1 for ARP, 2 for ping, 0 otherwise. */
static int answer(struct virtio_dev *dev, uint8_t *f, size_t len,
                  const uint8_t mac[6], const uint8_t ip[4])
{
    int n = 0, kind = 0;
    if (len >= ETH_HLEN && be16(f + 12) == ETH_ARP)
        n = arp(f, len, mac, ip), kind = 1;
    else if (len >= ETH_HLEN && be16(f + 12) == ETH_IPV4)
        n = icmp_echo(f, len, mac, ip), kind = 2;
    if (n <= 0)
        return 0;
    return virtio_net_send(dev, f, (size_t)n) == 0 ? kind : 0;
}

int inspect_net_serve(struct virtio_dev *dev, const uint8_t ip[4],
                      unsigned pings, unsigned ms)
{
    static uint8_t frame[VIRTIO_NET_FRAME_MAX];
    uint8_t mac[6];
    struct net_stats st = {0};
    virtio_net_mac(dev, mac);
    log_raw("net: %u.%u.%u.%u answering ARP and ping, until %u pings or "
            "%u ms\n",
            ip[0], ip[1], ip[2], ip[3], pings, ms);
    uint64_t until = time_ns() + (uint64_t)ms * 1000000;
    while (st.ping < pings && time_ns() < until) {
        int n = virtio_net_recv(dev, frame, sizeof(frame), until - time_ns());
        if (n < 0)
            break;
        if (n == 0)
            continue;
        int k = answer(dev, frame, (size_t)n, mac, ip);
        if (k == 1)
            st.arp++;
        else if (k == 2)
            st.ping++;
        else
            st.other++;
    }
    virtio_net_flush(dev, 1000000000ull); /* the last reply must go out */
    log_raw("net: answered %u ARP and %u ping, ignored %u frames\n", st.arp,
            st.ping, st.other);
    return st.ping >= pings ? 0 : -1;
}

/* SPDX-License-Identifier: MIT */
/* rtc: see rtc.h. Register map: the MC146818 data sheet (status A bit 7
 * = update in progress, status B bit 2 = binary, bit 1 = 24-hour). */
#include "kernel/rtc.h"
#include "arch/x86_64/io.h"

static uint8_t cmos(uint8_t reg)
{
    pio_out8(0x70, reg); /* bit 7 clear: NMI stays enabled */
    return pio_in8(0x71);
}

int64_t rtc_days(int y, int m, int d)
{
    /* Shift the year to start in March, so the leap day comes last. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int bcd(uint8_t v, int binary)
{
    return binary ? v : (v >> 4) * 10 + (v & 15);
}

uint64_t rtc_read_epoch(void)
{
    uint8_t r[7], again[7];
    static const uint8_t regs[7] = {0, 2, 4, 7, 8, 9, 0x32};
    /* Read twice until equal, waiting out updates (bounded). */
    for (int tries = 0; tries < 10; tries++) {
        for (int spin = 0; spin < 100000 && (cmos(0x0a) & 0x80); spin++)
            ;
        for (int i = 0; i < 7; i++)
            r[i] = cmos(regs[i]);
        for (int i = 0; i < 7; i++)
            again[i] = cmos(regs[i]);
        int same = 1;
        for (int i = 0; i < 7; i++)
            same &= r[i] == again[i];
        if (same)
            break;
    }
    uint8_t b = cmos(0x0b);
    int bin = b & 4;
    int pm = !(b & 2) && (r[2] & 0x80);
    int sec = bcd(r[0], bin), min = bcd(r[1], bin);
    int hour = bcd(r[2] & 0x7f, bin), day = bcd(r[3], bin);
    int mon = bcd(r[4], bin), year = bcd(r[5], bin);
    int cent = bcd(r[6], bin);
    if (!(b & 2))
        hour = hour % 12 + (pm ? 12 : 0);
    if (cent < 19 || cent > 30)
        cent = 20;
    if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 ||
        mon > 12 || year > 99)
        return 0;
    int64_t days = rtc_days(cent * 100 + year, mon, day);
    if (days < 0)
        return 0;
    return (uint64_t)days * 86400 + (uint64_t)(hour * 3600 + min * 60 + sec);
}

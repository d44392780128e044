/* SPDX-License-Identifier: MIT */
/*
 * VMBus class GUIDs, from Linux include/linux/hyperv.h. A GUID's first
 * three fields are little-endian on the wire, the last eight bytes in
 * order, so {f8615163-df3e-46c5-913f-f2d2f965ed0e} starts 63 51 61 f8.
 * The table holds the text form; a GUID is named by formatting it.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"

static const struct {
    const char *guid, *name;
} classes[] = {
    {"f8615163-df3e-46c5-913f-f2d2f965ed0e", "network"},
    {"ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", "scsi"},
    {"32412632-86cb-44a2-9b5c-50d1417354f5", "ide"},
    {"57164f39-9115-4e78-ab55-382f3bd5422d", "heartbeat"},
    {"0e0b6031-5213-4934-818b-38d90ced39db", "shutdown"},
    {"9527e630-d0ae-497b-adce-e80ab0175caf", "timesync"},
    {"a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "kvp"},
    {"35fa2e29-ea23-4236-96ae-3a6ebacba440", "vss"},
    {"f912ad6d-2b17-48ea-bd65-f927a61c7684", "keyboard"},
    {"cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", "mouse"},
    {"da0a7802-e377-4aac-8e77-0558eb1073f8", "video"},
    {"525074dc-8985-46e2-8057-a307dc18a502", "balloon"},
    {"34d14be3-dee4-41c8-9ae7-6b174977c192", "fcopy"},
    {"44c4f61d-4444-4400-9d52-802e27ede19f", "pci"},
};

void hv_guid_format(const uint8_t g[16], char out[37])
{
    static const uint8_t order[16] = {3, 2, 1,  0,  5,  4,  7,  6,
                                      8, 9, 10, 11, 12, 13, 14, 15};
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[g[order[i]] >> 4];
        *p++ = hex[g[order[i]] & 15];
    }
    *p = 0;
}

const char *hv_vmbus_class_name(const uint8_t guid[16])
{
    char s[37];
    hv_guid_format(guid, s);
    for (unsigned i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (strcmp(s, classes[i].guid) == 0)
            return classes[i].name;
    return NULL;
}

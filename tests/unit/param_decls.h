/* SPDX-License-Identifier: MIT */
/*
 * The parameters that the lib/param tests and fuzzer parse against: one of
 * every type and shape, a trailing (monitor-appended) one, and one with an
 * overlong description. This header DEFINES them (variables and section
 * descriptors): include it in exactly one file of a binary.
 */
#ifndef SKIFF_TEST_PARAM_DECLS_H
#define SKIFF_TEST_PARAM_DECLS_H
#include "lib/param/param.h"

PARAM_BOOL(t, flag, false, "a flag");
PARAM_BOOL(t, on, true, "on by default");
PARAM_U8(t, u8, 7, "an u8");
PARAM_U16(t, u16, 0, "an u16");
PARAM_U32(t, u32, 0, "an u32");
PARAM_U64(t, u64, 0, "an u64");
PARAM_I8(t, i8, -1, "an i8");
PARAM_I16(t, i16, 0, "an i16");
PARAM_I32(t, i32, 0, "an i32");
PARAM_I64(t, i64, 0, "an i64");
PARAM_SIZE(t, mem, 64 << 20, "memory size");
PARAM_STRING(t, name, 8, "dflt", "a short string");
PARAM_ENUM(log, level, 2, "log verbosity", "error", "warn", "info", "debug");
PARAM_ARRAY(t, nums, U32, 4, "numbers");
PARAM_ARRAY(t, sizes, SIZE, 2, "sizes");
PARAM_ARRAY(t, bools, BOOL, 2, "bools");
PARAM_ARRAY(t, ints, I16, 3, "signed numbers");
PARAM_ARRAY_ENUM(t, modes, 3, "modes", "a", "b", "c");
PARAM_ARRAY_STRING_F(virtio_mmio, device, 4, 48, PARAM_FLAG_TRAILING,
                     "virtio-mmio devices: <size>@<base>:<irq>");
PARAM_U8(
    t, wordy, 0,
    "a description far longer than any table line: "
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789");

/* The 20 above plus the library's param.help and param.strict. */
#define PARAM_TEST_NDECL 22

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Writes the seed corpus of fuzz_elf into the directory given: the unit
 * tests' valid ET_EXEC and static-PIE fixtures (tests/unit/elf_fixture.h),
 * each also with an executable stack and with a PT_INTERP, so the fuzzer
 * starts from both sides of each check. Host tool, run when the fixtures
 * change:
 *   cc -I. -Iinclude tests/fuzz/gen_elf_seeds.c -o build/gen_elf_seeds
 *   build/gen_elf_seeds tests/fuzz/corpus/elf
 */
#include "tests/unit/elf_fixture.h"

#include <stdio.h>

static const char *dir;

static int seed(const char *name, struct elf_fix *f)
{
    char path[512];
    ef_write(f);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *o = fopen(path, "wb");
    if (!o || fwrite(f->b, 1, f->len, o) != f->len) {
        perror(path);
        return 1;
    }
    return fclose(o) != 0;
}

int main(int argc, char **argv)
{
    static struct elf_fix f;
    static const char *const names[2][3] = {
        {"exec", "exec-xstack", "exec-interp"},
        {"pie", "pie-xstack", "pie-interp"}};
    int bad = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    for (int pie = 0; pie < 2; pie++) {
        ef_init(&f, pie);
        bad |= seed(names[pie][0], &f);
        f.ph[f.eh.e_phnum - 1].p_flags |= PF_X;
        bad |= seed(names[pie][1], &f);
        ef_init(&f, pie);
        f.ph[f.eh.e_phnum++] =
            ef_ph(PT_INTERP, PF_R, 0x1c0, 0x1c0, 0x20, 0x20, 1);
        bad |= seed(names[pie][2], &f);
    }
    return bad;
}

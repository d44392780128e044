#!/bin/sh
# Turn `nm -n` output (stdin) into an assembly symbol table for backtraces:
# the text symbols, sorted by address, as {u64 addr, u32 name offset} pairs
# plus a string pool. Read by kernel/ksyms.c.
awk 'BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
END {
    print "    .section .ksyms, \"a\""
    print "    .p2align 3"
    print "    .globl ksyms_count"
    print "ksyms_count: .quad " n
    print "    .globl ksyms_table"
    print "ksyms_table:"
    off = 0
    for (i = 0; i < n; i++) {
        print "    .quad 0x" addr[i] ", " off
        off += length(name[i]) + 1
    }
    print "    .globl ksyms_names"
    print "ksyms_names:"
    for (i = 0; i < n; i++)
        print "    .asciz \"" name[i] "\""
    print "    .section .note.GNU-stack, \"\", @progbits"
}'

#!/bin/sh
# Both link passes must place every text symbol at the same address, or the
# backtrace table generated from pass 1 would lie about pass 2.
t() { nm -n "$1" | awk '$2 ~ /^[tT]$/ { print $1, $3 }'; }
if [ "$(t "$1")" != "$(t "$2")" ]; then
    echo "ksyms: text symbols moved between the link passes of $2" >&2
    exit 1
fi
rm -f "$1"

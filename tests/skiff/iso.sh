#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end cases of skiff_iso_write() (tools/skiff/iso.c): make ISOs with
# the test driver BUILD/host/skiff-iso-driver, boot them on QEMU pc under
# TCG (SeaBIOS -> El Torito -> GRUB -> Multiboot) and check that the
# application's output appears, that arguments with spaces, quotes, $, \
# and UTF-8 arrive as the same words, that the initrd reaches Skiff as
# module 0, and that the exit status comes back through isa-debug-exit;
# also the same kind of image booted as a hard disk (hybrid MBR), and what
# skiff_iso_write refuses. Takes about 5 s.
# Lines "PASS name", "FAIL name", "SKIP name (reason)", then
# "iso: N passed, N failed, N skipped"; exit status 1 when any failed.
# Boot cases SKIP when grub-mkrescue or xorriso is missing.
#
# Usage: tests/skiff/iso.sh [BUILD]   (BUILD: build; needs `make -j2 all`)
# Or source it and call iso_tests BUILD; ISO_TIMEOUT (60) bounds each boot.
# Logs stay in BUILD/test-iso/.

iso_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/qemu.sh
. "$iso_root/tools/qemu.sh"

iso_tests() {
    local build=${1:-build} pass=0 fail=0 skip=0 blog bwhy
    local out="$build/test-iso" drv="$build/host/skiff-iso-driver"
    local kernel="$build/skiff-mb.elf" rd="$build/apps/initrd.cpio"
    local timeout=${ISO_TIMEOUT:-60} boot_skip="" rd_skip="" bb_skip=""
    mkdir -p "$out"
    rm -f "$out"/*.iso

    iso_verdict() { # NAME WHY [LOG]: an empty WHY passes
        if [ -z "$2" ]; then
            echo "PASS $1"
            pass=$((pass + 1))
        else
            echo "FAIL $1: $2${3:+ (log: $3)}"
            fail=$((fail + 1))
        fi
    }
    iso_skipped() {
        echo "SKIP $1 ($2)"
        skip=$((skip + 1))
    }

    if [ ! -x "$drv" ] || [ ! -f "$kernel" ]; then
        iso_verdict iso-build "no $drv or $kernel (make -j2 all)"
        echo "iso: $pass passed, $fail failed, $skip skipped"
        return 1
    fi
    command -v grub-mkrescue >/dev/null || boot_skip="no grub-mkrescue: grub-common"
    command -v xorriso >/dev/null || boot_skip="no xorriso"
    [ -f "$rd" ] || rd_skip="no $rd: make apps-initrd"
    if [ -z "$rd_skip" ] && ! cpio -t --quiet <"$rd" | grep -qx bin/busybox; then
        bb_skip="no /bin/busybox in $rd: busybox-static"
    fi

    # iso_refuse NAME CMDLINE MESSAGE: skiff_iso_write must reject the line
    # with status 125 and MESSAGE, before looking for GRUB, and write no image.
    iso_refuse() {
        local log="$out/$1.log" why="" st
        "$drv" "$out/$1.iso" "$kernel" - "$2" >"$log" 2>&1
        st=$?
        [ $st -eq 125 ] || why="status $st, not 125"
        [ -z "$why" ] && ! grep -qF -- "$3" "$log" && why="no '$3' in the message"
        [ -z "$why" ] && [ -e "$out/$1.iso" ] && why="an image was written"
        iso_verdict "$1" "$why" "$log"
    }
    iso_refuse iso-refuse-empty "app.path=/bin/t_exit -- a ''" "is empty"
    iso_refuse iso-refuse-tab $'-- \'a\tb\'' "holds a tab"
    iso_refuse iso-refuse-quoted-dashdash "log.level=warn '--' x" "is quoted before"
    iso_refuse iso-refuse-quote "-- 'open" "unterminated quote"
    # 2 + 1 + 5 ("a b" quoted) + 1 + 4087 = 4096 bytes for GRUB: one too many.
    local long
    long=$(printf "%4087s" "" | tr ' ' x)
    iso_refuse iso-refuse-long "-- 'a b' $long" "is 4096 bytes once GRUB"

    # Without grub-mkrescue, xorriso and mformat on $PATH: one error each,
    # naming its Debian package.
    local log="$out/iso-missing-tools.log" why="" st p
    PATH=/nonexistent "$drv" "$out/missing.iso" "$kernel" - "" >"$log" 2>&1
    st=$?
    [ $st -eq 125 ] || why="status $st, not 125"
    for p in "grub-mkrescue (Debian package grub-common)" \
        "xorriso (Debian package xorriso)" "mformat (Debian package mtools)"; do
        [ -z "$why" ] && ! grep -qF "$p" "$log" && why="no '$p' in the message"
    done
    iso_verdict iso-missing-tools "$why" "$log"

    # iso_boot NAME INITRD CMDLINE WANT_STATUS [disk]: make and boot an ISO
    # as a CD (El Torito) or, with "disk", as a hard disk (the hybrid MBR a
    # USB stick boots from); sets $blog (the console log, \r removed) and
    # $bwhy (empty when the image was made and the guest's status is
    # WANT_STATUS).
    iso_boot() {
        local iso="$out/$1.iso" t0 t1 q st media
        blog="$out/$1.log" bwhy=""
        media=(-cdrom "$iso")
        [ "${5:-}" = disk ] &&
            media=(-drive "file=$iso,format=raw,if=ide,snapshot=on")
        if ! "$drv" "$iso" "$kernel" "$2" "$3" >"$out/$1.mk.log" 2>&1; then
            bwhy="skiff-iso-driver failed: $(tail -n 3 "$out/$1.mk.log" | tr '\n' ' ')"
            return
        fi
        grep -q "^skiff: building ISO $iso \.\.\.$" "$out/$1.mk.log" ||
            bwhy="no progress line"
        t0=$(date +%s%N)
        timeout "$timeout" qemu-system-x86_64 -machine pc -accel tcg -m 256M \
            -nodefaults -nographic -no-reboot -serial stdio \
            -device isa-debug-exit,iobase=0xf4,iosize=4 "${media[@]}" \
            </dev/null >"$blog.raw" 2>&1
        q=$?
        t1=$(date +%s%N)
        tr -d '\r' <"$blog.raw" >"$blog"
        echo "iso: $1 booted in $(((t1 - t0) / 1000000)) ms (TCG, wall clock)"
        st=$(skiff_guest_status $q)
        [ -z "$bwhy" ] && [ "$st" != "$4" ] && bwhy="guest status $st, not $4"
    }

    if [ -n "$boot_skip" ]; then
        iso_skipped iso-inspect "$boot_skip"
        iso_skipped iso-grub-cfg "$boot_skip"
        iso_skipped iso-hybrid-disk "$boot_skip"
    else
        # No initrd: the built-in inspect, its argv and its exit status.
        # The first word is a kernel parameter: GRUB 2 passes no image path.
        iso_boot iso-inspect - "inspect.exit=7 -- 'x  y' z \"it's\"" 7
        for p in "app: argc 4 [inspect] [x  y] [z] [it's]" \
            'loader "GRUB 2' '!boot: initrd'; do
            [ -n "$bwhy" ] && break
            case $p in
            !*) grep -qF -- "${p#!}" "$blog" && bwhy="unexpected: ${p#!}" ;;
            *) grep -qF -- "$p" "$blog" || bwhy="missing: $p" ;;
            esac
        done
        iso_verdict iso-inspect "$bwhy" "$blog"

        # The grub.cfg inside: every word single-quoted, no module line.
        local cfg="$out/iso-grub-cfg"
        rm -f "$cfg.got"
        xorriso -osirrox on -indev "$out/iso-inspect.iso" \
            -extract /boot/grub/grub.cfg "$cfg.got" >"$cfg.log" 2>&1
        cat >"$cfg.want" <<'EOF'
# Written by skiff (tools/skiff/iso.c).
set default=0
set timeout=0
menuentry 'Skiff' {
    multiboot /boot/skiff-mb.elf 'inspect.exit=7' '--' 'x  y' 'z' 'it'\''s'
}
EOF
        iso_verdict iso-grub-cfg "$(diff -u "$cfg.want" "$cfg.got" 2>&1 |
            sed -n 4,9p | tr '\n' ' ')" "$cfg.log"

        # The same image as a hard disk: GRUB's hybrid MBR boots it.
        iso_boot iso-hybrid-disk - "inspect.exit=7 -- a" 7 disk
        [ -z "$bwhy" ] && ! grep -qF "app: argc 2 [inspect] [a]" "$blog" &&
            bwhy="missing: app: argc 2 [inspect] [a]"
        iso_verdict iso-hybrid-disk "$bwhy" "$blog"
    fi

    if [ -n "$boot_skip$rd_skip" ]; then
        iso_skipped iso-initrd-exit "${boot_skip:-$rd_skip}"
    else
        # A program from the initrd (module 0) and its status 42.
        iso_boot iso-initrd-exit "$rd" "app.path=/bin/t_exit" 42
        for p in "ok before exit" "ok atexit handler ran"; do
            [ -z "$bwhy" ] && ! grep -qx -- "$p" "$blog" && bwhy="missing: $p"
        done
        iso_verdict iso-initrd-exit "$bwhy" "$blog"
    fi

    if [ -n "$boot_skip$rd_skip$bb_skip" ]; then
        iso_skipped iso-args "${boot_skip:-${rd_skip:-$bb_skip}}"
    else
        # Each word as busybox printf prints it, one [word] a line, against
        # the same printf on the host.
        # shellcheck disable=SC2016,SC1003 # literal $, \ and quotes
        local words=('a  b' "it's" 'say "hi"' "q\"a b'c" '$HOME' '${x}'
            'back\slash' '\"' 'x;y && z | w' '#hash' 'héllo ☃ 日本' '*'
            'end\' '--' 'help' "' '")
        local line="app.path=/bin/busybox log.level=warn -- printf '[%s]\\n'" w
        for w in "${words[@]}"; do
            line="$line '${w//\'/\'\\\'\'}'"
        done
        iso_boot iso-args "$rd" "$line" 0
        printf '[%s]\n' "${words[@]}" >"$out/iso-args.want"
        grep -a '^\[' "$blog" | grep -avE '^\[ *[0-9]+\.[0-9]+\] ' \
            >"$out/iso-args.got"
        [ -z "$bwhy" ] && ! diff -u "$out/iso-args.want" "$out/iso-args.got" \
            >"$out/iso-args.diff" && bwhy="words differ: see $out/iso-args.diff"
        iso_verdict iso-args "$bwhy" "$blog"
    fi

    echo "iso: $pass passed, $fail failed, $skip skipped"
    [ $fail -eq 0 ]
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    iso_tests "${1:-build}"
fi

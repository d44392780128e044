# Boot cases for applications (issue 7), sourced by tests/boot/run.sh
# (which defines verdict, $out, $images, $filter). Each runs one program
# from the test initrd ($images/apps/initrd.cpio, `make apps-initrd`) with
# app.path and compares what it printed, plus a last line "exit N" or
# "signal N", with what the same binary printed on the host Linux:
#   - tests/apps/t_*: the system-call checks, against their .expected
#     files (tests/apps/host.sh makes and checks those on the host);
#   - busybox-static applets, run on the host in the same run with the
#     fixture tree as the working directory, as in Skiff (cwd /).
# Skiff's own lines (timestamped log lines, boot:, app:, sys:) are not the
# program's output and are left out; a fault's "app: killed by SIGSEGV"
# becomes "signal 11", as a shell reports a signal death.

APPS_RD=$images/apps/initrd.cpio

# app_output LOG STATUS: the program's output from a boot log.
app_output() {
    tr -d '\r' <"$1" | grep -vE '^(\[ *[0-9]+\.[0-9]+\] |(boot|app|sys|run|qemu-system-x86_64): )'
    local sig
    sig=$(tr -d '\r' <"$1" | sed -n 's/^app: killed by SIG\([A-Z]*\).*/\1/p' | head -n 1)
    case $2:$sig in
    123:SEGV) echo "signal 11" ;;
    123:ABRT) echo "signal 6" ;;
    123:FPE) echo "signal 8" ;;
    123:ILL) echo "signal 4" ;;
    *) echo "exit $2" ;;
    esac
}

# app_case NAME EXPECTED_FILE APPEND [PATTERN...]: boot microvm with the
# test initrd (RD overrides it) and APPEND, plus EXTRA QEMU arguments; the
# program's output must equal EXPECTED_FILE and each PATTERN must appear
# in the log.
app_case() {
    local name=$1 exp=$2 append=$3 log="$out/$1.tcg.log" why=""
    shift 3
    case $name in *"$filter"*) ;; *) return ;; esac
    mapfile -t args < <(skiff_qemu_args microvm tcg 256M 1 1)
    # shellcheck disable=SC2086 # EXTRA is a list of arguments
    timeout "$TIMEOUT" qemu-system-x86_64 "${args[@]}" ${EXTRA:-} \
        -kernel "$images/skiff.elf" -initrd "${RD:-$APPS_RD}" \
        -append "log.level=warn $append" </dev/null >"$log" 2>&1
    local q=$?
    if [ $q -eq 124 ]; then
        why="timed out after ${TIMEOUT}s"
    else
        app_output "$log" "$(skiff_guest_status $q)" >"$log.out"
        diff -u "$exp" "$log.out" >"$log.diff" ||
            why="output differs from ${exp#$root/}: $(sed -n 4,6p "$log.diff" | tr '\n' ' ')"
    fi
    for p in "$@"; do
        [ -n "$why" ] && break
        grep -qE -- "$p" "$log" || why="missing output: $p"
    done
    verdict "$name [tcg]" "$why" "$log"
}

# bb_case NAME ARGS...: busybox ARGS in Skiff and on the host.
bb_case() {
    local name=$1 q
    shift
    case $name in *"$filter"*) ;; *) return ;; esac
    local exp="$out/$name.host"
    { (cd "$root/tests/apps" && TMPDIR=$out exec /bin/busybox "$@" </dev/null \
        >"$exp" 2>&1); } 2>/dev/null
    q=$?
    if [ $q -gt 128 ]; then echo "signal $((q - 128))"; else echo "exit $q"; fi >>"$exp"
    local append="app.path=/bin/busybox --" a
    for a in "$@"; do
        append="$append '${a//\'/\'\\\'\'}'"
    done
    app_case "$name" "$exp" "$append"
}

if [ -f "$APPS_RD" ]; then
    for src in "$root"/tests/apps/t_*.c; do
        n=$(basename "$src" .c)
        app_case "app-$n" "$root/tests/apps/$n.expected" "app.path=/bin/$n"
    done
    app_case app-t_proc-pie "$root/tests/apps/t_proc.expected" \
        "log.level=info app.path=/bin/t_proc-pie" "static PIE at 0x"
    # The fault reports name what went wrong.
    app_case app-fault-report "$root/tests/apps/t_fault_rodata.expected" \
        "log.level=info app.path=/bin/t_fault_rodata" \
        'app: fault: write to a read-only page' 'app: killed by SIGSEGV'
    app_case app-stack-report "$root/tests/apps/t_fault_stack.expected" \
        "app.path=/bin/t_fault_stack" 'app: fault: stack overflow'
    # A corrupt initrd is refused with its offset and reason; the built-in
    # application still runs (app.path then finds nothing: status 126).
    head -c 300 "$APPS_RD" >"$out/truncated.cpio"
    printf 'exit 126\n' >"$out/app-noexec.expected"
    RD=$out/truncated.cpio app_case app-corrupt-initrd \
        "$out/app-noexec.expected" "app.path=/bin/t_exit" \
        'files: initrd refused: cpio: offset [0-9]+: ' \
        'app: /bin/t_exit: cannot load it'
    # Programs Skiff refuses, each by name, with status 126.
    app_case app-refuse-dynamic "$out/app-noexec.expected" \
        "app.path=/bin/x_dynamic" \
        'app: /bin/x_dynamic: elf: dynamically linked \(PT_INTERP\): link statically'
    app_case app-refuse-text "$out/app-noexec.expected" \
        "app.path=/data/hello.txt" 'app: /data/hello.txt: elf: '
    app_case app-refuse-missing "$out/app-noexec.expected" \
        "app.path=/bin/nothing" 'app: /bin/nothing: cannot load it .*no such file'
    # No fork, threads or execve: clean ENOSYS (musl's pthread_create turns
    # clone's into EAGAIN), each call logged once however often it comes.
    printf '%s\n' 'fork: -1 Function not implemented' \
        'fork: -1 Function not implemented' \
        'fork: -1 Function not implemented' \
        'pthread_create: Resource temporarily unavailable' \
        'execve: -1 Function not implemented' 'exit 0' >"$out/app-enosys.expected"
    app_case app-enosys "$out/app-enosys.expected" "app.path=/bin/x_enosys" \
        'sys: fork \(57\) is not implemented: -ENOSYS' \
        'sys: clone \(56\) is not implemented' 'sys: execve \(59\)'
    case app-enosys in *"$filter"*)
        n=$(grep -c 'sys: fork (57)' "$out/app-enosys.tcg.log")
        why=
        [ "$n" = 1 ] || why="fork logged $n times, expected once"
        verdict "app-enosys-once [tcg]" "$why" "$out/app-enosys.tcg.log" ;;
    esac
    if [ -x /bin/busybox ] && ! file -L /bin/busybox | grep -q dynamic; then
        bb_case app-bb-echo echo hello from busybox
        bb_case app-bb-cat cat data/hello.txt data/dir/a.txt
        bb_case app-bb-ls ls -1a data data/dir
        bb_case app-bb-sha256sum sha256sum data/hello.txt data/dir/b.txt
        bb_case app-bb-sort sort -r data/words.txt
        bb_case app-bb-wc wc data/hello.txt data/words.txt
        bb_case app-bb-gzip gzip -dc data/words.txt.gz
        bb_case app-bb-sh sh -c 'x=6; y=$((x * 7)); echo "x=$x y=$y"
for w in one two three; do echo "word $w"; done
test -f data/hello.txt && echo "data/hello.txt exists"
cd data/dir && echo "cd ok"; read line <a.txt; echo "read: $line"
echo written >"${TMPDIR:-/tmp}/bb-sh"; read back <"${TMPDIR:-/tmp}/bb-sh"
echo "back: $back"; exit 3'
        bb_case app-bb-missing cat data/no-such-file
        # A virtio-blk disk is /dev/vda: raw reads, and a write that lands
        # in the image at the offset asked (busybox dd, as on the host).
        img=$(mkdisk app-vda)
        printf '%s\n' 'SKIFFDISK0123456' 'exit 0' >"$out/app-vda-read.expected"
        EXTRA="-drive file=$img,format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0" \
            app_case app-vda-read "$out/app-vda-read.expected" \
            "app.path=/bin/busybox -- head -c 16 /dev/vda"
        printf '%s\n' '0+1 records in' '0+1 records out' 'exit 0' \
            >"$out/app-vda-write.expected"
        EXTRA="-drive file=$img,format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0" \
            app_case app-vda-write "$out/app-vda-write.expected" \
            "app.path=/bin/busybox -- dd if=/data/hello.txt of=/dev/vda bs=4096 seek=1 conv=notrunc"
        case app-vda-write in *"$filter"*)
            why=
            dd if="$img" bs=4096 skip=1 count=1 2>/dev/null |
                cmp -s -n "$(wc -c <"$root/tests/apps/data/hello.txt")" - \
                    "$root/tests/apps/data/hello.txt" ||
                why="offset 4096 of the image does not hold data/hello.txt"
            verdict "app-vda-write [image]" "$why" "$out/app-vda-write.tcg.log" ;;
        esac
    else
        case app-bb in *"$filter"*)
            echo "SKIP app-bb-* [tcg]: no busybox-static (/bin/busybox)"
            skip=$((skip + 1)) ;;
        esac
    fi
else
    case app- in *"$filter"*)
        echo "FAIL app-*: $APPS_RD is missing (make apps-initrd)"
        fail=$((fail + 1)) ;;
    esac
fi

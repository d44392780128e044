#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of the skiff tool (issue 9), run by `make test`:
#   - `skiff run` of tests/skiff/probe.c built static with musl and for
#     wasm32-wasi, on qemu-microvm, qemu-q35 and cloud-hypervisor-like, with
#     arguments that need quoting, an environment variable, a file and an
#     exit status, all checked;
#   - built-in applications, --timeout, Ctrl-C (SIGINT);
#   - --dry-run configurations of Firecracker and cloud-hypervisor, parsed
#     (JSON, shell words) and checked field by field, and the initrd they
#     name listed and extracted with GNU cpio;
#   - bad input: a missing file, a dynamic ELF, a corrupt module, a text
#     file, an unknown parameter or option, a missing monitor: the
#     documented message and exit status;
#   - `skiff params` against docs/params.txt; `skiff image --oci` checked
#     by tests/skiff/oci_check.py; `skiff image --iso` booted from CD on
#     QEMU pc (tests/skiff/iso.sh, a separate step, tests the ISO writer).
# Usage: tests/skiff/run.sh [BUILD] [FILTER]. Ends "skiff: N passed, ...".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
filter=${2:-}
S=$build/host/skiff
out=$build/skiff-tests
rm -rf "$out"
mkdir -p "$out/tmp"
export TMPDIR=$out/tmp # skiff's private directories go here: checked empty
passed=0 failed=0 skipped=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1 ($2)"; skipped=$((skipped + 1)); }
want() { case $1 in *"$filter"*) return 0 ;; esac; return 1; }

# The probe, both ways. A build that fails is one failure, and its cases
# are not run.
probe=$out/probe probe_wasm=$out/probe.wasm
musl-gcc -static -O2 -o "$probe" "$root/tests/skiff/probe.c" ||
    { fail build-probe "musl-gcc"; probe=; }
clang --target=wasm32-wasi --sysroot=/usr -O2 -s -o "$probe_wasm" \
    "$root/tests/skiff/probe.c" || { fail build-probe-wasm "clang"; probe_wasm=; }
printf 'line one\nünïcode line\n' >"$out/in.txt"

ARGS=(/data/in.txt "a b" "it's" '$HOME' 'back\slash' "" "ünï ✓" -- -v)
expected() { # the probe's output for ARGS and SKIFF_T=$1
    local i=1 a
    for a in "${ARGS[@]}"; do printf 'arg %d [%s]\n' $i "$a"; i=$((i + 1)); done
    printf 'SKIFF_T [%s]\n' "$1"
    printf 'file: line one\nfile: ünïcode line\n'
}

# run_case NAME APP VMM STATUS: skiff run of APP with ARGS, the file at
# /data/in.txt, SKIFF_T and SKIFF_EXIT=STATUS; output and status checked.
run_case() {
    local name=$1 app=$2 vmm=$3 status=$4 got rc
    want "$name" || return
    [ -n "$app" ] || { skip "$name" "no probe build"; return; }
    expected "two words 'q'" >"$out/$name.expected"
    timeout 120 "$S" run -q --vmm "$vmm" --timeout 100 \
        --env "SKIFF_T=two words 'q'" --env SKIFF_EXIT="$status" \
        --file "$out/in.txt:/data/in.txt" "$app" -- "${ARGS[@]}" \
        >"$out/$name.out" 2>"$out/$name.err"
    rc=$?
    if [ $rc -ne "$status" ]; then
        fail "$name" "exit status $rc, expected $status: $(tail -n 3 "$out/$name.err")"
    elif ! diff -u "$out/$name.expected" "$out/$name.out" >"$out/$name.diff"; then
        fail "$name" "output differs: $(head -n 12 "$out/$name.diff")"
    else
        pass "$name"
    fi
}

run_case elf-microvm "$probe" qemu-microvm 7
run_case elf-q35 "$probe" qemu-q35 0
run_case elf-ch-like "$probe" cloud-hypervisor-like 42
run_case wasm-microvm "$probe_wasm" qemu-microvm 3
run_case wasm-q35 "$probe_wasm" qemu-q35 0
run_case wasm-ch-like "$probe_wasm" cloud-hypervisor-like 5

# check NAME STATUS PATTERN... -- COMMAND...: the exit status and every
# PATTERN (grep -E; "!" in front: must not match) in stdout+stderr.
check() {
    local name=$1 status=$2 pats=() p rc bad=
    shift 2
    while [ "$1" != -- ]; do pats+=("$1"); shift; done
    shift
    want "$name" || return
    timeout 120 "$@" >"$out/$name.out" 2>&1
    rc=$?
    [ $rc -eq "$status" ] || bad="exit status $rc, expected $status"
    for p in "${pats[@]}"; do
        if [ "${p:0:1}" = "!" ]; then
            grep -qE -- "${p:1}" "$out/$name.out" && bad="${bad:+$bad; }has '${p:1}'"
        else
            grep -qE -- "$p" "$out/$name.out" || bad="${bad:+$bad; }no '$p'"
        fi
    done
    if [ -n "$bad" ]; then
        fail "$name" "$bad: $(tail -n 4 "$out/$name.out")"
    else
        pass "$name"
    fi
}

check builtin-hello 2 '^hello from a musl program on Skiff' \
    '^argv\[0\] = /app/hello' '^argv\[2\] = y z' '!boot: ready' -- \
    "$S" run -q --timeout 100 hello x "y z"
check builtin-inspect 0 'inspect: done' -- "$S" run -q --timeout 100 inspect
check verbose 0 'boot: ready in' 'inspect: done' -- \
    "$S" run -v --timeout 100 inspect
check param 4 'inspect: done' -- \
    "$S" run -q --timeout 100 --param inspect.exit=4 inspect

# --disk and --net: the devices Skiff finds, on MMIO and on PCI.
{ printf 'SKIFF-DISK-TEST!'; head -c 65520 /dev/zero; } >"$out/disk.img"
for v in qemu-microvm qemu-q35; do
    check "devices-$v" 0 'virtio: 2 devices working' \
        'blk0: sector 0: 53 4b 49 46 46 2d 44 49 53 4b' -- \
        "$S" run -q --timeout 100 --vmm "$v" --disk "$out/disk.img" \
        --net user inspect
done

# Bad input: the documented message and status, and no VM started.
printf 'int main(void){return 0;}\n' >"$out/dyn.c"
gcc -o "$out/dynamic" "$out/dyn.c"
head -c 40 "${probe_wasm:-/dev/null}" >"$out/corrupt.wasm"
printf 'just text\n' >"$out/text.txt"
check missing-app 127 'no-such-prog: No such file' -- "$S" run "$out/no-such-prog"
check unknown-builtin 127 'no built-in application of that name \(built-ins: inspect, hello' \
    -- "$S" run nosuchapp
check dynamic-elf 126 'dynamically linked' 'musl-gcc -static' -- \
    "$S" run "$out/dynamic"
check corrupt-wasm 126 'invalid WebAssembly module: .*(section|offset)' -- \
    "$S" run "$out/corrupt.wasm"
check text-file 126 'not an ELF executable or a WebAssembly module' -- \
    "$S" run "$out/text.txt"
check missing-file 127 "--file $out/nope:/x: .*No such file" -- \
    "$S" run --file "$out/nope:/x" hello
check bad-guest-path 125 'guest path /a/../b has an empty' -- \
    "$S" run --file "$out/in.txt:/a/../b" hello
check unknown-param 125 'the image has no parameter log.levle' 'skiff params' -- \
    "$S" run --param log.levle=debug hello
check unknown-option 125 'unknown option --frobnicate' -- \
    "$S" run --frobnicate hello
check unknown-vmm 125 'unknown profile .*qemu-microvm' -- \
    "$S" run --vmm xen hello
check control-byte 125 'control byte 0x0a' -- "$S" run hello "a
b"
check fc-user-net 125 'firecracker supports only --net tap:NAME' -- \
    "$S" run --vmm firecracker --net user --dry-run hello
check no-command 125 "unknown command 'rnu'" -- "$S" rnu
check help 0 'usage: skiff run' '--vmm PROFILE' 'examples:' -- "$S" run --help
check help-top 0 'usage: skiff COMMAND' 'exit status' -- "$S" help

# A monitor that is not installed: say so, name what to install, print
# the exact command (PATH without it, whatever this machine has).
nopath=$out/nopath
mkdir -p "$nopath"
check missing-monitor 127 'cloud-hypervisor is not installed' \
    'cloud-hypervisor \(Debian package' '^cloud-hypervisor --kernel ' -- \
    env PATH="$nopath" "$S" run --vmm cloud-hypervisor hello
check missing-qemu 127 'qemu-system-x86_64 is not installed' \
    'qemu-system-x86' -- env PATH="$nopath" "$S" run hello

# A monitor on PATH is run: stand-ins for firecracker and cloud-hypervisor
# check what they are given (the JSON file exists and names the kernel; the
# command line carries the arguments), print like Skiff's console (\r\n,
# the status line last) and exit 0 as those monitors do after the guest's
# reset; skiff must stream the output and exit with the reported status.
fake=$out/fake
mkdir -p "$fake"
cat >"$fake/firecracker" <<'SH'
#!/bin/sh
[ "$1 $2" = "--no-api --config-file" ] || { echo "fake: bad args $*" >&2; exit 1; }
python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))
assert c["boot-source"]["boot_args"].endswith("-- x \x27y z\x27")' "$3" || exit 1
printf 'from the guest\r\nshutdown: exit status 5\r\n'
SH
cat >"$fake/cloud-hypervisor" <<'SH'
#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = --cmdline ] && cmd=$2; shift; done
case $cmd in *"-- x 'y z'") ;; *) echo "fake: cmdline $cmd" >&2; exit 1 ;; esac
printf 'from the guest\r\nshutdown: exit status 6\r\n'
SH
chmod +x "$fake/firecracker" "$fake/cloud-hypervisor"
check fake-firecracker 5 '^from the guest$' '!shutdown: exit status' "!"$'\r' -- \
    env PATH="$fake:$PATH" "$S" run -q --vmm firecracker hello x "y z"
check fake-cloud-hypervisor 6 '^from the guest$' '!shutdown: exit status' -- \
    env PATH="$fake:$PATH" "$S" run -q --vmm cloud-hypervisor hello x "y z"

# --timeout stops a VM that does not end: 124, quickly.
if want timeout; then
    t0=$(date +%s)
    check timeout 124 'ran past --timeout' -- \
        "$S" run -q --timeout 2 --param inspect.sleep=600000 inspect
    [ $(($(date +%s) - t0)) -lt 30 ] || fail timeout-fast "took $(($(date +%s) - t0)) s"
fi

# Ctrl-C: SIGINT to skiff stops the VM, removes its files, exits 130.
if want sigint; then
    "$S" run -q --param inspect.sleep=600000 inspect >"$out/sigint.out" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        pgrep -P $pid >/dev/null && break
        sleep 0.1
    done
    sleep 1
    kids=$(pgrep -P $pid)
    kill -INT $pid
    wait $pid
    rc=$?
    sleep 0.5
    left=
    for k in $kids; do kill -0 "$k" 2>/dev/null && left="$left $k"; done
    if [ $rc -ne 130 ] || [ -n "$left" ] || [ -z "$kids" ]; then
        fail sigint "status $rc (want 130), monitor '$kids', left running '$left'"
        for k in $left; do kill -9 "$k"; done
    else
        pass sigint
    fi
fi

# Dry runs: the configuration each monitor documents, field by field.
dry() { # dry NAME VMM: run --dry-run, keep the output
    "$S" run --dry-run --vmm "$2" --mem 256M --cpus 2 --disk "$out/in.txt" \
        --net tap:tap7 --env "SKIFF_T=v w" --file "$out/in.txt:/data/in.txt" \
        "$probe" -- "${ARGS[@]}" >"$out/$1.out" 2>"$out/$1.err"
}
if want dry-firecracker && [ -n "$probe" ]; then
    dry dry-firecracker firecracker
    if python3 "$root/tests/skiff/dry_check.py" firecracker "$out/dry-firecracker.out" \
        "$build/skiff.elf" "$out/in.txt" "${ARGS[@]}" >"$out/dry-fc.check" 2>&1; then
        pass dry-firecracker
    else
        fail dry-firecracker "$(tail -n 5 "$out/dry-fc.check")"
    fi
fi
if want dry-cloud-hypervisor && [ -n "$probe" ]; then
    dry dry-ch cloud-hypervisor
    if python3 "$root/tests/skiff/dry_check.py" cloud-hypervisor "$out/dry-ch.out" \
        "$build/skiff.elf" "$out/in.txt" "${ARGS[@]}" >"$out/dry-ch.check" 2>&1; then
        pass dry-cloud-hypervisor
    else
        fail dry-cloud-hypervisor "$(tail -n 5 "$out/dry-ch.check")"
    fi
fi
# A QEMU profile's dry run is the command line it would run, read back
# as a shell would.
if want dry-qemu; then
    "$S" run -q --dry-run --vmm qemu-q35 --accel tcg hello a "b c" \
        >"$out/dry-qemu.out" 2>&1
    if python3 - "$out/dry-qemu.out" "$build/skiff.elf" <<'PY'; then
import shlex, sys
a = shlex.split(open(sys.argv[1]).read().splitlines()[-1])
opt = dict(zip(a[1::], a[2::]))
assert a[0] == "qemu-system-x86_64", a[0]
assert opt["-machine"] == "q35" and opt["-accel"] == "tcg", a
assert opt["-kernel"] == sys.argv[2], opt["-kernel"]
assert open(opt["-initrd"], "rb").read(6) == b"070701", "initrd"
assert "isa-debug-exit,iobase=0xf4,iosize=4" in a, "no isa-debug-exit"
assert opt["-append"] == "log.quiet=true app.path=/app/hello -- a 'b c'", \
    opt["-append"]
PY
        pass dry-qemu
    else
        fail dry-qemu "$(tail -n 3 "$out/dry-qemu.out")"
    fi
fi

# The initrd the dry run kept: GNU cpio lists and extracts it intact.
if want initrd && [ -n "$probe" ]; then
    rd=$(sed -n 's/^ *"initrd_path": "\(.*\)",*$/\1/p' "$out/dry-firecracker.out")
    x=$out/initrd-x
    mkdir -p "$x"
    list=$(cpio -it --quiet <"$rd" | LC_ALL=C sort | tr '\n' ' ')
    (cd "$x" && cpio -idm --quiet <"$rd")
    if [ "$list" != "app app/probe data data/in.txt dev proc tmp " ]; then
        fail initrd "members: $list"
    elif ! cmp -s "$x/app/probe" "$probe" || ! cmp -s "$x/data/in.txt" "$out/in.txt" ||
        [ ! -x "$x/app/probe" ]; then
        fail initrd "extracted files differ from the originals"
    else
        pass initrd
    fi
fi
rm -rf "$out"/tmp/skiff.* # the dry runs' kept directories

# skiff params reads the table out of the image: docs/params.txt is it.
if want params; then
    if "$S" params | diff -u "$root/docs/params.txt" - >"$out/params.diff"; then
        pass params
    else
        fail params "differs from docs/params.txt (make docs/params.txt): $(head -n 8 "$out/params.diff")"
    fi
fi
check params-bad 125 'not an ELF64 image' -- "$S" params --kernel "$out/text.txt"

# skiff image --oci: a layout oci_check.py validates (every digest).
if want oci; then
    rm -rf "$out/oci"
    if "$S" image -q --oci "$out/oci" --name probe:1 --file "$out/in.txt:/data/in.txt" \
        "$probe" -- "a b" >"$out/oci.out" 2>&1 &&
        python3 "$root/tests/skiff/oci_check.py" "$out/oci" \
            "shutdown.report=true log.quiet=true app.path=/app/probe -- 'a b'" \
            >"$out/oci.check" 2>&1; then
        pass oci
    else
        fail oci "$(tail -n 4 "$out/oci.out" "$out/oci.check" 2>/dev/null)"
    fi
fi
check oci-nonempty 125 'not empty' -- "$S" image --oci "$out/nopath/.." hello

# skiff image --iso: the ISO boots on QEMU pc from CD (SeaBIOS, GRUB,
# Multiboot) and the program's output and status come back. GRUB cannot
# carry an empty word, so that one is refused (tests/skiff/iso.sh tests
# the ISO writer's quoting and refusals in detail).
if want iso-boot && [ -n "$probe" ]; then
    if ! command -v grub-mkrescue >/dev/null || ! command -v xorriso >/dev/null; then
        skip iso-boot "no grub-mkrescue or xorriso (grub-common, grub-pc-bin, xorriso)"
    else
        ISO_ARGS=(/data/in.txt "a b" "it's" '$HOME' 'back\slash' "ünï ✓" -- -v)
        rm -f "$out/probe.iso"
        "$S" image -q --iso "$out/probe.iso" --env "SKIFF_T=iso" --env SKIFF_EXIT=9 \
            --file "$out/in.txt:/data/in.txt" "$probe" -- "${ISO_ARGS[@]}" \
            >"$out/iso.mk.log" 2>&1
        timeout 120 qemu-system-x86_64 -machine pc -accel tcg -m 256M -nodefaults \
            -display none -no-reboot -serial stdio \
            -device isa-debug-exit,iobase=0xf4,iosize=4 -cdrom "$out/probe.iso" \
            </dev/null >"$out/iso.raw" 2>&1
        q=$?
        tr -d '\r' <"$out/iso.raw" | grep -aE '^(arg [0-9]|SKIFF_T|file: )' >"$out/iso.got"
        { i=1; for a in "${ISO_ARGS[@]}"; do printf 'arg %d [%s]\n' $i "$a"; i=$((i + 1)); done
          printf 'SKIFF_T [iso]\nfile: line one\nfile: ünïcode line\n'; } >"$out/iso.want"
        if [ $q -ne $(((9 + 1) << 1 | 1)) ]; then
            fail iso-boot "QEMU exit $q, expected $(((9 + 1) << 1 | 1)) (status 9): $(tail -n 3 "$out/iso.mk.log" "$out/iso.raw")"
        elif ! grep -aq 'shutdown: exit status 9' "$out/iso.raw"; then
            fail iso-boot "no status line on the console"
        elif ! diff -u "$out/iso.want" "$out/iso.got" >"$out/iso.diff"; then
            fail iso-boot "output differs: $(head -n 10 "$out/iso.diff")"
        else
            pass iso-boot
        fi
    fi
fi
check iso-empty-word 125 'is empty' -- \
    "$S" image --iso "$out/empty.iso" hello -- a ""

# Every private directory was removed, on every path above.
if want cleanup; then
    if [ -z "$(ls -A "$out/tmp")" ]; then pass cleanup; else
        fail cleanup "left in TMPDIR: $(ls "$out/tmp")"; fi
fi
echo "skiff: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]

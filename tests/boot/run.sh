#!/usr/bin/env bash
# Boot tests: each case boots an image in QEMU with a timeout, captures the
# serial console and checks the expected lines and the guest's exit status.
# Every case runs under TCG; cases marked kvm run again under KVM where it is
# hardware-assisted and are reported as SKIP elsewhere.
# Usage: tests/boot/run.sh [name-filter]   Prints "boot: N passed, ...".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
images=${SKIFF_BUILD:-$root/build}
. "$root/tools/qemu.sh"
out=$images/test/boot
mkdir -p "$out"
filter=${1:-}
TIMEOUT=${BOOT_TIMEOUT:-60}
pass=0 fail=0 skip=0
kvm_ok=$([ "$(skiff_pick_accel)" = kvm ] && echo 1 || echo 0)

# run_one NAME ACCEL MACHINE MEM SMP IMAGE APPEND STATUS [PATTERN...]
# EXTRA (environment) adds QEMU arguments; a PATTERN starting with "!" must
# not appear.
run_one() {
    local name=$1 accel=$2 machine=$3 mem=$4 smp=$5 image=$6 append=$7
    local want=$8 log="$out/$1.$2.log" why=""
    shift 8
    mapfile -t args < <(skiff_qemu_args "$machine" "$accel" "$mem" "$smp")
    # shellcheck disable=SC2086
    timeout "$TIMEOUT" qemu-system-x86_64 "${args[@]}" ${EXTRA:-} \
        -kernel "$images/$image" -append "$append" </dev/null >"$log" 2>&1
    local q=$? got
    got=$(skiff_guest_status $q)
    if [ $q -eq 124 ]; then
        why="timed out after ${TIMEOUT}s"
    elif [ "$got" != "$want" ]; then
        why="exit status $got, expected $want"
    fi
    for p in "$@"; do
        [ -n "$why" ] && break
        if [ "${p#!}" != "$p" ]; then
            grep -qE -- "${p#!}" "$log" && why="unexpected output: ${p#!}"
        else
            grep -qE -- "$p" "$log" || why="missing output: $p"
        fi
    done
    if [ -z "$why" ]; then
        echo "PASS $name [$accel]"
        pass=$((pass + 1))
    else
        echo "FAIL $name [$accel]: $why (log: ${log#$root/})"
        tail -n 15 "$log" | sed 's/^/    | /'
        fail=$((fail + 1))
    fi
}

# t NAME kvm|- MACHINE MEM SMP IMAGE APPEND STATUS PATTERN...
t() {
    local name=$1 kvm=$2
    shift 2
    case $name in *"$filter"*) ;; *) return ;; esac
    run_one "$name" tcg "$@"
    [ "$kvm" = kvm ] || return 0
    if [ "$kvm_ok" = 1 ]; then
        run_one "$name" kvm "$@"
    else
        echo "SKIP $name [kvm]: KVM is not hardware-assisted here"
        skip=$((skip + 1))
    fi
}

READY='boot: ready in [0-9]+ us'
OK=("$READY" 'heap: self-test ok' 'inspect: done' '!FATAL')
PF='FATAL: exception 14 \(#PF page fault\)'

t microvm-acpi kvm microvm 128M 1 skiff.elf "hello world" 0 "${OK[@]}" \
    'boot: protocol pvh' 'boot: command line "hello world"' 'boot: acpi rsdp at 0x'
t microvm-noacpi kvm microvm,acpi=off 128M 1 skiff.elf "" 0 "${OK[@]}" \
    'boot: protocol pvh' '!acpi rsdp'
t q35-pvh kvm q35 256M 1 skiff.elf "q35 args" 0 "${OK[@]}" \
    'boot: protocol pvh, info at 0x21e0' 'boot: command line "q35 args"'
t pc-pvh kvm pc 256M 1 skiff.elf "" 0 "${OK[@]}" 'boot: protocol pvh'
t pc-multiboot - pc 256M 1 skiff-mb.elf "mb one two" 0 "${OK[@]}" \
    'boot: protocol multiboot' 'boot: command line "mb one two"'
t mem-min-2M - microvm 2M 1 skiff.elf "" 0 "${OK[@]}" 'memory: .* 1 MiB ram'
t mem-4G - q35 4G 1 skiff.elf "" 0 "${OK[@]}" 'memory: .* 40[0-9][0-9] MiB ram'
t mem-6G - pc 6G 1 skiff.elf "" 0 "${OK[@]}" 'memory: .* 61[0-9][0-9] MiB ram' \
    'identity map to 0x1c0000000'
t smp2 kvm microvm 128M 2 skiff.elf "" 0 "${OK[@]}"
t smp2-q35 - q35 128M 2 skiff.elf "" 0 "${OK[@]}"
EXTRA="-cpu max" t cpu-max - microvm 128M 1 skiff.elf "" 0 "${OK[@]}" \
    'xcr0 0x[0-9a-f]*7' 'features .*avx'
t exit-status kvm microvm 64M 1 skiff.elf "inspect.exit=7" 7 "$READY"
t sleep kvm microvm 64M 1 skiff.elf "inspect.sleep=30" 0 "${OK[@]}" \
    'sleep: asked 30 ms, slept (3[0-9]|4[0-9])[0-9]{3} us \(timer interrupt\)'
t quiet - microvm 64M 1 skiff.elf "quiet" 0 "$READY" 'heap: self-test ok' 'inspect: done' \
    '!\[ *[0-9]+\.[0-9]{6}\]' '!cpu: '
t timeline - microvm 64M 1 skiff.elf "boot.timeline" 0 "${OK[@]}" \
    'timeline: memory +at +[0-9]+ us' 'time: tsc [0-9]+\.[0-9]+ MHz'
t bad-setting - microvm 64M 1 skiff.elf "log.level=loud" 0 "${OK[@]}" \
    "log.level: bad value 'loud'"
t no-serial - microvm,isa-serial=off 64M 1 skiff.elf "" 0 '!.'
t fault-ud - microvm 64M 1 skiff.elf "inspect.fault=ud" 125 \
    'FATAL: exception 6 \(#UD invalid opcode\)' 'rip 0x[0-9a-f]+ <inspect_fault' \
    'backtrace:' '<kmain\+0x'
t fault-null - microvm 64M 1 skiff.elf "inspect.fault=null" 125 "$PF" \
    'null pointer dereference'
t fault-stack - microvm 64M 1 skiff.elf "inspect.fault=stack" 125 "$PF" \
    'stack guard page: kernel stack overflow' '<recurse\+0x'
t fault-wx - microvm 64M 1 skiff.elf "inspect.fault=wx" 125 "$PF" \
    '\[protection write\]'
t fault-nx - microvm 64M 1 skiff.elf "inspect.fault=nx" 125 "$PF" \
    '\[protection instruction fetch\]'
t fault-div - microvm 64M 1 skiff.elf "inspect.fault=div" 125 \
    'FATAL: exception 0 \(#DE divide error\)'

echo "boot: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

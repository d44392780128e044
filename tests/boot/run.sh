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

# fc_boot_args PROTO IMAGE MEM_MIB APPEND: QEMU arguments that boot IMAGE
# as Firecracker does, by PROTO linux (64-bit boot protocol) or pvh, with
# the stand-in firmware of tests/boot/fcboot/ (microvm only).
fc_boot_args() {
    local dir=$out/fcboot-$1 def
    mkdir -p "$dir"
    if [ "$1" = linux ]; then
        def=KERNEL_ENTRY=$(readelf -h "$2" | awk '/Entry point/ { print $4 }')
    else
        def=PVH_ENTRY=0x$(nm "$2" | awk '$3 == "pvh_entry32" { print $1 }')
    fi
    gcc -c -D"$def" -o "$dir/fw.o" "$root/tests/boot/fcboot/fw.S" &&
        ld -Ttext=0xffff0000 -e 0xffff0000 --oformat binary \
            -o "$dir/fw.bin" "$dir/fw.o" &&
        "$root/tests/boot/fcboot/mkbootdata.py" "$1" "$3" "$4" \
            "$dir/data.bin" "$dir/cmdline.bin" || return 1
    local at=0x7000
    [ "$1" = pvh ] && at=0x6000
    printf '%s\n' -bios "$dir/fw.bin" -device "loader,file=$2" \
        -device "loader,file=$dir/data.bin,addr=$at,force-raw=on" \
        -device "loader,file=$dir/cmdline.bin,addr=0x20000,force-raw=on"
}

# run_one NAME ACCEL MACHINE MEM SMP IMAGE APPEND STATUS [PATTERN...]
# EXTRA (environment) adds QEMU arguments, DEBUG_EXIT=0 leaves isa-debug-exit
# out, TIMEOUT sets the case's time limit; STATUS "timeout" expects the
# guest to still run at the limit (a halt). A PATTERN starting with "!" must
# not appear. IMAGE "fc-linux:FILE" or "fc-pvh:FILE" boots FILE the way
# Firecracker does, by the Linux 64-bit boot protocol or PVH.
run_one() {
    local name=$1 accel=$2 machine=$3 mem=$4 smp=$5 image=$6 append=$7
    local want=$8 log="$out/$1.$2.log" why="" boot
    shift 8
    mapfile -t args < <(skiff_qemu_args "$machine" "$accel" "$mem" "$smp" \
        "${DEBUG_EXIT:-1}")
    if [ "${image#fc-}" != "$image" ]; then
        image=${image#fc-}
        mapfile -t boot < <(fc_boot_args "${image%%:*}" \
            "$images/${image#*:}" "${mem%M}" "$append")
        if [ ${#boot[@]} -eq 0 ]; then
            echo "FAIL $name [$accel]: could not build the stand-in firmware"
            fail=$((fail + 1))
            return
        fi
    else
        boot=(-kernel "$images/$image" -append "$append")
    fi
    # shellcheck disable=SC2086
    timeout "$TIMEOUT" qemu-system-x86_64 "${args[@]}" ${EXTRA:-} \
        "${boot[@]}" </dev/null >"$log" 2>&1
    local q=$? got
    got=$(skiff_guest_status $q)
    if [ "$want" = timeout ]; then
        [ $q -eq 124 ] || why="exit status $got, expected to be still running"
    elif [ $q -eq 124 ]; then
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
    verdict "$name [$accel]" "$why" "$log"
}

# verdict LABEL WHY LOG: PASS when WHY is empty, else FAIL with the log's end.
verdict() {
    if [ -z "$2" ]; then
        echo "PASS $1"
        pass=$((pass + 1))
    else
        echo "FAIL $1: $2 (log: ${3#$root/})"
        tail -n 15 "$3" | sed 's/^/    | /'
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
    'boot: protocol pvh' 'boot: command line "hello world"' 'boot: acpi rsdp at 0x' \
    'hyperv: not detected' '!hyperv: "' 'time: clock tsc, timer lapic'
# Hyper-V enlightenments (drivers/hyperv): QEMU offers them only under a
# hardware KVM built with Hyper-V support (CONFIG_KVM_HYPERV), and QEMU
# 7.2's vmbus-bridge has no devices behind it, so the handshake ends with
# 0 offers. hv_case probes first whether QEMU starts at all with the flags
# and devices (paused, -S: still running after 5 s means accepted) and
# reports SKIP, never PASS, where it does not: on the project machines
# there is no such KVM (no /dev/kvm at all, or kvm_pvm).
HV_CPU="host,-arch-capabilities,hv-relaxed,hv-vpindex,hv-time,hv-synic,hv-stimer"
HV_OK=('hyperv: "Microsoft Hv"' 'hyperv: hypercall page at'
    'hyperv: vmbus version 4\.0 on connection 1, 0 offers'
    'time: clock hyperv-(tsc-page|ref-count), timer hyperv-stimer0')
hv_qemu_accepts() {
    [ "$kvm_ok" = 1 ] || return 1
    # shellcheck disable=SC2086
    timeout 5 qemu-system-x86_64 -machine "$1" -accel kvm -cpu "$HV_CPU" \
        -m 16M -nodefaults -display none -S $2 </dev/null >/dev/null 2>&1
    [ $? -eq 124 ]
}
# hv_case NAME MACHINE DEVICES APPEND PATTERN...
hv_case() {
    local name=$1 machine=$2 devices=$3 append=$4
    shift 4
    case $name in *"$filter"*) ;; *) return ;; esac
    if ! hv_qemu_accepts "$machine" "$devices"; then
        echo "SKIP $name [kvm]: QEMU cannot offer Hyper-V here (needs a hardware KVM with Hyper-V support)"
        skip=$((skip + 1))
        return
    fi
    EXTRA="-cpu $HV_CPU $devices" run_one "$name" kvm "$machine" 128M 1 \
        skiff.elf "$append" 0 "${OK[@]}" "${HV_OK[@]}" "$@"
}
hv_case hyperv-q35 q35 "-device vmbus-bridge" "inspect.sleep=30" \
    'sleep: asked 30 ms, slept [0-9]+ us \(timer interrupt\)'
hv_case hyperv-pc pc "-device vmbus-bridge" "" '!hyperv: synic'
# hyperv-testdev: SynIC delivery driven by the guest (drivers/hyperv/
# testdev.c): a PostMessage echoed into SINT 3's slot and a SignalEvent
# flag in its event slot.
hv_case hyperv-testdev q35 "-device vmbus-bridge -device hyperv-testdev" \
    "hyperv.testdev" 'hyperv: testdev sint 3: message echo and event flag ok'
# ACPI (drivers/acpi): the summary lines on each QEMU machine.
t acpi-microvm - microvm 64M 1 skiff.elf "" 0 "${OK[@]}" \
    'acpi: rsdp at 0x[0-9a-f]+ \(boot info\), rev 2, oem "BOCHS ", xsdt at 0x' \
    'acpi: table FACP at 0x[0-9a-f]+, 268 bytes, rev 5' 'acpi: table DSDT at' \
    'acpi: madt: 1 cpus \(0 x2apic\), lapic 0xfee00000, flags 0x1, 2 ioapics' \
    'acpi: madt: ioapic id 1 at 0xfec10000, gsi base 24' \
    'acpi: fadt: rev 5 hardware-reduced' \
    'acpi: power-off sleep-control mmio 0xfea00200 value 0x34' \
    'acpi: reset mmio 0xfea00202 value 0x42' '!acpi: .*skipped' '!acpi: virtio'
EXTRA="-device virtio-rng-device -device virtio-rng-device" t acpi-microvm-virtio \
    - microvm 64M 1 skiff.elf "" 0 "${OK[@]}" \
    'acpi: virtio-mmio VR23: 512 bytes at 0xfeb02e00, gsi 47, level, active high' \
    'acpi: virtio-mmio VR22: 512 bytes at 0xfeb02c00, gsi 46'
# All 24 transports (with ioapic2): slot 20's _UID is 0x14, MethodOp's byte.
EXTRA="$(printf -- '-device virtio-rng-device %.0s' $(seq 24))" t acpi-microvm-24 \
    - microvm 64M 1 skiff.elf "" 0 "${OK[@]}" \
    'acpi: virtio-mmio VR20: 512 bytes at 0xfeb02800, gsi 44, level, active high' \
    'acpi: virtio-mmio VR00: 512 bytes at 0xfeb00000, gsi 24' '!acpi: DSDT'
t acpi-q35 - q35 128M 2 skiff.elf "" 0 "${OK[@]}" \
    'acpi: rsdp at 0x[0-9a-f]+ \(boot info\), rev 0, oem "BOCHS ", rsdt at' \
    'acpi: table MCFG' 'acpi: madt: 2 cpus' \
    'acpi: madt: isa irq 0 -> gsi 2' 'acpi: madt: isa irq 9 -> gsi 9, level, active high' \
    'acpi: mcfg: segment 0 buses 0-255 at 0xb0000000' \
    'acpi: power-off pm1a io 0x604 value 0x2000' 'acpi: reset io 0xcf9 value 0xf'
t acpi-pc - pc 128M 1 skiff.elf "" 0 "${OK[@]}" \
    'acpi: rsdp at 0x[0-9a-f]+ \(boot info\), rev 0, oem "BOCHS ", rsdt at' \
    'acpi: table FACP at 0x[0-9a-f]+, 116 bytes, rev 1' \
    'acpi: power-off pm1a io 0x604 value 0x2000' 'acpi: reset none' '!acpi: table MCFG'
t acpi-none - microvm,acpi=off 64M 1 skiff.elf "" 0 "${OK[@]}" \
    'acpi: no rsdp found' '!acpi: table'
# Multiboot gives no RSDP pointer: found by scanning 0xE0000-0xFFFFF.
t acpi-scan - pc 128M 1 skiff-mb.elf "" 0 "${OK[@]}" \
    'acpi: rsdp at 0xf[0-9a-f]+ \(bios area\), rev 0'
# A corrupt table (an MCFG of 45 bytes, added with -acpitable, which fixes
# the checksum): a warning naming the field, and the boot goes on.
printf 'MCFG\x2d\0\0\0\x01\0BOCHS TESTTEST\0\0\0\0TEST\0\0\0\0\0\0\0\0\0\0\0\0\0' \
    >"$out/bad-mcfg.bin"
EXTRA="-acpitable file=$out/bad-mcfg.bin" t acpi-bad-mcfg - pc 128M 1 skiff.elf \
    "" 0 "${OK[@]}" 'acpi: table MCFG at 0x[0-9a-f]+, 45 bytes' \
    'acpi: MCFG: length \(offset 4\) 45 is not 44 \+ 16 \* n' '!acpi: mcfg:' \
    'acpi: power-off pm1a'
# Tables shaped like Firecracker's (at 0xE0000, PVH rsdp_paddr 0) and
# cloud-hypervisor's (x2APIC MADT, MCFG per segment, I/O 0x600; here in the
# EBDA), from tests/unit/acpi_machines.h, loaded into a Firecracker-like
# boot. Without isa-debug-exit: Firecracker's FADT offers no power-off, so
# the i8042 reset ends the VM; cloud-hypervisor's port 0x600 does nothing
# on QEMU, so each ACPI method is tried before the i8042 reset.
if gcc -I"$root" -I"$root/include" -o "$out/gen_acpi" \
    "$root/tests/fuzz/gen_acpi_seeds.c" &&
    "$out/gen_acpi" --blob fc 0xe0000 "$out/acpi-fc.bin" &&
    "$out/gen_acpi" --blob ch 0x9fc00 "$out/acpi-ch.bin"; then
    DEBUG_EXIT=0 EXTRA="-device loader,file=$out/acpi-fc.bin,addr=0xe0000,force-raw=on" \
        t acpi-fc-tables - microvm,acpi=off 64M 1 fc-pvh:skiff.elf "" 0 "${OK[@]}" \
        'acpi: rsdp at 0xe0000 \(bios area\), rev 2' \
        'acpi: madt: 2 cpus \(0 x2apic\), lapic 0xfee00000, flags 0x0' \
        'acpi: mcfg: segment 0 buses 0-0 at 0xeec00000' \
        'acpi: fadt: rev 6 hardware-reduced, flags 0x100030' \
        'acpi: virtio-mmio VR00: 4096 bytes at 0xc0001000, gsi 5, edge, active high' \
        'acpi: virtio-mmio VR02: 4096 bytes at 0xc0003000, gsi 7' \
        'acpi: power-off none' 'acpi: reset none' '!acpi: powering off'
    DEBUG_EXIT=0 EXTRA="-device loader,file=$out/acpi-ch.bin,addr=0x9fc00,force-raw=on" \
        t acpi-ch-tables - microvm,acpi=off 64M 1 fc-pvh:skiff.elf "" 0 "${OK[@]}" \
        'acpi: rsdp at 0x9fc00 \(ebda\), rev 2' \
        'acpi: madt: 2 cpus \(2 x2apic\), lapic 0xfee00000, flags 0x0, 1 ioapics, 1 overrides' \
        'acpi: madt: isa irq 4 -> gsi 4' 'acpi: mcfg: segment 1 buses 0-0 at 0xe8100000' \
        'acpi: fadt: rev 6 hardware-reduced, flags 0x100500, sci irq 0, CLOUDHYP' \
        'acpi: power-off sleep-control io 0x600 value 0x34' \
        'acpi: reset io 0x600 value 0x1' 'acpi: powering off' 'acpi: resetting'
    # Firecracker's Linux boot: boot_params.acpi_rsdp_addr = 0xE0000.
    BOOTDATA_RSDP=0xe0000 EXTRA="-device loader,file=$out/acpi-fc.bin,addr=0xe0000,force-raw=on" \
        t acpi-fc-linux - microvm,acpi=off 64M 1 fc-linux:skiff.elf "" 0 "${OK[@]}" \
        'boot: protocol linux' 'acpi: rsdp at 0xe0000 \(boot info\), rev 2' \
        'acpi: virtio-mmio VR01: 4096 bytes at 0xc0002000, gsi 6, edge'
else
    echo "FAIL acpi-fc-tables, acpi-ch-tables: could not build the tables"
    fail=$((fail + 1))
fi
# ACPI power-off without isa-debug-exit makes QEMU exit (status lost: 0).
DEBUG_EXIT=0 t acpi-off-microvm - microvm 64M 1 skiff.elf "inspect.exit=4" 0 \
    "${OK[@]}" 'acpi: powering off' '!halting'
DEBUG_EXIT=0 t acpi-off-pc - pc 64M 1 skiff.elf "inspect.exit=4" 0 \
    "${OK[@]}" 'acpi: powering off' '!halting'
DEBUG_EXIT=0 t acpi-reset-q35 - q35 64M 1 skiff.elf "shutdown.fallback=reset" 0 \
    "${OK[@]}" 'acpi: resetting' '!acpi: powering off' '!halting'
DEBUG_EXIT=0 TIMEOUT=5 t acpi-off-halt - microvm 64M 1 skiff.elf \
    "shutdown.fallback=halt inspect.exit=4" timeout "${OK[@]}" \
    '!acpi: powering off' 'halting with exit status 4'
t microvm-noacpi kvm microvm,acpi=off 128M 1 skiff.elf "" 0 "${OK[@]}" \
    'boot: protocol pvh' '!acpi rsdp'
t q35-pvh kvm q35 256M 1 skiff.elf "q35 args" 0 "${OK[@]}" \
    'boot: protocol pvh, info at 0x21e0' 'boot: command line "q35 args"'
t pc-pvh kvm pc 256M 1 skiff.elf "" 0 "${OK[@]}" 'boot: protocol pvh'
t linux-boot kvm microvm,acpi=off 128M 1 fc-linux:skiff.elf \
    "log.level=info -- x y" 0 "${OK[@]}" 'boot: protocol linux, info at 0x7000' \
    'boot: hints firecracker-layout' \
    'boot: command line "log.level=info -- x y"' 'app: argc 3 \[inspect\] \[x\] \[y\]' \
    'memory: 3 map entries, 127 MiB ram' '!param:'
t linux-boot-fault - microvm,acpi=off 64M 1 fc-linux:skiff.elf \
    "inspect.fault=null" 125 "$PF" 'null pointer dereference' '<kmain\+0x'
BOOTDATA_CORRUPT=magic t linux-boot-bad-magic - microvm,acpi=off 64M 1 \
    fc-linux:skiff.elf "" 125 'boot: linux: header 0x0 != 0x53726448' \
    "boot: reading the loader's boot information failed" "!$READY"
BOOTDATA_CORRUPT=count t linux-boot-bad-e820 - microvm,acpi=off 64M 1 \
    fc-linux:skiff.elf "" 125 'boot: linux: e820_entries 200' "!$READY"
t fc-pvh kvm microvm,acpi=off 128M 1 fc-pvh:skiff.elf "-- p q" 0 "${OK[@]}" \
    'boot: protocol pvh, info at 0x6000' 'boot: hints firecracker-layout' 'app: argc 3 \[inspect\] \[p\] \[q\]' \
    'memory: 3 map entries, 127 MiB ram' '!acpi rsdp'
BOOTDATA_CORRUPT=magic t fc-pvh-bad-magic - microvm,acpi=off 64M 1 \
    fc-pvh:skiff.elf "" 125 'boot: pvh: magic 0xdeadbeef != 0x336ec578' \
    "!$READY"
BOOTDATA_CORRUPT=count t fc-pvh-bad-count - microvm,acpi=off 64M 1 \
    fc-pvh:skiff.elf "" 125 'boot: pvh: memmap_entries 2147483647' "!$READY"
# Without isa-debug-exit: Firecracker's layout resets (QEMU -no-reboot then
# exits 0), elsewhere Skiff halts and says so, unless shutdown.fallback.
DEBUG_EXIT=0 t shutdown-fc-reset - microvm,acpi=off 64M 1 fc-pvh:skiff.elf \
    "" 0 "${OK[@]}" '!halting'
DEBUG_EXIT=0 TIMEOUT=5 t shutdown-halt - microvm,acpi=off 64M 1 skiff.elf \
    "inspect.exit=4" timeout "${OK[@]}" \
    'shutdown: no power-off device answered; halting with exit status 4'
DEBUG_EXIT=0 t shutdown-reset-param - pc 64M 1 skiff.elf \
    "shutdown.fallback=reset" 0 "${OK[@]}" '!halting'
t pc-multiboot - pc 256M 1 skiff-mb.elf "mb one two" 0 "${OK[@]}" \
    'boot: protocol multiboot' 'boot: command line "mb one two"'
# The minimum moved from 1280K with the ACPI module (about 16 KiB of code
# and data) and the virtio drivers (about 21 KiB), then to 1472K with the
# system-call layer and file system (about 40 KiB of code, 50 KiB of
# buffers), then to 1488K with Hyper-V support (its hypercall page, a
# page of text, and about 10 KiB of code and strings), then to 1496K with
# VMBus channels and the heartbeat (about 6 KiB of code; the gcc image is
# then left exactly the 32 KiB of free page frames the heap self-test
# needs). With 1280K the image loads but its .bss does not fit.
t mem-min-1496K - microvm 1496K 1 skiff.elf "" 0 "${OK[@]}" 'memory: .* [01] MiB ram'
t mem-too-small - microvm 1280K 1 skiff.elf "" 125 \
    'skiff: not enough memory: the image does not fit in RAM' "!$READY"
t mem-4G - q35 4G 1 skiff.elf "" 0 "${OK[@]}" 'memory: .* 40[0-9][0-9] MiB ram'
t mem-6G - pc 6G 1 skiff.elf "" 0 "${OK[@]}" 'memory: .* 61[0-9][0-9] MiB ram' \
    'identity map to 0x1c0000000'
t smp2 kvm microvm 128M 2 skiff.elf "" 0 "${OK[@]}"
t smp2-q35 - q35 128M 2 skiff.elf "" 0 "${OK[@]}"
EXTRA="-cpu max" t cpu-max - microvm 128M 1 skiff.elf "" 0 "${OK[@]}" \
    'xcr0 0x[0-9a-f]*7' 'features .*avx'
t exit-status kvm microvm 64M 1 skiff.elf "inspect.exit=7" 7 "$READY"
t sleep kvm microvm 64M 1 skiff.elf "inspect.sleep=30" 0 "${OK[@]}" \
    'sleep: asked 30 ms, slept (3[0-9]|[4-9][0-9]|1[0-9][0-9])[0-9]{3} us \(timer interrupt\)'
t quiet - microvm 64M 1 skiff.elf "log.quiet" 0 "$READY" 'heap: self-test ok' \
    'inspect: done' '!\[ *[0-9]+\.[0-9]{6}\]' '!cpu: '
t timeline - microvm 64M 1 skiff.elf "boot.timeline" 0 "${OK[@]}" \
    'timeline: memory +at +[0-9]+ us' 'time: tsc [0-9]+\.[0-9]+ MHz'

# Command-line parameters (lib/param): values change behaviour, mistakes
# are reported, strict mode fails the boot, help prints the table.
t param-argv - microvm 64M 1 skiff.elf "hello world" 0 "${OK[@]}" \
    'app: argc 3 \[inspect\] \[hello\] \[world\]'
t param-separator - microvm 64M 1 skiff.elf "log.level=debug -- a --b" 0 \
    "${OK[@]}" 'app: argc 3 \[inspect\] \[a\] \[--b\]' 'timeline: clock'
t param-level-error - microvm 64M 1 skiff.elf "log.level=error inspect.sleep=x" \
    0 "$READY" "param: inspect.sleep: value 'x' invalid" '!timeline'
t param-bad-value - microvm 64M 1 skiff.elf "log.level=loud inspect.exit=300" 0 \
    "${OK[@]}" "param: log.level: value 'loud' invalid \(expected one of: none error" \
    "param: inspect.exit: value '300' out of range"
t param-typo - microvm 64M 1 skiff.elf "inspect.slep=5 -- x" 0 "${OK[@]}" \
    "unknown parameter 'inspect.slep'; did you mean 'inspect.sleep'"
t param-strict - microvm 64M 1 skiff.elf "param.strict inspect.sleep=x" 64 \
    "param: strict mode: 1 errors and 0 warnings" "!$READY"
t param-strict-clean - microvm 64M 1 skiff.elf "param.strict=on inspect.exit=3" \
    3 "$READY"
t param-help - microvm 64M 1 skiff.elf "help" 0 \
    'log\.level +enum +info +info +kernel messages' 'param\.strict +bool' \
    "!$READY"
EXTRA="-device virtio-rng-device" t param-mmio-trailing - \
    microvm,acpi=off 64M 1 skiff.elf "-- a b" 0 "${OK[@]}" \
    'boot: command line "-- a b virtio_mmio.device=512@0xfeb00e00:12"' \
    'app: argc 3 \[inspect\] \[a\] \[b\]' \
    'virtio-mmio: 0xfeb00e00 irq 12 v1 rng'
t console-none - microvm 64M 1 skiff.elf "console.serial=none inspect.exit=5" \
    5 '!.'
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

. "$root/tests/boot/virtio.sh"
. "$root/tests/boot/pci.sh"

. "$root/tests/boot/apps.sh"
. "$root/tests/boot/wasm.sh"

# RDRAND seeds the entropy pool where the CPU has it (TCG's -cpu max).
EXTRA="-cpu max" t entropy-rdrand - microvm 64M 1 skiff.elf "" 0 "${OK[@]}" \
    'entropy: pool credited [0-9]+ bytes, last from rdrand'
t entropy-tsc - microvm 64M 1 skiff.elf "" 0 "${OK[@]}" \
    'entropy: pool credited [0-9]+ bytes, last from tsc'

# The README's first command: make run boots the default application and
# reports the guest's exit status; tools/run.sh, which it calls, returns it.
if [ -z "$filter" ] || [ "$filter" = make-run ]; then
    log=$out/make-run.log
    timeout "$TIMEOUT" make -s -C "$root" run BUILD="$images" \
        APPEND="inspect.exit=3" </dev/null >"$log" 2>&1
    timeout "$TIMEOUT" "$root/tools/run.sh" --image "$images/skiff.elf" \
        --append "inspect.exit=3" </dev/null >>"$log" 2>&1
    rc=$? why=
    if [ $rc -ne 3 ]; then
        why="exit status $rc, expected 3"
    elif ! grep -q 'inspect: done' "$log" || ! grep -qE "$READY" "$log"; then
        why="missing output"
    elif [ "$(grep -c 'run: guest exit status 3' "$log")" -ne 2 ]; then
        why="no 'run: guest exit status 3' from both commands"
    fi
    verdict make-run "$why" "$log"
    # QEMU failing by itself must not pass for a guest that exited 0.
    log=$out/run-qemu-error.log
    timeout "$TIMEOUT" "$root/tools/run.sh" --image "$images/skiff.elf" \
        --machine microvm,no-such-option=on </dev/null >"$log" 2>&1
    rc=$? why=
    [ $rc -eq 255 ] || why="exit status $rc, expected 255"
    grep -q 'run: QEMU failed' "$log" || why="${why:-no 'run: QEMU failed'}"
    verdict run-qemu-error "$why" "$log"
fi

echo "boot: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

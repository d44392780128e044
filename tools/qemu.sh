# Shared by tools/run.sh, tests/boot/run.sh and bench/: how Skiff talks to
# QEMU. Source it; it defines functions only.

# Print "kvm" when KVM is usable and hardware-assisted, else "tcg".
# kvm_pvm (the project machines' nested KVM) runs guest kernel code through
# an instruction emulator: slower than TCG and broken on ldmxcsr, xgetbv,
# xrstor, so it counts as absent.
skiff_pick_accel() {
    if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
        echo tcg; return
    fi
    if [ -d /sys/module/kvm_pvm ] || grep -qs '^kvm_pvm ' /proc/modules; then
        echo tcg; return
    fi
    if ! grep -qsE '^flags.*\b(vmx|svm)\b' /proc/cpuinfo; then
        echo tcg; return
    fi
    echo kvm
}

# Why skiff_pick_accel said tcg, for the one-line notice.
skiff_accel_reason() {
    if [ ! -e /dev/kvm ]; then echo "no /dev/kvm"
    elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then echo "/dev/kvm not accessible"
    elif [ -d /sys/module/kvm_pvm ] || grep -qs '^kvm_pvm ' /proc/modules; then
        echo "/dev/kvm is kvm_pvm (nested, emulated: slower than TCG)"
    else echo "no hardware virtualisation flag (vmx/svm)"; fi
}

# skiff_qemu_args MACHINE ACCEL MEM SMP [DEBUG_EXIT]: the QEMU command line
# (one word a line) for Skiff with the serial console on stdio and, unless
# DEBUG_EXIT is 0, isa-debug-exit. MACHINE may carry options:
# "microvm,acpi=off".
skiff_qemu_args() {
    local machine=$1 accel=$2 mem=$3 smp=$4 cpu=qemu64
    [ "$accel" = kvm ] && cpu=host,-arch-capabilities
    printf '%s\n' -machine "$machine" -accel "$accel" -cpu "$cpu" \
        -m "$mem" -smp "$smp" -nodefaults -nographic -no-reboot \
        -serial stdio
    [ "${5:-1}" = 0 ] || printf '%s\n' -device isa-debug-exit,iobase=0xf4,iosize=4
}

# Map QEMU's exit status to the guest's. Skiff writes status + 1 to
# isa-debug-exit, so QEMU exits with ((status + 1) << 1) | 1 >= 3; 1 is QEMU
# failing by itself (bad option, no KVM), printed as "qemu-error"; 0 means
# the guest reset or powered off without isa-debug-exit; 124 is timeout(1).
skiff_guest_status() {
    local q=$1
    if [ "$q" -eq 1 ]; then echo qemu-error
    elif [ "$q" -eq 124 ]; then echo timeout
    elif [ $((q & 1)) -eq 1 ]; then echo $(((q >> 1) - 1))
    else echo "$q"; fi
}

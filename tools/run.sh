#!/usr/bin/env bash
# Boot a Skiff image on QEMU with the console on this terminal and exit with
# the guest's exit status. Used by `make run`; every option has a default.
#   --machine microvm|q35|pc[,opts]  --accel kvm|tcg (default: auto)
#   --mem 128M  --smp 1  --append "kernel command line"  --image build/skiff.elf
#   --qemu "more QEMU arguments" (devices, drives; split at blanks)
#   --initrd FILE (a cpio newc archive: the application's root file system)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/qemu.sh"
machine=microvm accel= mem= smp= append= image=build/skiff.elf qemu= initrd=
while [ $# -gt 0 ]; do
    case $1 in
    --machine) machine=$2 ;;
    --accel) accel=$2 ;;
    --mem) mem=$2 ;;
    --smp) smp=$2 ;;
    --append) append=$2 ;;
    --image) image=$2 ;;
    --qemu) qemu=$2 ;;
    --initrd) initrd=$2 ;;
    *) echo "run: unknown option $1" >&2; exit 2 ;;
    esac
    shift 2 || { echo "run: $1 needs a value" >&2; exit 2; }
done
mem=${mem:-128M} smp=${smp:-1}
case ${machine%%,*} in
microvm | q35 | pc) ;;
*) echo "run: MACHINE must be microvm, q35 or pc (got '$machine')" >&2; exit 2 ;;
esac
case $accel in
"")
    accel=$(skiff_pick_accel)
    [ "$accel" = tcg ] && echo "run: using TCG: $(skiff_accel_reason)" >&2 ;;
kvm | tcg) ;;
*) echo "run: ACCEL must be kvm or tcg (got '$accel')" >&2; exit 2 ;;
esac
[ -f "$image" ] || { echo "run: no image $image (run make first)" >&2; exit 2; }
mapfile -t args < <(skiff_qemu_args "$machine" "$accel" "$mem" "$smp")
if [ -n "$initrd" ]; then
    [ -f "$initrd" ] || { echo "run: no initrd $initrd" >&2; exit 2; }
    args+=(-initrd "$initrd")
fi
# shellcheck disable=SC2086 # --qemu is a list of arguments
qemu-system-x86_64 "${args[@]}" $qemu -kernel "$image" -append "$append"
status=$(skiff_guest_status $?)
if [ "$status" = qemu-error ]; then
    echo "run: QEMU failed (see its message above); exit status 255" >&2
    exit 255
fi
# make turns any failure into its own status 2, so say the guest's here.
[ "$status" -eq 0 ] || echo "run: guest exit status $status" >&2
exit "$status"

# Boot cases for virtio over MMIO, sourced by tests/boot/run.sh (which
# defines t, run_one, verdict, OK, $out). Devices on QEMU microvm: legacy
# (version 1, the default) and modern (force-legacy=false); a Firecracker
# command line written by hand; the Firecracker boot contract through the
# stand-in firmware; block writes checked in the disk image afterwards; ARP
# and ping answered to a peer on the host (tests/boot/netpeer.py).

# mkdisk NAME: a 1 MiB raw image whose sector 0 starts "SKIFFDISK".
mkdisk() {
    python3 -c "import sys
b = bytearray(1 << 20); b[0:16] = b'SKIFFDISK0123456'
open(sys.argv[1], 'wb').write(b)" "$out/$1.img"
    echo "$out/$1.img"
}

# disk_has NAME IMG SECTOR: the pattern inspect.blk_write left in IMG.
disk_has() {
    local why=
    case $1 in *"$filter"*) ;; *) return ;; esac
    dd if="$2" bs=512 skip="$3" count=1 2>/dev/null | grep -qa \
        "skiff blk test $3" || why="sector $3 of the image lacks the pattern"
    verdict "$1 [image]" "$why" "$out/$1.tcg.log"
}

VIO_LIST='virtio-mmio: 0x[0-9a-f]+ irq [0-9]+ v'
BLK7='-device virtio-blk-device,drive=d0 -device virtio-rng-device'

if [ -z "$filter" ] || [ "${filter#virtio}" != "$filter" ]; then
    img=$(mkdisk virtio-v1)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-v1 kvm microvm,acpi=off 128M 1 skiff.elf \
        "inspect.blk_write=5" 0 "${OK[@]}" \
        'virtio-mmio: 0xfeb00e00 irq 12 v1 blk features 0x[0-9a-f]+' \
        'virtio-mmio: 0xfeb00c00 irq 11 v1 rng features' \
        'virtio-blk0: 2048 sectors \(1024 KiB\), block size 512, read-write' \
        'blk0: sector 0: 53 4b 49 46 46 44 49 53 4b .*\|SKIFFDISK' \
        'blk0: wrote sector 5: ok' 'rng: 16 bytes' \
        'entropy pool credited [0-9]+ bytes, last from virtio-rng' '!ERR|error'
    disk_has virtio-v1 "$img" 5

    img=$(mkdisk virtio-v2)
    EXTRA="-global virtio-mmio.force-legacy=false \
        -drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-v2 kvm microvm,acpi=off 128M 1 skiff.elf \
        "inspect.blk_write=7" 0 "${OK[@]}" \
        'virtio-mmio: 0xfeb00e00 irq 12 v2 blk features 0x1[0-9a-f]{8}' \
        'virtio-mmio: 0xfeb00c00 irq 11 v2 rng' 'blk0: wrote sector 7: ok'
    disk_has virtio-v2 "$img" 7

    img=$(mkdisk virtio-ro)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0,readonly=on \
        -device virtio-blk-device,drive=d0" \
        t virtio-read-only - microvm,acpi=off 64M 1 skiff.elf \
        "inspect.blk_write=1" 0 "${OK[@]}" 'block size 512, read-only' \
        'blk0: read-only; a write is refused \(-1\)'

    # Firecracker's form: 4 KiB windows and its default Linux arguments
    # before "--", written by hand (auto-kernel-cmdline=off); bad entries
    # are reported one by one while the good ones come up.
    img=$(mkdisk virtio-fc-cmdline)
    fcargs="reboot=k panic=1 nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux"
    fcargs="$fcargs i8042.dumbkbd swiotlb=noforce"
    EXTRA="-global virtio-mmio.force-legacy=false \
        -drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-fc-cmdline - microvm,acpi=off,auto-kernel-cmdline=off 128M 1 \
        skiff.elf "$fcargs virtio_mmio.device=4K@0xfeb00e00:12 \
virtio_mmio.device=512@0xfeb00c00:11 virtio_mmio.device=4K@0xfeb00e00:0 \
virtio_mmio.device=0x80@0xfeb00a00:10 virtio_mmio.device=512@0x1000000:9 \
virtio_mmio.device=512@0xfeb00f00:13 virtio_mmio.device=512@0xfeb00800:9 \
virtio_mmio.device=512@0xfea00000:7 virtio_mmio.device=1K@0xfeb00000:5x \
-- fc args" 0 "${OK[@]}" 'app: argc 3 \[inspect\] \[fc\] \[args\]' \
        'virtio-mmio: 0xfeb00e00 irq 12 v2 blk' 'virtio-mmio: 0xfeb00c00 irq 11 v2 rng' \
        "device 2 '4K@0xfeb00e00:0': .*irq 0" \
        "device 3 '0x80@0xfeb00a00:10': window of 128 bytes is smaller" \
        "device 4 '512@0x1000000:9': base 0x1000000 is not mapped as MMIO: it is memory" \
        "device 5 '512@0xfeb00f00:13': window overlaps the device at 0xfeb00e00" \
        "device 7 '512@0xfea00000:7': magic 0x[0-9a-f]+ is not 0x74726976" \
        "device 8 '1K@0xfeb00000:5x': .*trailing 'x'" '!device 6' \
        'virtio: 2 devices working' 'param: 8 Linux parameters ignored' \
        '!unknown parameter'

    # The Firecracker boot contract (tests/boot/fcboot): its exact device
    # tokens and default arguments, both entry protocols, and its shutdown
    # (i8042 reset, no isa-debug-exit).
    for proto in pvh linux; do
        img=$(mkdisk "virtio-fc-$proto")
        DEBUG_EXIT=0 EXTRA="-global virtio-mmio.force-legacy=false \
            -drive file=$img,format=raw,if=none,id=d0 $BLK7" \
            t "virtio-fc-$proto" - microvm,acpi=off 128M 1 \
            "fc-$proto:skiff.elf" "$fcargs \
virtio_mmio.device=4K@0xfeb00e00:12 virtio_mmio.device=512@0xfeb00c00:11 \
inspect.blk_write=2 -- fc" 0 "${OK[@]}" 'boot: hints .*firecracker-layout' \
            'virtio-mmio: 0xfeb00e00 irq 12 v2 blk' 'blk0: wrote sector 2: ok' \
            'virtio-mmio: 0xfeb00c00 irq 11 v2 rng' '!halting' \
            'param: 8 Linux parameters ignored' '!unknown parameter'
        disk_has "virtio-fc-$proto" "$img" 2
    done

    # virtio-console becomes a second console: the same lines reach a file.
    rm -f "$out/virtio-console.txt"
    EXTRA="-device virtio-serial-device -chardev \
        file,id=c0,path=$out/virtio-console.txt -device virtconsole,chardev=c0" \
        t virtio-console - microvm,acpi=off 64M 1 skiff.elf "" 0 "${OK[@]}" \
        'virtio-mmio: 0xfeb00e00 irq 12 v1 console' \
        'virtio-console: console output also goes here'
    case virtio-console in *"$filter"*)
        why=
        grep -q 'inspect: done' "$out/virtio-console.txt" 2>/dev/null ||
            why="the virtio console got no 'inspect: done'"
        verdict "virtio-console [file]" "$why" "$out/virtio-console.tcg.log" ;;
    esac

    # Firecracker's layout uses edge-triggered lines; microvm's are level.
    # Both must deliver: a wrong trigger shows as "polling from now on".
    img=$(mkdisk virtio-edge)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-trigger-edge - microvm,acpi=off 64M 1 skiff.elf \
        "virtio_mmio.trigger=edge inspect.blk_write=3" 0 "${OK[@]}" \
        'blk0: wrote sector 3: ok' '!polling'

    # ARP and ping through virtio-net, from a peer on QEMU's UDP netdev.
    if [ -z "$filter" ] || [ "virtio-net" = "${filter:0:10}" ] ||
        [ "$filter" = virtio ]; then
        port=$((20000 + RANDOM % 20000))
        python3 "$root/tests/boot/netpeer.py" "$port" $((port + 1)) \
            10.0.2.15 3 "$TIMEOUT" >"$out/virtio-net.peer.log" 2>&1 &
        peer=$!
        EXTRA="-netdev socket,id=n0,udp=127.0.0.1:$port,localaddr=127.0.0.1:$((port + 1)) \
            -device virtio-net-device,netdev=n0" \
            t virtio-net - microvm,acpi=off 64M 1 skiff.elf \
            "inspect.ip=10.0.2.15 inspect.pings=3" 0 "${OK[@]}" \
            'virtio-mmio: 0xfeb00e00 irq 12 v1 net' \
            'virtio-net0: mac 52:54:00:12:34:56, link up, 32 receive buffers' \
            'net: answered [0-9]+ ARP and 3 ping'
        why=
        wait "$peer" || why="the host peer saw wrong or missing replies"
        verdict "virtio-net [peer]" "$why" "$out/virtio-net.peer.log"
    fi
fi

# QEMU microvm with ACPI on (the default) appends no entries: the devices
# come from the DSDT, on the second IOAPIC (GSI 24-47). The explicit
# fallback, virtio_mmio.probe=microvm, is tried with neither entries nor
# ACPI, and without it nothing is probed.
if [ -z "$filter" ] || [ "${filter#virtio}" != "$filter" ]; then
    img=$(mkdisk virtio-acpi)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-acpi kvm microvm 128M 1 skiff.elf "inspect.blk_write=4" 0 \
        "${OK[@]}" 'acpi: virtio-mmio VR23: 512 bytes at 0xfeb02e00, gsi 47' \
        'virtio-mmio: 0xfeb02e00 irq 47 v1 blk' \
        'virtio-mmio: 0xfeb02c00 irq 46 v1 rng' 'blk0: wrote sector 4: ok' \
        '!polling'
    disk_has virtio-acpi "$img" 4

    img=$(mkdisk virtio-probe)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-probe - microvm,acpi=off,auto-kernel-cmdline=off 64M 1 \
        skiff.elf "virtio_mmio.probe=microvm" 0 "${OK[@]}" \
        'probing the 24 QEMU microvm slots' \
        'virtio-mmio: 0xfeb00e00 irq 0 v1 blk' 'blk0: sector 0: 53 4b' \
        'rng: 16 bytes'
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 $BLK7" \
        t virtio-none - microvm,acpi=off,auto-kernel-cmdline=off 64M 1 \
        skiff.elf "" 0 "${OK[@]}" 'virtio: 0 devices working' '!probing'
fi

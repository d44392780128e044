# Boot cases for PCI (drivers/pci) and virtio over PCI, sourced by
# tests/boot/run.sh after virtio.sh (which defines mkdisk and disk_has).
# q35 and pc with virtio-blk/net/rng over PCI; devices behind pci-bridge,
# pcie-root-port and a three-level PCIe switch; a multi-function device;
# legacy-only and modern-only virtio; microvm pcie=on (Skiff assigns the
# bus numbers and BARs, also through a three-level switch); a link change
# of virtio-net through QEMU's monitor; a cloud-hypervisor-like microvm (hardware-reduced
# ACPI, no 8259/PIT/RTC, modern-only virtio with MSI-X, power-off through
# the ACPI sleep control register); vmxnet3 and pvscsi named in the listing.

PCI_LINE='pci: [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7] [0-9a-f]{4}:[0-9a-f]{4} '
RNGPCI='-device virtio-rng-pci'

if [ -z "$filter" ] || [ "${filter#pci}" != "$filter" ]; then
    # q35: transitional devices on pcie.0 (driven as modern, MSI-X), a
    # virtio-net behind a conventional pci-bridge answering a host peer.
    img=$(mkdisk pci-q35)
    port=$((20000 + RANDOM % 20000))
    case pci-q35 in *"$filter"*)
        python3 "$root/tests/boot/netpeer.py" "$port" $((port + 1)) \
            10.0.2.15 3 "$TIMEOUT" >"$out/pci-q35.peer.log" 2>&1 &
        peer=$! ;;
    *) peer= ;;
    esac
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0 $RNGPCI \
        -device pci-bridge,chassis_nr=1,id=br1 \
        -netdev socket,id=n0,udp=127.0.0.1:$port,localaddr=127.0.0.1:$((port + 1)) \
        -device virtio-net-pci,netdev=n0,bus=br1,addr=3" \
        t pci-q35 - q35 128M 1 skiff.elf \
        "inspect.blk_write=5 inspect.ip=10.0.2.15 inspect.pings=3" 0 "${OK[@]}" \
        'pci: 0000:00:00.0 8086:29c0 0600 host bridge: Intel Q35 host bridge' \
        'pci: 0000:00:01.0 1af4:1001 0100 SCSI storage: virtio-blk \(transitional\) \[msi-x\]' \
        'pci: 0000:00:03.0 1b36:0001 0604 PCI bridge: QEMU PCI bridge \[bus 01-01\]' \
        'pci: 0000:01:03.0 1af4:1000 0200 ethernet: virtio-net \(transitional\)' \
        'pci: [0-9]+ function\(s\) on 2 bus\(es\), ECAM access' \
        'virtio-pci: 0000:00:01.0 irq [0-9]+ v2 blk features' \
        'virtio-pci: 0000:01:03.0 irq [0-9]+ v2 net' \
        'blk0: wrote sector 5: ok' 'rng: 16 bytes' \
        'net: answered [0-9]+ ARP and 3 ping' '!completions without an interrupt' \
        '!ERR|error'
    disk_has pci-q35 "$img" 5
    if [ -n "$peer" ]; then
        why=
        wait "$peer" || why="the host peer saw wrong or missing replies"
        verdict "pci-q35 [peer]" "$why" "$out/pci-q35.peer.log"
    fi

    # pc: legacy-only virtio (I/O BAR0, MSI-X through the legacy vector
    # registers, configuration at 0x18), a modern-only one (MSI-X), the
    # VMware devices named.
    img=$(mkdisk pci-pc-legacy)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0,disable-modern=on \
        -device virtio-rng-pci,disable-modern=on \
        -device virtio-rng-pci,disable-legacy=on \
        -device vmxnet3,netdev=n0 -netdev user,id=n0 -device pvscsi" \
        t pci-pc-legacy - pc 128M 1 skiff.elf \
        "inspect.blk_write=3 log.level=debug" 0 "${OK[@]}" \
        'pci: 0000:00:00.0 8086:1237 0600 host bridge: Intel 440FX host bridge' \
        "${PCI_LINE}0200 ethernet: VMware vmxnet3" \
        "${PCI_LINE}0100 SCSI storage: VMware pvscsi" \
        'pci: [0-9]+ function\(s\) on 1 bus\(es\), port I/O access' \
        'virtio-pci: 0000:00:02.0 irq [0-9]+ v1 blk' \
        'virtio-pci: 0000:00:02.0: configuration changes on MSI-X entry 1' \
        'virtio-pci: 0000:00:03.0 irq [0-9]+ v1 rng' \
        'virtio-pci: 0000:00:04.0 irq [0-9]+ v2 rng' \
        'blk0: wrote sector 3: ok' '!completions without an interrupt' \
        'vmware: cpuid other, backdoor version 6 product 2' \
        '!ERR|error'
    disk_has pci-pc-legacy "$img" 3

    # q35: modern-only devices behind a root port and a three-level PCIe
    # switch (root port, upstream, downstream), and a multi-function device.
    img=$(mkdisk pci-switch)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device pcie-root-port,chassis=1,id=rp1 \
        -device x3130-upstream,bus=rp1,id=up1 \
        -device xio3130-downstream,bus=up1,chassis=2,id=dn1 \
        -device virtio-blk-pci,drive=d0,bus=dn1 \
        -device pcie-root-port,chassis=3,id=rp2 $RNGPCI,bus=rp2 \
        -device virtio-rng-pci,addr=6.0,multifunction=on \
        -device virtio-rng-pci,addr=6.1 -device virtio-rng-pci,addr=6.3" \
        t pci-switch - q35 128M 1 skiff.elf "inspect.blk_write=9" 0 \
        "${OK[@]}" \
        'pci: 0000:00:0[0-9a-f].0 1b36:000c 0604 PCI bridge: QEMU PCIe root port \[bus 01-03\]' \
        'pci: 0000:01:00.0 104c:8232 0604 PCI bridge: XIO3130 switch upstream port \[bus 02-03\]' \
        'pci: 0000:02:00.0 104c:8233 0604 PCI bridge: XIO3130 switch downstream port \[bus 03-03\]' \
        'pci: 0000:03:00.0 1af4:1042 0100 SCSI storage: virtio-blk \[msi-x\]' \
        'pci: 0000:04:00.0 1af4:1044 00ff unclassified: virtio-rng' \
        'pci: 0000:00:06.1 1af4:1005' 'pci: 0000:00:06.3 1af4:1005' \
        'virtio-pci: 0000:03:00.0 irq [0-9]+ v2 blk' \
        'virtio-pci: 0000:00:06.3 irq [0-9]+ v2 rng' \
        'virtio: 5 devices working' 'blk0: wrote sector 9: ok' '!ERR|error'
    disk_has pci-switch "$img" 9

    # q35, a legacy-only device with INTx forced: through the ICH9's PIRQ
    # links (slot 1 INTA: PIRQF, GSI 21), acknowledged by reading ISR.
    # Without vmport, no backdoor (and no fault for asking).
    EXTRA="-device virtio-rng-pci,disable-modern=on" \
        t pci-q35-legacy - q35,vmport=off 128M 1 skiff.elf \
        "virtio_pci.irq=intx" 0 "${OK[@]}" \
        'virtio-pci: 0000:00:01.0 irq 21 v1 rng' 'rng: 16 bytes' \
        'vmware: cpuid other, backdoor absent' '!ERR|error'

    # INTx forced (virtio_pci.irq=intx) where MSI-X would be used: q35
    # (ICH9 PIRQ E-H and D29IR to GSI 16-23, a device behind a bridge
    # swizzled), pc (PIIX3 PIRQ to ISA IRQ 10/11 with the MADT's level,
    # active-high override) and microvm pcie=on (GPEX, GSI 16-19). Each
    # blk writes and reads back a sector with completions by interrupt.
    INTX='virtio_pci.irq=intx log.level=debug'
    img=$(mkdisk pci-intx-q35)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0 \
        -device pci-bridge,chassis_nr=1,id=br1,addr=3 \
        $RNGPCI,bus=br1,addr=3 $RNGPCI,addr=1d.0" \
        t pci-intx-q35 - q35 128M 1 skiff.elf "$INTX inspect.blk_write=7" 0 \
        "${OK[@]}" \
        'virtio-pci: 0000:00:01.0 INTx pin A, root slot 1 pin A -> PIRQF -> GSI 21 level active-low' \
        'virtio-pci: 0000:01:03.0 INTx pin A, root slot 3 pin D -> PIRQG -> GSI 22 level active-low' \
        'virtio-pci: 0000:00:1d.0 INTx pin A, root slot 29 pin A -> PIRQA -> GSI 16 level active-low' \
        'virtio-pci: 0000:00:01.0 irq 21 v2 blk' \
        'virtio-pci: 0000:00:01.0: first interrupt on irq 21' \
        'blk0: wrote sector 7: ok, read back the same' 'rng: 16 bytes' \
        '!completions without an interrupt' '!ERR|error'
    disk_has pci-intx-q35 "$img" 7

    img=$(mkdisk pci-intx-pc)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0,addr=3 \
        -device virtio-rng-pci,disable-legacy=on,addr=4" \
        t pci-intx-pc - pc 128M 1 skiff.elf "$INTX inspect.blk_write=8" 0 \
        "${OK[@]}" \
        'virtio-pci: 0000:00:03.0 INTx pin A, root slot 3 pin A -> PIRQC -> ISA IRQ (10|11) -> GSI (10|11) level active-high' \
        'virtio-pci: 0000:00:04.0 INTx pin A, root slot 4 pin A -> PIRQD -> ISA IRQ (10|11) -> GSI (10|11) level active-high' \
        'virtio-pci: 0000:00:03.0: first interrupt on irq (10|11)' \
        'blk0: wrote sector 8: ok, read back the same' 'rng: 16 bytes' \
        '!completions without an interrupt' '!ERR|error'
    disk_has pci-intx-pc "$img" 8

    img=$(mkdisk pci-intx-microvm)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0 \
        -device pcie-root-port,chassis=1,id=rp1 $RNGPCI,bus=rp1" \
        t pci-intx-microvm - microvm,acpi=on,pcie=on 128M 1 skiff.elf \
        "$INTX inspect.blk_write=10" 0 "${OK[@]}" \
        'virtio-pci: 0000:00:01.0 INTx pin A, root slot 1 pin A -> GSI 17 level active-low' \
        'virtio-pci: 0000:01:00.0 INTx pin A, root slot 2 pin A -> GSI 18 level active-low' \
        'virtio-pci: 0000:00:01.0: first interrupt on irq 17' \
        'blk0: wrote sector 10: ok, read back the same' 'rng: 16 bytes' \
        '!completions without an interrupt' '!ERR|error'
    disk_has pci-intx-microvm "$img" 10

    # microvm pcie=on: no firmware assigns anything, Skiff does; 64-bit
    # BARs go to the MMIO64 window at 768 GiB (40-bit physical addresses
    # under TCG), far above the identity map, and are mapped on use.
    img=$(mkdisk pci-microvm)
    EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0 \
        -device pcie-root-port,chassis=1,id=rp1 $RNGPCI,bus=rp1" \
        t pci-microvm - microvm,acpi=on,pcie=on 128M 1 skiff.elf \
        "inspect.blk_write=4 log.level=debug" 0 "${OK[@]}" \
        'pci:   BAR4 mem64 prefetchable 0xc000000000 size 0x4000' \
        'pci:   BAR1 mem32 0xc0000000 size 0x1000' \
        'pci: no I/O window: BAR0 of 00:01.0 left unassigned' \
        'pci: 0000:00:00.0 1b36:0008 0600 host bridge: QEMU PCIe host bridge' \
        'pci: 0000:00:02.0 1b36:000c 0604 PCI bridge: QEMU PCIe root port \[bus 01-01\]' \
        'pci: 0000:01:00.0 1af4:1044' \
        'pci: 4 function\(s\) on 2 bus\(es\), ECAM access, assigned by Skiff' \
        'virtio-pci: 0000:00:01.0 irq [0-9]+ v2 blk' 'blk0: wrote sector 4: ok' \
        'virtio-pci: 0000:00:01.0: configuration changes on MSI-X entry 1' \
        'virtio-pci: 0000:01:00.0 irq [0-9]+ v2 rng' '!pci: segment' '!ERR|error'
    disk_has pci-microvm "$img" 4

    # microvm pcie=on with a three-level PCIe switch and a root port
    # beside it: Skiff numbers the buses, each bridge inside its parent's
    # range.
    EXTRA="-device pcie-root-port,chassis=1,id=rp1 \
        -device x3130-upstream,bus=rp1,id=up1 \
        -device xio3130-downstream,bus=up1,chassis=2,id=dn1 \
        $RNGPCI,bus=dn1 -device pcie-root-port,chassis=3,id=rp2 \
        $RNGPCI,bus=rp2" \
        t pci-microvm-switch - microvm,acpi=on,pcie=on 128M 1 skiff.elf "" 0 \
        "${OK[@]}" \
        'pci: 0000:00:01.0 1b36:000c 0604 PCI bridge: QEMU PCIe root port \[bus 01-03\]' \
        'pci: 0000:01:00.0 104c:8232 0604 PCI bridge: XIO3130 switch upstream port \[bus 02-03\]' \
        'pci: 0000:02:00.0 104c:8233 0604 PCI bridge: XIO3130 switch downstream port \[bus 03-03\]' \
        'pci: 0000:03:00.0 1af4:1044' \
        'pci: 0000:00:02.0 1b36:000c 0604 PCI bridge: QEMU PCIe root port \[bus 04-04\]' \
        'pci: 0000:04:00.0 1af4:1044' 'virtio: 2 devices working' \
        '!pci: segment' '!ERR|error'

    # virtio-net's link switched off and on through QEMU's monitor while
    # the guest serves (tests/boot/monitor.py): each change arrives on the
    # MSI-X configuration vector and the driver reports the link. No ping
    # ever comes, so the guest gives up after 5 s with status 1.
    LINK='net: 10.0.2.15 answering ARP and ping'
    case pci-net-link in *"$filter"*)
        rm -f "$out/pci-net-link.tcg.log" "$out/pci-net-link.mon"
        python3 "$root/tests/boot/monitor.py" "$out/pci-net-link.mon" \
            "$out/pci-net-link.tcg.log" "$LINK" "$TIMEOUT" \
            'set_link n0 off' 'set_link n0 on' \
            >"$out/pci-net-link.monitor.log" 2>&1 &
        mon=$! ;;
    *) mon= ;;
    esac
    EXTRA="-netdev user,id=n0 -device virtio-net-pci,netdev=n0 \
        -monitor unix:$out/pci-net-link.mon,server=on,wait=off" \
        t pci-net-link - microvm,acpi=on,pcie=on 128M 1 skiff.elf \
        "inspect.ip=10.0.2.15 inspect.pings=1 inspect.net_ms=5000 log.level=debug" \
        1 "$READY" '!FATAL' "$LINK" \
        'virtio-pci: 0000:00:01.0: configuration changes on MSI-X entry [0-9]+' \
        'virtio-net0: link down' 'virtio-net0: link up' \
        'net: answered 0 ARP and 0 ping' '!config change' '!ERR|error'
    if [ -n "$mon" ]; then
        why=
        wait "$mon" || why="the monitor commands were not sent"
        verdict "pci-net-link [monitor]" "$why" "$out/pci-net-link.monitor.log"
    fi

    # cloud-hypervisor-like: hardware-reduced ACPI, no 8259, PIT or RTC,
    # modern-only virtio with MSI-X, power-off through ACPI's sleep
    # control register (no isa-debug-exit).
    img=$(mkdisk pci-ch-like)
    DEBUG_EXIT=0 EXTRA="-drive file=$img,format=raw,if=none,id=d0 \
        -device virtio-blk-pci,drive=d0,disable-legacy=on \
        -device virtio-rng-pci,disable-legacy=on" \
        t pci-ch-like - microvm,acpi=on,pcie=on,pic=off,pit=off,rtc=off 128M 1 \
        skiff.elf "inspect.blk_write=6" 0 "${OK[@]}" \
        'acpi: fadt: rev 5 hardware-reduced' \
        'pci: 0000:00:01.0 1af4:1042 0100 SCSI storage: virtio-blk \[msi-x\]' \
        'virtio-pci: 0000:00:01.0 irq [0-9]+ v2 blk' \
        'virtio-pci: 0000:00:02.0 irq [0-9]+ v2 rng' 'blk0: wrote sector 6: ok' \
        'acpi: powering off' '!completions without an interrupt' '!ERR|error'
    disk_has pci-ch-like "$img" 6

    # pci.off skips the bus; a microvm without pcie has no PCI at all.
    t pci-none - microvm,acpi=on 64M 1 skiff.elf "" 0 "${OK[@]}" '!pci: '
fi

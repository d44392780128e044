# SPDX-License-Identifier: MIT
# Shared by the benchmarks (bench/boot/run.sh, bench/virtio/run.sh), sourced
# from the project root with OUT, LOGS, HELPER and log() defined: the choice
# of accelerators, the host TSC rate, and the Debian cloud Linux kernel and
# busybox-static they compare against (fetched with apt-get download into
# $OUT/linux/, never installed).

# KVM only where it is hardware-assisted: the project machines' kvm_pvm
# runs guest kernel code through KVM's instruction emulator, which is both
# slower than TCG and unable to run some instructions (vmm-conventions §7).
pick_accels() {
    local why=""
    if [[ -n ${ACCELS:-} ]]; then
        return
    elif [[ ! -e /dev/kvm ]]; then
        why="/dev/kvm is missing"
    elif [[ -d /sys/module/kvm_pvm ]] ||
        grep -qs '^kvm_pvm ' /proc/modules; then
        why="kvm_pvm is loaded (software-emulated KVM)"
    elif [[ ! -r /dev/kvm || ! -w /dev/kvm ]]; then
        why="/dev/kvm is not accessible to $(id -un)"
    fi
    if [[ -n $why ]]; then
        ACCELS=tcg
        log "bench: KVM rows skipped: $why"
    else
        ACCELS="tcg kvm"
    fi
}

# Guest TSC under TCG runs at the host's rate; Linux on microvm has no PIT
# calibration path that works there and hangs without tsc_early_khz.
host_khz() {
    if [[ -n ${TSC_KHZ:-} ]]; then
        echo "$TSC_KHZ"
        return
    fi
    awk -F: '/^cpu MHz/ { printf "%d\n", $2 * 1000; exit }' /proc/cpuinfo
}

# Fetch the cloud kernel and busybox-static with apt-get download (no
# install) into build/bench/linux/, then build the initramfs.  The .debs are
# kept, so later runs work offline.
fetch_linux_debs() {
    local d=$1 pkg
    pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' |
        head -n 1)
    if [[ -z $pkg && $(id -u) == 0 ]]; then
        apt-get update -qq >"$LOGS/apt.log" 2>&1
        pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
            sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' |
            head -n 1)
    fi
    [[ -n $pkg ]] || { log "bench: cannot resolve linux-image-cloud-amd64" \
        "(run apt-get update)"; return 1; }
    rm -rf "$d/debs" && mkdir -p "$d/debs"
    if ! (cd "$d/debs" && apt-get download "$pkg" busybox-static) \
        >>"$LOGS/apt.log" 2>&1; then
        log "bench: apt-get download failed, see $LOGS/apt.log"
        return 1
    fi
    echo "$pkg" >"$d/package"
}

prepare_linux() {
    local d=$OUT/linux debs
    if ! ls "$d"/debs/linux-image-*.deb "$d"/debs/busybox-static_*.deb \
        >/dev/null 2>&1; then
        for t in apt-get apt-cache dpkg dpkg-deb; do
            command -v "$t" >/dev/null ||
                { log "bench: no $t, cannot fetch Linux"; return 1; }
        done
        fetch_linux_debs "$d" || return 1
    fi
    if [[ ! -s $d/vmlinuz ]]; then
        # Only the kernel file: dpkg -x would also unpack ~100 MB of modules.
        debs=("$d"/debs/linux-image-*.deb)
        dpkg-deb --fsys-tarfile "${debs[0]}" |
            tar -x -C "$d" --wildcards './boot/vmlinuz-*' || return 1
        mv "$d"/boot/vmlinuz-* "$d/vmlinuz" && rm -rf "${d:?}/boot"
    fi
    if [[ ! -x $d/busybox/bin/busybox ]]; then
        dpkg -x "$d"/debs/busybox-static_*.deb "$d/busybox" || return 1
    fi
    "${HELPER[@]}" cpio "$d/initramfs.cpio" "$d/busybox/bin/busybox" \
        bench/boot/init.sh
}


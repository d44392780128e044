#!/usr/bin/env bash
# Install the Debian packages that building, running and testing Skiff need,
# only when something is missing (a no-op on a prepared machine). Uses
# apt-get, through sudo when not root. SKIFF_DEPS=skip turns it off.
set -eu
[ "${SKIFF_DEPS:-}" = skip ] && exit 0

# package:probe — the probe is a command or a file that the package provides,
# or "dpkg" to ask dpkg (libclang-rt-dev: libFuzzer and sanitizer runtimes).
need="
qemu-system-x86:qemu-system-x86_64
gcc:gcc
clang:clang
make:make
binutils:ld
libcmocka-dev:/usr/include/cmocka.h
python3:python3
cppcheck:cppcheck
clang-format:clang-format
coreutils:timeout
libclang-rt-dev:dpkg
wabt:wast2json
wasi-libc:/usr/include/wasm32-wasi/stdio.h
libclang-rt-14-dev-wasm32:dpkg
lld:wasm-ld
hyperfine:hyperfine
time:/usr/bin/time
musl-tools:musl-gcc
cpio:cpio
busybox-static:dpkg
grub-common:grub-mkrescue
grub-pc-bin:/usr/lib/grub/i386-pc
xorriso:xorriso
mtools:mformat
"
missing=()
for entry in $need; do
    pkg=${entry%%:*} probe=${entry#*:}
    case $probe in
    dpkg) dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
        grep -q 'ok installed' || missing+=("$pkg") ;;
    /*) [ -e "$probe" ] || missing+=("$pkg") ;;
    *) command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

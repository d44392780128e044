#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the sandbox tree of the WASI escape test in DIR: DIR/sandbox is
# what gets preopened, DIR/outside must stay out of reach; the symlinks are
# the ways out an attacker would try (relative, absolute, through ..).
# Used by tests/wasm/wasi.sh (on the host) and tests/apps/initrd.sh (for
# the same test inside Skiff). Usage: tests/wasm/mkbox.sh DIR
set -eu
b=$1
mkdir -p "$b/sandbox/dir" "$b/outside"
echo secret >"$b/outside/secret.txt"
echo ok >"$b/sandbox/ok.txt"
ln -s ../outside "$b/sandbox/esc"
ln -s /etc "$b/sandbox/abs"
ln -s dir/../../outside/secret.txt "$b/sandbox/link_up"
ln -s dir "$b/sandbox/inner"

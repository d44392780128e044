# Boot cases for WebAssembly inside Skiff (issue 8), sourced by
# tests/boot/run.sh after apps.sh (whose app_case and $APPS_RD they use).
# The test initrd holds /bin/skiff-wasm (musl, static) and the WASI test
# modules of tests/wasm/wasi/ at /wasm; each runs in Skiff with
# app.path=/bin/skiff-wasm and on the host under the same build's
# $images/host/skiff-wasm with the same arguments, and the outputs and exit
# statuses must be identical (tests/wasm/wasi.sh compares those host runs
# with native builds). The host status is clamped to 126 as Skiff's exit
# through isa-debug-exit is (a trap's 134 reads 126).

HOST_WASM=$images/host/skiff-wasm
WASI_ENV=(--env T_ONE=1 "--env" "T_TWO=two words" --env T_EMPTY=)

# wasm_case NAME DIR ARGS...: skiff-wasm --dir DIR::/sandbox ARGS on the
# host (DIR a fresh directory under $out; "-" for no --dir) and in Skiff
# (DIR /tmp, the RAM file system).
wasm_case() {
    local name=$1 dir=$2 q a
    shift 2
    case $name in *"$filter"*) ;; *) return ;; esac
    local exp="$out/$name.host" hd="$out/$name.dir" pre=() spre=()
    rm -rf "$hd"
    if [ "$dir" != - ]; then
        mkdir -p "$hd"
        pre=(--dir "$hd::/sandbox")
        spre=(--dir "$dir::/sandbox")
    fi
    local margs=("$@")
    margs[0]=$images/wasi/$(basename "$1") # /wasm/x.wasm on the host
    env -i "$HOST_WASM" "${pre[@]}" "${WASI_ENV[@]}" "${margs[@]}" \
        </dev/null >"$exp" 2>&1
    q=$?
    [ $q -gt 126 ] && q=126
    echo "exit $q" >>"$exp"
    local append="app.path=/bin/skiff-wasm --"
    for a in "${spre[@]}" "${WASI_ENV[@]}" "$@"; do
        append="$append '${a//\'/\'\\\'\'}'"
    done
    app_case "$name" "$exp" "$append"
}

if [ -f "$APPS_RD" ] && [ -x "$HOST_WASM" ]; then
    wasm_case wasm-files /tmp /wasm/files.wasm /sandbox
    wasm_case wasm-dirs /tmp /wasm/dirs.wasm /sandbox
    wasm_case wasm-args_env /tmp /wasm/args_env.wasm /sandbox "a b" "" x=y ünïcode
    wasm_case wasm-clocks /tmp /wasm/clocks.wasm /sandbox
    wasm_case wasm-misc /tmp /wasm/misc.wasm /sandbox
    wasm_case wasm-exit /tmp /wasm/exit.wasm /sandbox
    wasm_case wasm-exit-42 /tmp /wasm/exit.wasm /sandbox exit 42
    wasm_case wasm-exit-abort /tmp /wasm/exit.wasm /sandbox abort
    # 30 escape attempts through raw WASI calls, from the initrd's
    # /box/sandbox: the same lines as on the host (sandbox.expected).
    case wasm-sandbox in *"$filter"*)
        { cat "$root/tests/wasm/wasi/sandbox.expected"; echo "exit 0"; } \
            >"$out/wasm-sandbox.expected"
        app_case wasm-sandbox "$out/wasm-sandbox.expected" \
            "app.path=/bin/skiff-wasm -- --dir /box/sandbox::/sandbox /wasm/sandbox.wasm" ;;
    esac
    # A malformed module: the reason, status 125, no fault.
    case wasm-malformed in *"$filter"*)
        printf '\0asm\1\0\0\0\1\x20\1\x60' >"$out/bad.wasm"
        "$HOST_WASM" "$out/bad.wasm" >"$out/wasm-malformed.expected" 2>&1
        echo "exit $?" >>"$out/wasm-malformed.expected"
        sed -i "s|$out/bad.wasm|/wasm/bad.wasm|g" "$out/wasm-malformed.expected"
        app_case wasm-malformed "$out/wasm-malformed.expected" \
            "app.path=/bin/skiff-wasm -- /wasm/bad.wasm" ;;
    esac
else
    case wasm- in *"$filter"*)
        echo "FAIL wasm-*: $APPS_RD or $HOST_WASM is missing (make all)"
        fail=$((fail + 1)) ;;
    esac
fi

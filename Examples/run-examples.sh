#!/usr/bin/env bash
# Builds the three examples once and runs each with its scripted scenario, comparing what it
# prints (deployment ids and ports normalised) with Expected/. Exit status 1 on any difference.
#
# With PEER_PYTHON set and ../../shared/peers present (as in CI), EmbeddedRuntime also registers
# the official Python SDK deployment; otherwise only its local fake deployment.
set -euo pipefail
cd "$(dirname "$0")"

swift build 2>&1 | tail -n 1
bin="$(swift build --show-bin-path)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

normalise() { sed -E 's/dp_[0-9A-Za-z]+/dp_<id>/g; s/127\.0\.0\.1:[0-9]+/127.0.0.1:<port>/g'; }

# check NAME EXPECTED-STATUS EXPECTED-FILE COMMAND...
check() {
    local name="$1" want="$2" expected="$3"
    shift 3
    local status=0
    "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
    normalise <"$work/$name.out" >"$work/$name.txt"
    if [ "$status" != "$want" ] || ! diff -u "$expected" "$work/$name.txt" >"$work/$name.diff"; then
        echo "FAIL $name (exit $status, expected $want)"
        cat "$work/$name.diff" "$work/$name.err"
        failed=1
    else
        echo "ok   $name"
    fi
}

check VersioningRules 1 Expected/VersioningRules.txt "$bin/VersioningRules"
check CustomStorageBackend 0 Expected/CustomStorageBackend.txt "$bin/CustomStorageBackend"
check EmbeddedRuntime-fake 0 Expected/EmbeddedRuntime-fake.txt "$bin/EmbeddedRuntime" --scenario

if [ -n "${PEER_PYTHON:-}" ] && [ -x ../../shared/peers/serve.sh ]; then
    port=9479
    pid="$(bash ../../shared/peers/serve.sh "$port")"
    check EmbeddedRuntime-peer 0 Expected/EmbeddedRuntime-peer.txt "$bin/EmbeddedRuntime" --scenario --deployment "http://127.0.0.1:$port/"
    kill "$pid"
else
    echo "skip EmbeddedRuntime-peer (PEER_PYTHON unset or ../../shared/peers missing)"
fi
exit "$failed"

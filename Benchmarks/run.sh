#!/usr/bin/env bash
# One command, one report: builds the benchmarks (release), runs the whole suite, and writes
# BENCHMARKS.md at the repository root and Benchmarks/registration-latency.svg.
#
#   Benchmarks/run.sh                      # everything
#   Benchmarks/run.sh --filter 'e2e: .*'   # extra options go to `swift package benchmark`
#
# Needs wrk (apt-get install wrk) for the read benchmarks. Not run by CI (.ci/run only builds).
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd .. && pwd)"
work=".build/benchmark-report"
mkdir -p "$work"
rm -f "$work"/*.jmh.json

echo "== build (release; not counted in the run time)"
# SwiftPM can keep a stale build plan for the path dependency (the main package) after files are
# added to it; touching this manifest makes it plan again.
touch Package.swift
swift build -c release --product BenchmarkReport 2>&1 | grep -vE "swift-distributed-tracing|^\[" || true
swift package --allow-writing-to-package-directory benchmark list >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; exit 1; }
.build/release/BenchmarkReport --self-check

echo "== machine"
tmp="${TMPDIR:-/tmp}"
device="$(df -P "$tmp" | awk 'NR == 2 { print $1 }')"
disk="$device"
parent="$(lsblk -no PKNAME "$device" 2>/dev/null | head -n 1 || true)"
whole="/dev/${parent:-${device#/dev/}}"
model="$(lsblk -dno MODEL "$whole" 2>/dev/null | sed 's/ *$//' || true)"
rotational="$(lsblk -dno ROTA "$whole" 2>/dev/null | tr -d ' ' || true)"
[ -n "$model" ] && disk="$disk, $model"
[ "$rotational" = 1 ] && disk="$disk, rotational (as the kernel reports it; virtual disks often say so)"
[ "$rotational" = 0 ] && disk="$disk, non-rotational"
{
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "cores=$(nproc)"
    echo "memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "disk=$disk, temporary folder $tmp"
    echo "filesystem=$(findmnt -no FSTYPE -T "$tmp" 2>/dev/null || stat -f -c %T "$tmp")"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "kernel=$(uname -sr)"
    echo "swift=$(swift --version 2>&1 | head -n 1)"
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
} >"$work/machine.txt"
cat "$work/machine.txt"

echo "== run (the whole suite; the time below excludes the build)"
start=$(date +%s)
swift package --allow-writing-to-package-directory benchmark --format jmh --path "$work" "$@" 2>&1 |
    grep -vE "runtime interposer|skipping LD_PRELOAD"
seconds=$(($(date +%s) - start))
echo "run_seconds=$seconds" >>"$work/machine.txt"
echo "run time: $((seconds / 60)) min $((seconds % 60)) s"

results="$(ls -t "$work"/*.jmh.json | head -n 1)"
.build/release/BenchmarkReport "$results" "$work/machine.txt" "$root/BENCHMARKS.md" registration-latency.svg \
    Benchmarks/registration-latency.svg

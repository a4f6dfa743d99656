#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of the parsers that read untrusted text.
#
#   Fuzz/run.sh <target|all> [seconds]   fuzz for `seconds` (default 60) per target, release build
#   Fuzz/run.sh --ci                     every target for a fixed number of runs with -seed=1 (debug build;
#                                        .ci/run: about 2 minutes on 2 cores, half of it the instrumented build)
#   Fuzz/run.sh --build                  only build (release; FUZZ_CONFIG=debug for a debug build)
#
# Targets (Fuzz/Sources/<Product>; each checks properties beyond "does not crash", see its header):
#   json         FuzzJSON        JSONValue.parse, JSONBodyDecoder: re-encode, re-parse, same value
#   manifest     FuzzManifest    EndpointManifest.decode, DiscoveryResponseValidator.validate
#   duration     FuzzDuration    RestateDuration(parsing:): every printed form parses back
#   resource-id  FuzzResourceID  DeploymentID, SubscriptionID, InvocationID: print back to the text
#   toml         FuzzTOML        TOMLParser (AdminTOML): written back, parses to the same table
#
# Builds the separate package Fuzz/ into .build-fuzz (never the main .build) with
# `-sanitize=fuzzer,address -parse-as-library`. The seeds in Fuzz/Corpus/<target> are only read:
# inputs libFuzzer finds go to .build-fuzz/corpus/<target> (kept between runs), a crash or a failed
# property to .build-fuzz/artifacts/<target>/, and the script exits non-zero. Reproduce one with
#   .build-fuzz/release/FuzzJSON .build-fuzz/artifacts/json/crash-…
# then add the input to the normal test suite as a regression test and fix the parser.
# Extra libFuzzer flags: FUZZ_FLAGS="-jobs=2 -workers=2" Fuzz/run.sh json 600
set -euo pipefail
cd "$(dirname "$0")/.."

readonly all_targets=(json manifest duration resource-id toml)
# Swift's crash handler reads the stack in a way AddressSanitizer reports; libFuzzer prints the trace.
export SWIFT_BACKTRACE=enable=no

product() {
    case "$1" in
    json) echo FuzzJSON ;;
    manifest) echo FuzzManifest ;;
    duration) echo FuzzDuration ;;
    resource-id) echo FuzzResourceID ;;
    toml) echo FuzzTOML ;;
    *) echo "unknown target '$1' (one of: ${all_targets[*]}, all)" >&2; exit 2 ;;
    esac
}

# Per-target libFuzzer flags: short texts need no long inputs.
target_flags() {
    case "$1" in
    duration | resource-id) echo "-max_len=64" ;;
    json | manifest) echo "-max_len=8192" ;;
    toml) echo "-max_len=2048" ;;
    esac
}

# CI run counts: each target takes about 5–20 s in a debug build on one core.
ci_runs() {
    case "$1" in
    json) echo 8000 ;;
    manifest) echo 5000 ;;
    duration) echo 150000 ;;
    resource-id) echo 300000 ;;
    toml) echo 80000 ;;
    esac
}

build() {
    local config="$1" log=".build-fuzz/build-$1.log"
    mkdir -p .build-fuzz
    swift build -c "$config" --package-path Fuzz --scratch-path .build-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$log" 2>&1 || {
        grep -v "Cannot export local symbol" "$log" | tail -n 40
        exit 1
    }
    echo "built ($config): $(tail -n 1 "$log")"
}

# run <target> <config> <libFuzzer flags…>
run() {
    local target="$1" config="$2"
    shift 2
    local corpus=".build-fuzz/corpus/$target" artifacts=".build-fuzz/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    echo "== fuzz $target ($*)"
    # shellcheck disable=SC2046
    ".build-fuzz/$config/$(product "$target")" "$corpus" "Fuzz/Corpus/$target" \
        -artifact_prefix="$artifacts/" -timeout=10 -print_final_stats=1 $(target_flags "$target") ${FUZZ_FLAGS:-} "$@" \
        >".build-fuzz/$target.log" 2>&1 || {
        grep -v -E "^#[0-9]+ +(NEW|REDUCE|pulse)" ".build-fuzz/$target.log" | tail -n 60
        echo "fuzz $target failed: the input is in $artifacts/ (log: .build-fuzz/$target.log)" >&2
        return 1
    }
    grep -E "^(Done|stat::(number_of_executed_units|average_exec_per_sec))" ".build-fuzz/$target.log" | tr '\n' ' '
    echo
}

case "${1:-}" in
--ci)
    build debug
    status=0
    for target in "${all_targets[@]}"; do
        # A fresh working corpus each time: the same seeds, seed and run count give the same inputs.
        rm -rf ".build-fuzz/corpus/$target"
        run "$target" debug -seed=1 -runs="$(ci_runs "$target")" || status=1
    done
    exit "$status"
    ;;
--build)
    build "${FUZZ_CONFIG:-release}"
    ;;
"" | -h | --help)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
*)
    config="${FUZZ_CONFIG:-release}"
    seconds="${2:-60}"
    targets=("$1")
    [ "$1" != all ] || targets=("${all_targets[@]}")
    for target in "${targets[@]}"; do product "$target" >/dev/null; done
    build "$config"
    status=0
    for target in "${targets[@]}"; do
        run "$target" "$config" -max_total_time="$seconds" || status=1
    done
    exit "$status"
    ;;
esac

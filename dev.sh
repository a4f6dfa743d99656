#!/usr/bin/env bash
# The two commands a new user needs, with the system libraries they need installed first.
#
#   ./dev.sh serve [serve options…]   start the admin API (SQLite in ./restate-admin-data)
#   ./dev.sh test  [swift test options…]   build everything and run every test
#   ./dev.sh packages                 only check (and, as root, install) the system packages
#
# The system packages are the C libraries the storage backends link (liblmdb-dev,
# libsqlite3-dev) and pkg-config, which finds them. As root on Debian or Ubuntu they are
# installed with apt-get; otherwise the script stops before compiling anything and prints the
# command to run.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")"

packages=(liblmdb-dev libsqlite3-dev pkg-config)

ensure_packages() {
    if command -v dpkg-query >/dev/null 2>&1; then
        local missing=()
        for pkg in "${packages[@]}"; do
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
        done
        [ ${#missing[@]} -eq 0 ] && return 0
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "dev.sh: installing ${missing[*]} with apt-get" >&2
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
            return 0
        fi
        echo "dev.sh: missing system packages: ${missing[*]}" >&2
        echo "dev.sh: install them, then run this command again:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists lmdb sqlite3; then
        return 0
    fi
    echo "dev.sh: LMDB, SQLite 3 and pkg-config are needed (pkg-config names: lmdb, sqlite3)" >&2
    if [ "$(uname -s)" = Darwin ]; then
        echo "dev.sh: install them, then run this command again:" >&2
        echo "    brew install lmdb sqlite pkg-config" >&2
    else
        echo "dev.sh: install your distribution's development packages for them, then run this command again" >&2
    fi
    exit 1
}

command -v swift >/dev/null 2>&1 || { echo "dev.sh: the Swift toolchain (swift) is not on PATH: https://swift.org/install" >&2; exit 1; }

case "${1:-}" in
    serve)
        shift
        ensure_packages
        exec swift run restate-admin serve "$@"
        ;;
    test)
        shift
        ensure_packages
        swift build --build-tests
        exec swift test --skip-build "$@"
        ;;
    packages)
        ensure_packages
        echo "dev.sh: ${packages[*]} are installed"
        ;;
    *)
        sed -n '2,11p' "$self" | sed 's/^# \{0,1\}//' >&2
        exit 2
        ;;
esac

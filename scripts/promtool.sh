#!/usr/bin/env bash
# Prints the path of a promtool binary (Prometheus's rule checker), installing Debian's `prometheus` package when it
# is missing and this runs as root. Everything but the path goes to stderr, so callers can use: $(scripts/promtool.sh)
set -euo pipefail

if path="$(command -v promtool)"; then
    echo "$path"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "promtool is not on PATH and installing it needs root. Install it, then re-run:" >&2
    echo "  sudo apt-get install -y --no-install-recommends prometheus   (Debian/Ubuntu; promtool ships in it)" >&2
    echo "  or put a promtool binary from a Prometheus release on PATH." >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "promtool is not on PATH and apt-get is not available to install Debian's prometheus package;" >&2
    echo "put a promtool binary from a Prometheus release on PATH." >&2
    exit 1
fi

echo "promtool not found; installing Debian's prometheus package" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update >&2
apt-get install -y --no-install-recommends prometheus >&2

if ! path="$(command -v promtool)"; then
    echo "the prometheus package installed, but promtool is still not on PATH" >&2
    exit 1
fi
echo "$path"

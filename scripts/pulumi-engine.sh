#!/usr/bin/env bash
# Puts the Pulumi CLI, the Node language host and the dynamic-provider shim on PATH for tests and the demo.
# No registry ships the `pulumi` binary, so when no fitting CLI is installed it is built once from the Go
# module proxy into a cache outside the repo ($CASTAI_FLEET_CACHE, default ~/.cache/castai-fleet) and reused.
# Usage: `source scripts/pulumi-engine.sh` (exports PATH) or `scripts/pulumi-engine.sh` (prints the bin dir).
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.246.0}"
CACHE="${CASTAI_FLEET_CACHE:-$HOME/.cache/castai-fleet}"
BIN="$CACHE/pulumi-v$PULUMI_VERSION/bin"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[pulumi-engine] %s\n' "$*" >&2; }

have_fitting_cli() {
  command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1 &&
    [ "$(pulumi version 2>/dev/null)" = "v$PULUMI_VERSION" ]
}

build_cli() {
  command -v go >/dev/null || { log "Go >= 1.25 is needed to build the Pulumi CLI; install it first"; return 1; }
  local src="$CACHE/pulumi-v$PULUMI_VERSION/src"
  mkdir -p "$src" "$BIN"
  log "building pulumi v$PULUMI_VERSION from the Go module proxy into $BIN (first run only, ~10-20 min on 2 cores)"
  sed "s/@VERSION@/$PULUMI_VERSION/g" "$HERE/engine/cli.go.mod" > "$src/go.mod"
  cp "$HERE/engine/tools.go" "$src/tools.go"
  (cd "$src" && GOFLAGS=-mod=mod go mod tidy >/dev/null &&
    go build -trimpath -o "$BIN/pulumi" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
}

build_language_host() {
  local src="$CACHE/pulumi-v$PULUMI_VERSION/language-host"
  mkdir -p "$src" "$BIN"
  log "building pulumi-language-nodejs into $BIN"
  rm -rf "$src" && cp -r "$HERE/engine/language-host" "$src"
  (cd "$src" && GOFLAGS=-mod=mod go mod tidy >/dev/null && go build -trimpath -ldflags "-s -w" -o "$BIN/pulumi-language-nodejs" .)
  language_host_hash > "$BIN/.language-host.sha256"
}

# The host is ours and changes with the repo: rebuild when its source differs from what was built.
language_host_hash() {
  cat "$HERE/engine/language-host/main.go" "$HERE/engine/language-host/go.mod" | sha256sum | cut -d' ' -f1
}

install_shim() {
  # Same two lines as the shim in Pulumi's release archive: run the dynamic-provider host of the program's SDK.
  cat > "$BIN/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/bin/sh
exec node "$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SHIM
  chmod +x "$BIN/pulumi-resource-pulumi-nodejs"
}

if ! have_fitting_cli; then
  [ -x "$BIN/pulumi" ] && [ "$("$BIN/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ] || build_cli
  [ -x "$BIN/pulumi-language-nodejs" ] && [ "$(cat "$BIN/.language-host.sha256" 2>/dev/null)" = "$(language_host_hash)" ] || build_language_host
  [ -x "$BIN/pulumi-resource-pulumi-nodejs" ] || install_shim
  export PATH="$BIN:$PATH"
fi

if [ "${BASH_SOURCE[0]}" = "$0" ]; then dirname "$(command -v pulumi)"; fi

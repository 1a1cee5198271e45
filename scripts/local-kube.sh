#!/usr/bin/env bash
# Puts in place what a local Kubernetes control plane needs for the in-cluster tests: etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler, kwok (makes pods Ready and Jobs complete, since no
# kubelet runs here) and the pulumi-resource-kubernetes provider plugin. No registry ships these binaries, so
# each is built once from the Go module proxy into a cache outside the repo ($CASTAI_FLEET_CACHE, default
# ~/.cache/castai-fleet), keyed by version, and reused. Prints one JSON object naming each binary.
# First run: about 35 CPU-minutes and 5 GiB of memory; later runs: well under a second.
# etcd is 3.5, not Debian's 3.4.23: 3.4.23 cannot answer the watch-progress requests that the streaming watch-lists of
# current clients (kwok, the controllers) rely on, so their watches end in errors and pods turn Ready tens of seconds
# late, or never once the node's heartbeat is missed.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-3.5.21}"
KWOK_VERSION="${KWOK_VERSION:-0.7.0}"
# The Go module proxy serves provider/v4 only as this pseudo-version, the commit of v4.25.0.
K8S_PROVIDER_VERSION="4.25.0"
K8S_PROVIDER_MODULE_VERSION="v4.0.0-20260115033456-f47bc2d6f199"
CACHE="${CASTAI_FLEET_CACHE:-$HOME/.cache/castai-fleet}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kube"

log() { printf '[local-kube] %s\n' "$*" >&2; }

# Runs a build and records its wall time beside the binaries (`npm run bench` reports the cold build times).
timed_build() {
  local record="$1"; shift
  local started=$SECONDS
  "$@"
  echo $((SECONDS - started)) > "$record/build-seconds"
}

ETCD_BIN="$CACHE/etcd-v$ETCD_VERSION/bin"
KUBE_BIN="$CACHE/kube-v$KUBE_VERSION/bin"
KWOK_BIN="$CACHE/kwok-v$KWOK_VERSION/bin"
PROVIDER_BIN="$CACHE/pulumi-resource-kubernetes-v$K8S_PROVIDER_VERSION/bin"

build_etcd() {
  local src="$CACHE/etcd-v$ETCD_VERSION/src"
  mkdir -p "$src" "$ETCD_BIN"
  log "building etcd v$ETCD_VERSION into $ETCD_BIN (first run only, ~1 CPU-minute)"
  sed "s/@ETCD_VERSION@/$ETCD_VERSION/g" "$HERE/etcd/go.mod" > "$src/go.mod"
  cp "$HERE/etcd/tools.go" "$src/tools.go"
  (cd "$src" && GOFLAGS=-mod=mod go mod tidy >/dev/null &&
    go build -trimpath -ldflags "-s -w" -o "$ETCD_BIN/etcd" go.etcd.io/etcd/server/v3)
}

build_control_plane() {
  local src="$CACHE/kube-v$KUBE_VERSION/src"
  mkdir -p "$src" "$KUBE_BIN"
  log "building kube-apiserver, kube-controller-manager and kube-scheduler v$KUBE_VERSION into $KUBE_BIN (first run only, ~16 CPU-minutes)"
  cp "$HERE/control-plane/tools.go" "$src/tools.go"
  local upstream
  upstream="$(cd "$src" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  # k8s.io/kubernetes replaces each of its staging modules with a folder of its own repo; as a dependency, each
  # must instead come at the matching published v0 version. The list is read from upstream's go.mod.
  {
    printf 'module castai-fleet/kube-control-plane-build\n\ngo 1.24.0\n\nrequire k8s.io/kubernetes v%s\n\n' "$KUBE_VERSION"
    sed -n 's#^\s*\(k8s.io/[^ ]*\) => ./staging/.*#replace \1 => \1 v0.'"${KUBE_VERSION#1.}"'#p' "$upstream"
  } > "$src/go.mod"
  local ver="-X k8s.io/component-base/version.gitVersion=v$KUBE_VERSION"
  ver="$ver -X k8s.io/component-base/version.gitMajor=${KUBE_VERSION%%.*}"
  ver="$ver -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2)"
  (cd "$src" && GOFLAGS=-mod=mod go mod tidy >/dev/null &&
    go build -trimpath -ldflags "-s -w $ver" -o "$KUBE_BIN/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
}

build_kwok() {
  mkdir -p "$KWOK_BIN"
  log "building kwok v$KWOK_VERSION into $KWOK_BIN (first run only)"
  GOBIN="$KWOK_BIN" GOFLAGS=-mod=mod go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
}

build_kubernetes_provider() {
  local src="$CACHE/pulumi-resource-kubernetes-v$K8S_PROVIDER_VERSION/src"
  mkdir -p "$src" "$PROVIDER_BIN"
  log "building pulumi-resource-kubernetes v$K8S_PROVIDER_VERSION into $PROVIDER_BIN (first run only, ~19 CPU-minutes)"
  cp "$HERE/kubernetes-provider/go.mod" "$HERE/kubernetes-provider/main.go" "$src/"
  local dir
  dir="$(cd "$src" && GOFLAGS=-mod=mod go mod download -json "github.com/pulumi/pulumi-kubernetes/provider/v4@$K8S_PROVIDER_MODULE_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')"
  cp "$dir/cmd/pulumi-resource-kubernetes/schema.json" "$dir/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$src/"
  chmod u+w "$src"/*.json
  (cd "$src" && GOFLAGS=-mod=mod go mod tidy >/dev/null &&
    go build -trimpath -o "$PROVIDER_BIN/pulumi-resource-kubernetes" \
      -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_PROVIDER_VERSION" .)
}

command -v go >/dev/null || { log "Go >= 1.24 is needed to build the local Kubernetes; install it first"; exit 1; }
[ -x "$ETCD_BIN/etcd" ] || timed_build "$CACHE/etcd-v$ETCD_VERSION" build_etcd
[ -x "$KUBE_BIN/kube-apiserver" ] && [ -x "$KUBE_BIN/kube-controller-manager" ] && [ -x "$KUBE_BIN/kube-scheduler" ] ||
  timed_build "$CACHE/kube-v$KUBE_VERSION" build_control_plane
[ -x "$KWOK_BIN/kwok" ] || timed_build "$CACHE/kwok-v$KWOK_VERSION" build_kwok
[ -x "$PROVIDER_BIN/pulumi-resource-kubernetes" ] || timed_build "$CACHE/pulumi-resource-kubernetes-v$K8S_PROVIDER_VERSION" build_kubernetes_provider

printf '{\n  "etcd": "%s",\n  "kubeApiserver": "%s",\n  "kubeControllerManager": "%s",\n  "kubeScheduler": "%s",\n  "kwok": "%s",\n  "providerBin": "%s",\n  "kubeVersion": "%s"\n}\n' \
  "$ETCD_BIN/etcd" "$KUBE_BIN/kube-apiserver" "$KUBE_BIN/kube-controller-manager" "$KUBE_BIN/kube-scheduler" "$KWOK_BIN/kwok" "$PROVIDER_BIN" "$KUBE_VERSION"

#!/usr/bin/env bash
# Fetches the pretrained MobileNetV2 that backbone.py ports: `npm pack nsfwjs@4.4.0` (MIT) into
# training/.cache/backbone/, checks the tarball's sha256 against the pinned value and unpacks it.
# With --tfjs it also installs the pinned TensorFlow.js packages (training/tfjs/package-lock.json)
# that check_backbone.js runs the original model with.
#
#   bash training/fetch_backbone.sh [--tfjs]
#
# Idempotent: a cached tarball with the right checksum is not fetched again, and nothing is reached
# over the network once the cache is filled. A tarball with another checksum is an error, never used.
set -euo pipefail

PKG=nsfwjs
VERSION=4.4.0
SHA256=585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${IQMON_CACHE:-$HERE/.cache}/backbone"
TARBALL="$CACHE/$PKG-$VERSION.tgz"
UNPACKED="$CACHE/$PKG-$VERSION"
mkdir -p "$CACHE"

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA256" ]; }

if ! sha_ok "$TARBALL"; then
  tmp="$(mktemp -d "$CACHE/pack.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "fetch_backbone: npm pack $PKG@$VERSION"
  (cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null)
  got="$(sha256sum "$tmp/$PKG-$VERSION.tgz" | cut -d' ' -f1)"
  if [ "$got" != "$SHA256" ]; then
    echo "fetch_backbone: $PKG-$VERSION.tgz has sha256 $got, expected $SHA256; not used" >&2
    exit 1
  fi
  mv "$tmp/$PKG-$VERSION.tgz" "$TARBALL"
  rm -rf "$UNPACKED"
fi
echo "fetch_backbone: $TARBALL sha256 $SHA256 ok"

if [ ! -f "$UNPACKED/.unpacked" ]; then
  rm -rf "$UNPACKED"
  mkdir -p "$UNPACKED"
  tar -xzf "$TARBALL" -C "$UNPACKED" --strip-components=1 \
    package/LICENSE package/package.json package/dist/models/package.json package/dist/models/mobilenet_v2
  touch "$UNPACKED/.unpacked"
fi
echo "fetch_backbone: unpacked into $UNPACKED"

if [ "${1:-}" = "--tfjs" ]; then
  NODE_DIR="$CACHE/node"
  LOCK="$HERE/tfjs/package-lock.json"
  STAMP="$NODE_DIR/.lock.sha256"
  want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
  if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$HERE/tfjs/package.json" "$LOCK" "$NODE_DIR/"
    echo "fetch_backbone: npm ci (TensorFlow.js, pinned in training/tfjs/package-lock.json)"
    (cd "$NODE_DIR" && npm ci --silent --ignore-scripts --no-audit --no-fund)
    echo "$want" > "$STAMP"
  fi
  echo "fetch_backbone: TensorFlow.js in $NODE_DIR/node_modules"
fi

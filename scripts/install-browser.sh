#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, with CJK fonts so that Chinese
# pages render (and screenshots show real glyphs). Needs root or sudo.
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
chromium --version

#!/usr/bin/env bash
# Installs Debian packages the tests need (Chromium and CJK fonts for the browser tests,
# Node.js where the machine has none). Needs root or sudo.
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null

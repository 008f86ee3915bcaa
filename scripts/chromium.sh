#!/usr/bin/env bash
# Installs headless Chromium from Debian's package when it is missing: the e2e suite's browser
# layer drives it with playwright-core, which never downloads a browser of its own.
set -euo pipefail
BIN=${CBP_E2E_CHROMIUM:-/usr/bin/chromium}
if [ -x "$BIN" ]; then
  echo "chromium: $BIN present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
echo "chromium: installed $("$BIN" --version 2>/dev/null || echo "$BIN")"

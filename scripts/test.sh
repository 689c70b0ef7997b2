#!/usr/bin/env bash
# Install everything the tests need (Debian's Chromium, axe-core from npm included), then lint, build
# and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    sudo_if_needed=""
    [ "$(id -u)" -eq 0 ] || sudo_if_needed="sudo"
    $sudo_if_needed apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
npm ci --silent --no-audit --no-fund --prefix tests/browser/js
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m dashboard build
.venv/bin/python -m pytest "$@"

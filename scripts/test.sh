#!/usr/bin/env bash
# Set up (once) and run the whole test suite: unit, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# Browser tests drive a Chromium: AE_LAB_CHROMIUM, then the system's, then Playwright's own.
if [ -z "${AE_LAB_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    python -m playwright install chromium || echo "no Chromium found: browser tests will be skipped" >&2
  fi
fi
exec python -m pytest "$@"

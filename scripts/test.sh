#!/usr/bin/env bash
# Set up (once) and run the whole test suite: unit, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python_env.sh
python_env requirements-dev.txt
# Browser tests drive a Chromium: AE_LAB_CHROMIUM, then the system's, then Playwright's own.
# A Korean font makes the Korean pages' screenshots readable (they render as boxes without one).
need_font=0
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=ko 2>/dev/null)" ]; then need_font=1; fi
if [ -z "${AE_LAB_CHROMIUM:-}" ] && { ! command -v chromium >/dev/null 2>&1 || [ "$need_font" = 1 ]; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null; } \
      || echo "apt-get could not install chromium/fonts-nanum: browser tests may be skipped" >&2
  elif ! command -v chromium >/dev/null 2>&1; then
    python -m playwright install chromium || echo "no Chromium found: browser tests will be skipped" >&2
  fi
fi
# Two pytest-xdist workers by default (AE_LAB_TEST_WORKERS; 0 runs everything in this process).
# Each test file runs whole on one worker, in its own order, so a module's fixture (a classroom
# server, a simulated class) is made once.
exec python -m pytest -n "${AE_LAB_TEST_WORKERS:-2}" --dist loadfile "$@"

#!/usr/bin/env bash
# Every check Bandroom has, from a fresh clone: install, lint, type-check,
# unit tests (Node), production build, end-to-end tests (Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "The browser tests need Debian's chromium at /usr/bin/chromium." >&2
    echo "Install it as root: sudo apt-get install -y chromium   (never a downloaded browser)" >&2
    exit 1
  fi
fi

# `npm install` (which honours the lock) rather than `npm ci`: npm 11.19 here rejects
# even a freshly written lock as "out of sync" over rollup's optional platform packages.
npm install --no-audit --no-fund
# Reports live outside test-results/, which Playwright empties when it starts.
mkdir -p .reports
npm run lint
npm run check
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/unit.json
# Playwright builds and serves the production app itself (see playwright.config.ts).
status=0
PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/e2e.json npx playwright test --reporter=list,json || status=$?
node tests/summarize-results.mjs .reports/unit.json .reports/e2e.json
exit "$status"

#!/usr/bin/env bash
# Every check Bandroom has, from a fresh clone: install, lint, type-check,
# unit tests (Node), production build, end-to-end tests (Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: chromium for Playwright (never a downloaded
# browser), and the tools that make test audio with known answers.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
for tool in espeak-ng sox fluidsynth ffmpeg; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
command -v sox >/dev/null || missing+=(libsox-fmt-all)
[ -f /usr/share/sounds/sf2/TimGM6mb.sf2 ] || missing+=(timgm6mb-soundfont)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian packages for the tests: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them as root: sudo apt-get install -y ${missing[*]}   (never a downloaded browser)" >&2
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

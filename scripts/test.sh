#!/usr/bin/env bash
# The whole suite, as CI runs it: lint and types, build, unit, integration (real Postgres
# and Redis), web unit tests, and browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step lint; npm run lint
step build; node scripts/build.mjs
step unit; npx jest --selectProjects unit
step integration; npx jest --selectProjects integration --runInBand --testTimeout=60000
step web; npm run test --silent -w web
step browser; bash scripts/ensure-chromium.sh; npx playwright test -c test/browser/playwright.config.ts

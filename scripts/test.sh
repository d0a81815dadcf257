#!/usr/bin/env bash
# The whole suite, as CI runs it: every project's lint (ESLint, Prettier, tsc, vue-tsc),
# build, and tests: unit, the docker files, integration (real Postgres and Redis), web unit
# tests, and browser tests in Debian's Chromium. Nx runs them in dependency order and
# replays from its cache (.nx/cache) any task whose inputs have not changed since it last
# passed, so a second run with nothing changed takes seconds. `nx affected -t test` runs only
# what a change touches.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false
npx nx run-many -t lint build test --outputStyle=static

#!/usr/bin/env bash
# Generates a Postgres migration from the difference between the entities and a scratch
# database that has every existing migration applied. Usage: scripts/generate-migration.sh Name
set -euo pipefail
name="${1:?usage: generate-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
db="jifen_migrations_$$"
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
trap 'psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
npx tsc -b server/tsconfig.app.json
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
npx typeorm migration:run -d server/dist/core/database/cli-data-source.js >/dev/null
npx typeorm migration:generate -d server/dist/core/database/cli-data-source.js --pretty "server/src/core/database/migrations/$name"
echo "now add the class to server/src/core/database/migrations/index.ts"

#!/usr/bin/env bash
# Takes one aired month of events and ledger rows out of the live tables into a dump file
# (docs/OPERATIONS.md "Monthly partitions"). The month's partitions are detached and renamed
# archived_events_YYYY_MM / archived_ledger_entries_YYYY_MM, dumped with pg_dump, and dropped
# only with --drop once the dump is written.
# Usage: DATABASE_URL=postgres://… scripts/archive-month.sh YYYY-MM DUMP_FILE [--drop] [--force]
#   --force  archive even though some of the month's cases have events in other months
set -euo pipefail
usage="usage: archive-month.sh YYYY-MM DUMP_FILE [--drop] [--force]"
month="${1:?$usage}"
dump="${2:?$usage}"
shift 2
drop=0
force=0
for a in "$@"; do
  case "$a" in
    --drop) drop=1 ;;
    --force) force=1 ;;
    *) echo "archive-month: unknown option $a; $usage" >&2; exit 2 ;;
  esac
done
fail() { echo "archive-month: $*" >&2; exit 1; }
[[ "$month" =~ ^[0-9]{4}-(0[1-9]|1[0-2])$ ]] || { echo "archive-month: $month is not a month (YYYY-MM)" >&2; exit 2; }
: "${DATABASE_URL:?archive-month: set DATABASE_URL to the Jifen database}"
sql() { psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qtAX -c "$1"; }

suffix="${month/-/_}"
events="events_$suffix"
ledger="ledger_entries_$suffix"

# Rows of a month that is still open may change; an aired month's never do.
[ "$(sql "SELECT count(*) FROM closed_months WHERE month = '$month'")" = 1 ] ||
  fail "$month has not been aired (it is not in closed_months): its rows may still change"
for t in "$events" "$ledger"; do
  [ "$(sql "SELECT count(*) FROM pg_inherits WHERE inhrelid = to_regclass('\"$t\"')")" = 1 ] ||
    fail "$t is not a partition (already archived, or the month never had rows?)"
done
# Judgement reads a case's whole history: a case going on in other months would be judged
# again without this month's events.
continuing=$(sql "SELECT count(DISTINCT e.\"subjectId\") FROM \"$events\" e WHERE EXISTS (
  SELECT 1 FROM events o WHERE o.\"subjectId\" = e.\"subjectId\" AND o.tableoid <> '\"$events\"'::regclass)")
if [ "$continuing" != 0 ] && [ "$force" = 0 ]; then
  fail "$continuing case(s) of $month have events in other months; archive them together or use --force"
fi

sql "BEGIN;
  ALTER TABLE events DETACH PARTITION \"$events\";
  ALTER TABLE ledger_entries DETACH PARTITION \"$ledger\";
  ALTER TABLE \"$events\" RENAME TO \"archived_$events\";
  ALTER TABLE \"$ledger\" RENAME TO \"archived_$ledger\";
COMMIT;"
echo "archive-month: detached $events and $ledger (now archived_$events, archived_$ledger)"

pg_dump -d "$DATABASE_URL" -Fc -t "\"archived_$events\"" -t "\"archived_$ledger\"" -f "$dump"
echo "archive-month: dumped to $dump"
if [ "$drop" = 1 ]; then
  sql "DROP TABLE \"archived_$events\", \"archived_$ledger\""
  echo "archive-month: dropped archived_$events and archived_$ledger"
fi

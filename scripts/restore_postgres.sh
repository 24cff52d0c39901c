#!/usr/bin/env bash
# Restore a pg_dump custom-format backup into an EMPTY database, all or nothing
# (--single-transaction --exit-on-error). Create the database first:
#   createdb -h HOST -U USER pkt_restored
#   scripts/restore_postgres.sh backups/pkt-20260101T000000Z.dump postgresql://USER@HOST/pkt_restored
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BACKUP_FILE TARGET_DATABASE_URL" >&2; exit 2; }
backup=$1 url=$2
url=${url/postgresql+psycopg:/postgresql:}; url=${url/postgres:/postgresql:}
[ -f "$backup" ] || { echo "no backup at $backup" >&2; exit 1; }
tables=$(psql "$url" -Atqc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
[ "$tables" = 0 ] || { echo "the target database is not empty ($tables tables); refusing" >&2; exit 1; }
start=$(date +%s%N)
pg_restore --single-transaction --exit-on-error --no-owner --no-privileges --dbname "$url" "$backup"
psql "$url" -qc "ANALYZE" >/dev/null
printf 'restored %s into %s in %.2f s\n' "$backup" "${url##*/}" \
  "$(( ($(date +%s%N) - start) / 1000000 ))e-3"

#!/usr/bin/env bash
# Backup of the PostgreSQL database in pg_dump's custom format (compressed, restorable table by
# table). Consistent while the app runs (one snapshot).
#   DATABASE_URL=postgresql://... scripts/backup_postgres.sh backups/pkt-$(date -u +%Y%m%dT%H%M%SZ).dump
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: DATABASE_URL=postgresql://... $0 BACKUP_FILE" >&2; exit 2; }
dest=$1
url=${DATABASE_URL:?set DATABASE_URL}
url=${url/postgresql+psycopg:/postgresql:}; url=${url/postgres:/postgresql:}
[ ! -e "$dest" ] || { echo "$dest exists; refusing to overwrite" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
start=$(date +%s%N)
(umask 077 && pg_dump --format=custom --no-owner --no-privileges --file "$dest.partial" "$url")
pg_restore --list "$dest.partial" >/dev/null   # the archive is readable
mv "$dest.partial" "$dest"
printf 'backup %s: %s bytes in %.2f s\n' "$dest" "$(stat -c %s "$dest")" \
  "$(( ($(date +%s%N) - start) / 1000000 ))e-3"

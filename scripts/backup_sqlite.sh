#!/usr/bin/env bash
# Online backup of the SQLite database: consistent even while the app writes (SQLite's backup
# API), then checked (integrity_check = ok, foreign_key_check empty).
#   scripts/backup_sqlite.sh instance/app.db backups/app-$(date -u +%Y%m%dT%H%M%SZ).db
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 DATABASE_FILE BACKUP_FILE" >&2; exit 2; }
src=$1 dest=$2
[ -f "$src" ] || { echo "no database at $src" >&2; exit 1; }
[ ! -e "$dest" ] || { echo "$dest exists; refusing to overwrite" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
PY=${PYTHON:-python3}
"$PY" - "$src" "$dest" <<'PY'
import os, sqlite3, sys, time
src, dest = sys.argv[1], sys.argv[2]
started = time.perf_counter()
source = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=30)
target = sqlite3.connect(dest + ".partial")
with target:
    source.backup(target)
integrity = target.execute("PRAGMA integrity_check").fetchone()[0]
foreign = target.execute("PRAGMA foreign_key_check").fetchall()
target.close(); source.close()
if integrity != "ok" or foreign:
    os.remove(dest + ".partial")
    sys.exit(f"backup failed its checks: integrity_check={integrity!r}, "
             f"foreign_key_check={len(foreign)} problem(s)")
os.chmod(dest + ".partial", 0o600)
os.replace(dest + ".partial", dest)
print(f"backup {dest}: {os.path.getsize(dest):,} bytes in {time.perf_counter() - started:.2f} s "
      "(integrity_check ok, foreign_key_check empty)")
PY

#!/usr/bin/env bash
# Restore a SQLite backup made by backup_sqlite.sh. Stop the app first. The backup is checked
# before it replaces anything; the database it replaces is kept as DATABASE_FILE.before-restore.
#   scripts/restore_sqlite.sh backups/app-20260101T000000Z.db instance/app.db
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BACKUP_FILE DATABASE_FILE" >&2; exit 2; }
backup=$1 target=$2
[ -f "$backup" ] || { echo "no backup at $backup" >&2; exit 1; }
PY=${PYTHON:-python3}
"$PY" - "$backup" "$target" <<'PY'
import os, shutil, sqlite3, sys, time
backup, target = sys.argv[1], sys.argv[2]
started = time.perf_counter()
check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
check.close()
if integrity != "ok":
    sys.exit(f"{backup} fails integrity_check ({integrity!r}); nothing restored")
os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
shutil.copyfile(backup, target + ".restoring")
for suffix in ("-wal", "-shm"):
    if os.path.exists(target + suffix):
        os.remove(target + suffix)
if os.path.exists(target):
    os.replace(target, target + ".before-restore")
os.chmod(target + ".restoring", 0o600)
os.replace(target + ".restoring", target)
print(f"restored {target} from {backup} in {time.perf_counter() - started:.2f} s")
PY

#!/usr/bin/env bash
# Backup of what lives outside the database: the certificate signing key (with the retired-keys
# list and the audit checkpoint key, if any), the stored certificate PDFs and the audit
# checkpoint file (AUDIT_CHECKPOINT_PATH). Two archives, because the keys are secrets: keep
# keys-*.tar.gz apart from the database backups (another volume, offline, or encrypted).
#   SIGNING_KEY_PATH=... CERTIFICATE_DIR=... scripts/backup_files.sh backups/
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: SIGNING_KEY_PATH=... CERTIFICATE_DIR=... $0 BACKUP_DIR" >&2; exit 2; }
dir=$1
key=${SIGNING_KEY_PATH:-instance/signing_key.pem}
certs=${CERTIFICATE_DIR:-instance/certificates}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
[ -f "$key" ] || { echo "no signing key at $key" >&2; exit 1; }
mkdir -p "$dir"
umask 077
keyfiles=(-C "$(dirname "$key")" "$(basename "$key")")
if [ -n "${SIGNING_RETIRED_KEYS_PATH:-}" ] && [ -f "$SIGNING_RETIRED_KEYS_PATH" ]; then
  keyfiles+=(-C "$(dirname "$SIGNING_RETIRED_KEYS_PATH")" "$(basename "$SIGNING_RETIRED_KEYS_PATH")")
fi
audit_key=${AUDIT_CHECKPOINT_KEY_PATH:-instance/audit_checkpoint_key.pem}
if [ -f "$audit_key" ]; then
  keyfiles+=(-C "$(dirname "$audit_key")" "$(basename "$audit_key")")
fi
tar -czf "$dir/keys-$stamp.tar.gz" "${keyfiles[@]}"
echo "backup $dir/keys-$stamp.tar.gz (signing key: store apart from the database backups)"
if [ -d "$certs" ]; then
  tar -czf "$dir/certificates-$stamp.tar.gz" -C "$certs" .
  echo "backup $dir/certificates-$stamp.tar.gz ($(find "$certs" -type f | wc -l) files)"
fi
checkpoints=${AUDIT_CHECKPOINT_PATH:-instance/audit-checkpoints.txt}
if [ -f "$checkpoints" ]; then
  cp "$checkpoints" "$dir/audit-checkpoints-$stamp.txt"
  echo "backup $dir/audit-checkpoints-$stamp.txt (verify a restore of this backup against it)"
fi
(cd "$dir" && sha256sum ./*-"$stamp".* > "SHA256SUMS-$stamp")

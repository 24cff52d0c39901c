#!/usr/bin/env bash
# Restore the signing key and the certificate PDFs from backup_files.sh archives. An existing
# signing key is never overwritten (move it away first if you really mean to replace it).
#   SIGNING_KEY_PATH=... CERTIFICATE_DIR=... scripts/restore_files.sh backups/keys-X.tar.gz \
#       [backups/certificates-X.tar.gz]
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 KEYS_ARCHIVE [CERTIFICATES_ARCHIVE]" >&2; exit 2; }
key=${SIGNING_KEY_PATH:-instance/signing_key.pem}
certs=${CERTIFICATE_DIR:-instance/certificates}
sums="$(dirname "$1")/SHA256SUMS-$(basename "$1" .tar.gz | sed 's/^keys-//')"
if [ -f "$sums" ]; then (cd "$(dirname "$1")" && sha256sum --quiet -c "$(basename "$sums")"); fi
[ ! -e "$key" ] || { echo "a signing key already exists at $key; refusing to overwrite" >&2; exit 1; }
umask 077
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tar -xzf "$1" -C "$tmp"
mkdir -p "$(dirname "$key")"
install -m 600 "$tmp/$(tar -tzf "$1" | head -n1)" "$key"
audit_key=${AUDIT_CHECKPOINT_KEY_PATH:-$(dirname "$key")/audit_checkpoint_key.pem}
for other in $(tar -tzf "$1" | tail -n +2); do
  if [ "$other" = "$(basename "$audit_key")" ]; then
    [ ! -e "$audit_key" ] || { echo "an audit checkpoint key already exists at $audit_key; refusing to overwrite" >&2; exit 1; }
    install -m 600 "$tmp/$other" "$audit_key"
    echo "restored audit checkpoint key to $audit_key"
    continue
  fi
  install -m 600 "$tmp/$other" "${SIGNING_RETIRED_KEYS_PATH:-$(dirname "$key")/$other}"
done
echo "restored signing key to $key"
if [ $# -eq 2 ]; then
  mkdir -p "$certs"
  tar -xzf "$2" -C "$certs"
  echo "restored $(find "$certs" -type f | wc -l) certificate files to $certs"
fi

"""Backup and restore with the scripts in scripts/ (security.md item 30): a restored database
passes the audit chain check, certificates issued before the backup still verify with the restored
signing key, revoked ones still show as revoked, and row counts match."""
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "scripts"


def run(script, *args, env=None):
    result = subprocess.run([str(SCRIPTS / script), *map(str, args)], capture_output=True,
                            text=True, timeout=120, env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{script}: {result.stdout}\n{result.stderr}"
    print(result.stdout.strip())  # dump and restore times: RTO evidence (pytest -s shows them)
    return result.stdout


def filled(app):
    from bench.datagen import fill

    with app.app_context():
        upgrade()
        fill(scale=0.0005, seed=5, logins=2, report=lambda line: None)


def snapshot(app) -> dict:
    """Row counts per table, the audit chain head, units' PCRS levels, and a valid and a revoked
    certificate."""
    from app.audit.models import AuditEvent
    from app.certification.models import Certificate
    from app.units.models import Unit

    with app.app_context():
        counts = {name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
                  for name, table in db.metadata.tables.items()}
        head = db.session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.seq.desc()))
        valid = db.session.scalar(sa.select(Certificate.token).where(
            Certificate.status == "valid", Certificate.kind == "individual").order_by(Certificate.id))
        revoked = db.session.scalar(sa.select(Certificate.token).where(
            Certificate.status == "revoked", Certificate.superseded_by_id.is_(None))
            .order_by(Certificate.id))
        levels = dict(db.session.execute(sa.select(Unit.id, Unit.pcrs_level)).all())
    return {"counts": counts, "head": head, "valid": valid, "revoked": revoked, "levels": levels}


def checkpoint(app, path: Path) -> str:
    """`flask audit checkpoint --file PATH` (with the checkpoint key made if missing, as
    `make run` does); returns the checkpointed head hash."""
    from app.audit.checkpoints import parse

    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "key", "generate", "--if-missing"]).exit_code == 0
    result = runner.invoke(args=["audit", "checkpoint", "--file", str(path)])
    assert result.exit_code == 0, result.output
    return parse(path.read_text().splitlines()[-1]).head


def check_restored(app, before: dict, checkpoints: Path | None = None):
    """What a restore must give back: `audit verify` passes (against the checkpoints taken
    with the backup), and the public verify page shows the valid certificate as valid (signature
    checked) and the revoked one as revoked."""
    after = snapshot(app)
    assert after["head"] == before["head"]
    assert after["levels"] == before["levels"]  # PCRS levels (readiness flags) as they were
    args = ["audit", "verify"] + (["--checkpoints", str(checkpoints)] if checkpoints else [])
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0 and "Audit chain OK" in result.output, result.output
    if checkpoints:
        assert "checkpoints match" in result.output
    client = app.test_client()
    valid = client.get(f"/verify/{before['valid']}")
    assert valid.status_code == 200
    assert 'data-status="valid"' in valid.get_data(as_text=True)
    with app.app_context():
        from app.certification.verification.lookup import look_up
        from app.timeutil import today
        assert look_up(before["valid"], today())["status"] == "valid"
        assert look_up(before["revoked"], today())["status"] == "revoked"
    revoked = client.get(f"/verify/{before['revoked']}").get_data(as_text=True)
    assert 'data-status="revoked"' in revoked and "Revoked on" in revoked
    return after


def test_sqlite_backup_during_writes_restores_and_verifies(app_on, tmp_path):
    source = tmp_path / "source.db"
    app = app_on(f"sqlite:///{source}")
    filled(app)
    before = snapshot(app)

    stop, written = threading.Event(), [0]

    def keep_writing():  # audit events appended while the backup runs
        from app.audit import services as audit
        with app.app_context():
            while not stop.is_set():
                audit.append("ops.test_write", object_type="Test")
                db.session.commit()
                written[0] += 1
                time.sleep(0.005)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while written[0] < 3:
            time.sleep(0.01)
        out = run("backup_sqlite.sh", source, tmp_path / "backup" / "app.db")
    finally:
        stop.set()
        writer.join()
    assert "integrity_check ok" in out and written[0] > 3
    run("restore_sqlite.sh", tmp_path / "backup" / "app.db", tmp_path / "restored" / "app.db")

    restored = app_on(f"sqlite:///{tmp_path / 'restored' / 'app.db'}")
    before["head"] = snapshot(restored)["head"]  # writes continued after the copy
    after = check_restored(restored, before)
    assert {k: v for k, v in after["counts"].items() if k != "audit_events"} == \
        {k: v for k, v in before["counts"].items() if k != "audit_events"}


def test_signing_key_and_certificates_restore(app_on, tmp_path):
    source = tmp_path / "source.db"
    app = app_on(f"sqlite:///{source}")
    filled(app)
    before = snapshot(app)
    key = Path(app.config["SIGNING_KEY_PATH"])
    pdfs = Path(app.config["CERTIFICATE_DIR"])
    pdfs.mkdir(parents=True, exist_ok=True)
    (pdfs / "KEN-2026-000001.pdf").write_bytes(b"%PDF-1.7 stored as issued")
    from app.audit import checkpoints as audit_checkpoints
    with app.app_context():
        audit_checkpoints.generate_key(app.config)
    audit_key = audit_checkpoints.key_path(app.config)
    env = {"SIGNING_KEY_PATH": str(key), "CERTIFICATE_DIR": str(pdfs),
           "AUDIT_CHECKPOINT_KEY_PATH": str(audit_key)}
    run("backup_files.sh", tmp_path / "backup", env=env)
    keys = next((tmp_path / "backup").glob("keys-*.tar.gz"))
    certs = next((tmp_path / "backup").glob("certificates-*.tar.gz"))
    assert oct(keys.stat().st_mode & 0o777) == "0o600"

    new_key = tmp_path / "new-host" / "keys" / "signing_key.pem"
    new_pdfs = tmp_path / "new-host" / "certificates"
    new_env = {"SIGNING_KEY_PATH": str(new_key), "CERTIFICATE_DIR": str(new_pdfs)}
    run("restore_files.sh", keys, certs, env=new_env)
    assert new_key.read_bytes() == key.read_bytes()
    new_audit_key = new_key.parent / "audit_checkpoint_key.pem"  # beside it by default
    assert new_audit_key.read_bytes() == audit_key.read_bytes()
    assert oct(new_audit_key.stat().st_mode & 0o777) == "0o600"
    assert (new_pdfs / "KEN-2026-000001.pdf").read_bytes() == b"%PDF-1.7 stored as issued"
    refused = subprocess.run([str(SCRIPTS / "restore_files.sh"), str(keys)], capture_output=True,
                             text=True, env={**os.environ, **new_env})
    assert refused.returncode != 0 and "refusing to overwrite" in refused.stderr

    checkpoints = tmp_path / "backup" / "audit-checkpoints"
    assert checkpoint(app, checkpoints) == before["head"]
    run("backup_sqlite.sh", source, tmp_path / "backup" / "app.db")
    run("restore_sqlite.sh", tmp_path / "backup" / "app.db", tmp_path / "new-host" / "app.db")
    restored = app_on(f"sqlite:///{tmp_path / 'new-host' / 'app.db'}",
                      SIGNING_KEY_PATH=str(new_key), CERTIFICATE_DIR=str(new_pdfs))
    check_restored(restored, before, checkpoints)

    other_key = tmp_path / "other" / "signing_key.pem"
    wrong = app_on(f"sqlite:///{tmp_path / 'new-host' / 'app.db'}",
                   SIGNING_KEY_PATH=str(other_key))
    with wrong.app_context():
        from app.credentials.signing import generate_key
        from app.certification.verification.lookup import look_up
        from app.timeutil import today
        generate_key(other_key)
        assert look_up(before["valid"], today())["status"] == "invalid"


@pytest.mark.postgres
def test_postgres_dump_restore_single_transaction(app_on, empty_database_url, tmp_path):
    app = app_on(empty_database_url)
    filled(app)
    before = snapshot(app)
    checkpoints = tmp_path / "audit-checkpoints"
    assert checkpoint(app, checkpoints) == before["head"]
    url = sa.make_url(empty_database_url)
    dump = tmp_path / "backup" / "pkt.dump"
    run("backup_postgres.sh", dump, env={"DATABASE_URL": empty_database_url})
    later = tmp_path / "audit-checkpoints-later"
    later.write_text(checkpoints.read_text())
    with app.app_context():  # the live system goes on after the backup
        from app.audit import services as audit
        audit.append("ops.after_backup", object_type="Test")
        db.session.commit()
    checkpoint(app, later)

    target = url.set(database=url.database + "_restored")
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    try:
        plain = target.set(drivername="postgresql").render_as_string(hide_password=False)
        run("restore_postgres.sh", dump, plain)
        again = subprocess.run([str(SCRIPTS / "restore_postgres.sh"), str(dump), plain],
                               capture_output=True, text=True)
        assert again.returncode != 0 and "not empty" in again.stderr
        restored = app_on(target.render_as_string(hide_password=False))
        after = check_restored(restored, before, checkpoints)
        assert after["counts"] == before["counts"]
        # Against checkpoints taken after the backup, the restore is (rightly) reported short:
        # verify a restore against the checkpoint file saved with its backup.
        short = restored.test_cli_runner().invoke(args=["audit", "verify", "--checkpoints",
                                                        str(later)])
        assert short.exit_code == 1 and "cut off" in short.output
        with restored.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()

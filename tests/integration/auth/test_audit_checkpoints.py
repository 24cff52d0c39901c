"""Signed audit checkpoints (issue 16 item 11): Ed25519 with a key of their own, written with no
one asking (after every AUDIT_CHECKPOINT_EVERY-th event, and by the worker on a schedule), so
`audit verify` alone catches a chain rewritten and re-hashed, or cut at the end; a checkpoint
signed by any other key is refused; older HMAC lines still count, as legacy; the audit page
shows the latest."""
import hashlib
import hmac
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.audit import checkpoints
from app.audit import services as audit
from app.audit.models import AuditEvent
from app.auth.models import Role

EVERY = 5


@pytest.fixture
def signed(app):
    """Checkpoints every EVERY events, signed by a fresh key; the checkpoint file's path."""
    app.config["AUDIT_CHECKPOINT_EVERY"] = EVERY
    checkpoints.generate_key(app.config)
    return Path(app.config["AUDIT_CHECKPOINT_PATH"])


def add(db, count, *, commit_each=True):
    for n in range(count):
        audit.append("test.event", details={"n": n})
        if commit_each:
            db.session.commit()
    db.session.commit()


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def seq_of(line: str) -> int:
    return int(line.split()[1])


def head(db, seq):
    return db.session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))


def verify(runner, *args):
    return runner.invoke(args=["audit", "verify", *args])


def rehash_all(db, edit_seq=None):
    """What someone who can write the table does: edit a row, recompute every hash after it."""
    prev = audit.GENESIS
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        if event.seq == edit_seq:
            event.details = {"n": "rewritten"}
        event.prev_hash = prev
        event.hash = prev = audit.chain_hash(prev, event)
    db.session.commit()
    return prev


def test_exactly_every_n_events_writes_a_checkpoint_and_one_fewer_does_not(signed, db, runner):
    add(db, EVERY - 1)
    assert lines(signed) == []
    add(db, 1)
    [line] = lines(signed)
    assert line.startswith("v2 ") and seq_of(line) == EVERY and line.split()[2] == head(db, EVERY)
    add(db, EVERY - 1)
    assert len(lines(signed)) == 1
    add(db, 1)
    assert [seq_of(x) for x in lines(signed)] == [EVERY, 2 * EVERY]
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert f"{2 * EVERY} events verified" in result.output and "2 checkpoints match" in result.output


def test_one_commit_across_the_mark_checkpoints_the_nth_event(signed, db):
    add(db, EVERY + 2, commit_each=False)
    [line] = lines(signed)
    assert seq_of(line) == EVERY and line.split()[2] == head(db, EVERY)


def test_a_rolled_back_nth_event_writes_no_checkpoint(signed, db, runner):
    add(db, EVERY - 1)
    audit.append("test.event", details={"n": "rolled back"})
    db.session.rollback()
    assert lines(signed) == []
    add(db, 1)
    [line] = lines(signed)
    assert line.split()[2] == head(db, EVERY)
    assert verify(runner).exit_code == 0


def test_a_cut_tail_is_caught_with_no_manual_step(signed, db, runner):
    add(db, 2 * EVERY + 2)
    db.session.execute(text("DELETE FROM audit_events WHERE seq > :s"), {"s": EVERY + 1})
    db.session.commit()
    assert audit.verify_chain().ok  # the chain alone cannot see it
    cut = verify(runner)
    assert cut.exit_code == 1
    assert f"seq {2 * EVERY}" in cut.output and "cut off" in cut.output


def test_a_rewritten_chain_is_caught_with_no_manual_step(signed, db, runner):
    add(db, 2 * EVERY)
    rehash_all(db, edit_seq=3)
    assert audit.verify_chain().ok  # a full rewrite passes the chain check
    rewritten = verify(runner)
    assert rewritten.exit_code == 1 and "rewritten" in rewritten.output


def test_a_checkpoint_signed_with_another_key_is_refused(signed, db, runner, app, tmp_path):
    add(db, EVERY)
    new_head = rehash_all(db, edit_seq=2)
    # the forger signs the new head with a key of their own, in the same format
    other = dict(app.config, AUDIT_CHECKPOINT_KEY_PATH=str(tmp_path / "forger.pem"))
    checkpoints.generate_key(other)
    forged = checkpoints.sign(other, EVERY, new_head)
    signed.write_text(forged.line() + "\n")
    result = verify(runner)
    assert result.exit_code == 1 and "not trusted" in result.output
    # ... or claims our key id with their signature
    ours = checkpoints.sign(app.config, EVERY, new_head)
    claimed = checkpoints.Checkpoint(EVERY, new_head, forged.at, ours.kid, forged.signature)
    signed.write_text(claimed.line() + "\n")
    result = verify(runner)
    assert result.exit_code == 1 and "bad signature" in result.output
    # ... or writes an old-format line with a made-up HMAC
    signed.write_text(f"{EVERY} {new_head} {forged.at} {'0' * 64}\n")
    result = verify(runner)
    assert result.exit_code == 1 and "bad HMAC" in result.output
    # the page says so too
    status = checkpoints.latest_status(app.config)
    assert status is not None and not status.verified


def test_a_public_key_kept_apart_decides(signed, db, runner, app, tmp_path):
    add(db, EVERY)
    shown = runner.invoke(args=["audit", "key", "show"])
    assert shown.exit_code == 0 and "BEGIN PUBLIC KEY" in shown.output
    kid = shown.output.splitlines()[0].split()[1]
    assert lines(signed)[0].split()[4] == kid
    pem = tmp_path / "audit-public.pem"
    pem.write_text(shown.output.split("\n", 1)[1])
    assert verify(runner, "--public-key", str(pem)).exit_code == 0
    # a key file swapped on the machine: its checkpoints are not the pinned key's
    other = dict(app.config, AUDIT_CHECKPOINT_KEY_PATH=str(tmp_path / "swapped.pem"))
    checkpoints.generate_key(other)
    other_pem = tmp_path / "swapped-public.pem"
    other_pem.write_text(checkpoints.public_pem(checkpoints.public_key(other)))
    result = verify(runner, "--public-key", str(other_pem))
    assert result.exit_code == 1 and "not trusted" in result.output


def test_legacy_hmac_lines_still_verify_and_are_marked(signed, db, runner, app):
    add(db, EVERY - 2)
    seq, at = EVERY - 2, "2026-01-01T00:00:00Z"
    key = hashlib.sha256(b"audit-checkpoint\0" + app.config["SECRET_KEY"].encode()).digest()
    mac = hmac.new(key, f"audit-v1 {seq} {head(db, seq)} {at}".encode(), hashlib.sha256)
    signed.write_text(f"{seq} {head(db, seq)} {at} {mac.hexdigest()}\n")
    result = verify(runner)
    assert result.exit_code == 0 and "1 checkpoints match (1 legacy HMAC)" in result.output
    add(db, 2)  # the first signed one follows
    result = verify(runner)
    assert result.exit_code == 0 and "2 checkpoints match (1 legacy HMAC)" in result.output


def test_the_worker_checkpoints_on_its_schedule_when_the_head_moved(signed, db, app):
    from app.certification.issuing import jobs
    from app.worker import checkpoint_now, due, schedule

    assert due(60, datetime(2026, 1, 1, 10, 0)) and not due(60, datetime(2026, 1, 1, 10, 1))
    assert due(15, datetime(2026, 1, 1, 10, 45)) and not due(0, datetime(2026, 1, 1, 0, 0))
    add(db, 2)
    written = checkpoint_now(app)
    assert written.seq == 2 and [seq_of(x) for x in lines(signed)] == [2]
    assert checkpoint_now(app) is None  # nothing moved: nothing written
    add(db, 1)
    assert checkpoint_now(app).seq == 3
    app.config["AUDIT_CHECKPOINT_MINUTES"] = 30
    task = schedule(app)
    try:
        names = {t.name for t in jobs.huey.read_periodic(datetime(2026, 1, 1, 10, 30))}
        assert "audit.checkpoint" in names
        assert "audit.checkpoint" not in {
            t.name for t in jobs.huey.read_periodic(datetime(2026, 1, 1, 10, 31))}
    finally:
        task.unregister()


def test_without_a_key_the_events_still_commit(app, db, runner):
    app.config["AUDIT_CHECKPOINT_EVERY"] = EVERY
    add(db, EVERY)
    assert db.session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc())) == EVERY
    assert not Path(app.config["AUDIT_CHECKPOINT_PATH"]).exists()
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code != 0 and "audit key generate" in result.output
    result = verify(runner)
    assert result.exit_code == 0 and "WARNING: no checkpoint file" in result.output


def test_the_audit_page_shows_the_latest_checkpoint(signed, db, client, make_user, login_as):
    admin = make_user(Role.UN_ADMIN)
    db.session.commit()
    login_as(admin)
    add(db, EVERY)  # some events from signing in may already be there: fill to a multiple
    last = lines(signed)[-1].split()
    page = client.get("/audit/events").get_data(as_text=True)
    block = page.split('id="audit-checkpoint"', 1)[1].split("</section>", 1)[0]
    assert last[2] in block and last[3] in block and last[4] in block and f">{last[1]}<" in block
    assert 'id="audit-checkpoint-verified"><span class="badge text-bg-success">' in block
    db.session.execute(text("DELETE FROM audit_events WHERE seq >= :s"), {"s": int(last[1])})
    db.session.commit()
    page = client.get("/audit/events").get_data(as_text=True)
    block = page.split('id="audit-checkpoint"', 1)[1].split("</section>", 1)[0]
    assert "text-bg-danger" in block and "cut off the end" in block
    french = client.get("/audit/events", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Dernier point de contrôle signé" in french


def test_state_staff_do_not_see_the_checkpoint(signed, db, client, make_user, login_as):
    add(db, EVERY)
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    page = client.get("/audit/events")
    assert page.status_code == 200 and 'id="audit-checkpoint"' not in page.get_data(as_text=True)

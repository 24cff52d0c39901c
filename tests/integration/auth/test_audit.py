"""The audit trail (security.md check 24): events for the auth actions, `audit verify`
catching an edited, deleted, reordered or inserted row at the right seq (3 positions each),
and the audit pages' scoping."""
import pytest
from sqlalchemy import select, text, update

from app.audit import services as audit
from app.audit.models import AuditEvent
from app.auth.models import Role
from tests.conftest import PASSWORD, complete_mfa

POSITIONS = (1, 5, 10)


@pytest.fixture
def chain(db):
    for n in range(12):
        audit.append("test.event", details={"n": n})
    db.session.commit()


def _verify(runner):
    return runner.invoke(args=["audit", "verify"])


def test_intact_chain_verifies(runner, chain):
    result = _verify(runner)
    assert result.exit_code == 0 and "12 events verified" in result.output


@pytest.mark.parametrize("seq", POSITIONS)
def test_edited_row_is_reported_at_its_seq(runner, chain, db, seq):
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == seq)
                       .values(details={"n": 999}))
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and f"seq {seq}:" in result.output


@pytest.mark.parametrize("seq", POSITIONS)
def test_deleted_row_is_reported_at_the_next_seq(runner, chain, db, seq):
    db.session.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": seq})
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and f"seq {seq + 1}:" in result.output


@pytest.mark.parametrize("seq", POSITIONS)
def test_reordered_rows_are_reported_at_the_first_swapped(runner, chain, db, seq):
    first, second = (db.session.get(AuditEvent, s) for s in (seq, seq + 1))
    cols = ("ts", "actor_id", "actor_role", "state_id", "action", "object_type", "object_id",
            "request_id", "details", "prev_hash", "hash")
    a = {c: getattr(first, c) for c in cols}
    b = {c: getattr(second, c) for c in cols}
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == seq).values(**b))
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == seq + 1).values(**a))
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and f"seq {seq}:" in result.output


@pytest.mark.parametrize("seq", POSITIONS)
def test_inserted_row_is_reported(runner, chain, db, seq):
    """A row slipped in at `seq` (later rows moved up one). A forger who also recomputes the
    new row's hash is still caught at the row after it."""
    db.session.execute(text("UPDATE audit_events SET seq = seq + 1000 WHERE seq >= :s"),
                       {"s": seq})
    db.session.execute(text("UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000"))
    prev = db.session.get(AuditEvent, seq - 1)
    forged = AuditEvent(seq=seq, ts=db.session.get(AuditEvent, seq + 1).ts, action="forged",
                        details={}, prev_hash=prev.hash if prev else audit.GENESIS, hash="0" * 64)
    forged.hash = audit.chain_hash(forged.prev_hash, forged)  # even a well-formed forgery
    db.session.add(forged)
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and f"seq {seq + 1}:" in result.output


def test_naive_insertion_is_reported_at_its_own_seq(runner, chain, db):
    db.session.add(AuditEvent(seq=13, ts=db.session.get(AuditEvent, 12).ts, action="forged",
                              details={}, prev_hash="f" * 64, hash="e" * 64))
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and "seq 13:" in result.output


def _actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq))]


def test_auth_actions_each_write_one_event(app, client, make_user, login_as, db):
    officer = make_user(Role.UN_OFFICER)
    registrar = make_user(Role.CENTRE_REGISTRAR)
    start = len(_actions(db))
    client.post("/auth/login", data={"email": officer.email, "password": "wrong one here 1"})
    client.post("/auth/login", data={"email": officer.email, "password": PASSWORD})
    client.post("/auth/mfa", data={"code": "000000"})
    complete_mfa(client, officer)
    client.get("/admin/users")  # denied
    client.post("/auth/logout")
    login_as(registrar)
    new = "another strong passphrase 2026"
    client.post("/auth/account/password", data={"current_password": PASSWORD,
                                                "new_password": new, "confirm": new})
    assert _actions(db)[start:] == [
        "auth.login_failed", "auth.mfa_failed", "auth.mfa_ok", "auth.login", "access.denied",
        "auth.logout", "auth.login", "user.password_change"]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.seq > start)).all()
    assert all(e.ts.tzinfo is not None and e.request_id for e in events)
    login = next(e for e in events if e.action == "auth.login")
    assert (login.actor_id, login.actor_role, login.object_type) == \
        (officer.id, "un_officer", "User")
    denied = next(e for e in events if e.action == "access.denied")
    assert denied.actor_id == officer.id and denied.details["what"] == "user.manage"
    text_dump = " ".join(str(e.details) for e in events)
    assert PASSWORD not in text_dump and officer.mfa_secret not in text_dump
    assert officer.email not in text_dump
    assert _verify(app.test_cli_runner()).exit_code == 0


def _seed_events(db, make_state):
    ken, gha = make_state("KEN"), make_state("GHA")
    audit.append("unit.create", state_id=ken.id, object_type="Unit", object_id=1)
    audit.append("unit.create", state_id=gha.id, object_type="Unit", object_id=2)
    audit.append("import.commit", state_id=gha.id, details={"kind": "roster", "rows": 3})
    db.session.commit()
    return ken, gha


def test_un_admin_sees_all_and_filters(client, make_user, login_as, db, make_state):
    _ken, gha = _seed_events(db, make_state)
    login_as(make_user(Role.UN_ADMIN))
    page = client.get("/audit/events").get_data(as_text=True)
    assert ">KEN</abbr>" in page and ">GHA</abbr>" in page
    only_gha = client.get("/audit/events?state=GHA").get_data(as_text=True)
    assert ">KEN</abbr>" not in only_gha and ">GHA</abbr>" in only_gha
    imports = client.get("/audit/events?action=import").get_data(as_text=True)
    assert 'data-action="import.commit"' in imports and 'data-action="unit.create"' not in imports
    assert "The system imported 3 people into a unit." in imports
    assert 'data-action="unit.create"' not in client.get(
        "/audit/events?date_to=2000-01-01").get_data(as_text=True)
    assert client.get("/audit/events?action=x%27%3B--").status_code == 200  # refused filter


def test_state_staff_see_only_their_state(client, make_user, login_as, db, make_state):
    _seed_events(db, make_state)
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    page = client.get("/audit/events").get_data(as_text=True)
    assert ">KEN</abbr>" in page and ">GHA</abbr>" not in page
    foreign = client.get("/audit/events?state=GHA").get_data(as_text=True)
    assert ">GHA</abbr>" not in foreign and 'data-action="import.commit"' not in foreign


@pytest.mark.parametrize("role", [Role.TOT_TRAINER, Role.PARTNER_TRAINER, Role.UN_OFFICER])
def test_other_roles_have_no_audit_page(client, make_user, login_as, role):
    login_as(make_user(role))
    assert client.get("/audit/events").status_code == 403


def test_verify_takes_under_five_seconds_for_ten_thousand_events(runner, db):
    import time

    from app.timeutil import utcnow

    prev, rows = audit.GENESIS, []
    now = utcnow()
    for seq in range(1, 10_001):
        event = AuditEvent(seq=seq, ts=now, action="bulk", details={"n": seq}, prev_hash=prev)
        event.hash = audit.chain_hash(prev, event)
        prev = event.hash
        rows.append(event)
    db.session.add_all(rows)
    db.session.commit()
    started = time.perf_counter()
    result = _verify(runner)
    elapsed = time.perf_counter() - started
    print(f"\naudit verify: 10,000 events in {elapsed:.2f} s")
    assert result.exit_code == 0 and elapsed < 5


def test_no_secret_reaches_the_logs_or_the_trail(app, client, make_user, db, caplog):
    """The password, the TOTP secret and code, the session cookie and API tokens appear in no
    log record and no audit event, whatever happens at sign-in (a CR/LF email included)."""
    import logging

    from app.auth import tokens

    caplog.set_level(logging.DEBUG)
    officer = make_user(Role.UN_OFFICER)
    client.post("/auth/login", data={"email": "evil\r\nINJECTED@example.org",
                                     "password": PASSWORD})
    client.post("/auth/login", data={"email": officer.email, "password": PASSWORD + "!"})
    client.post("/auth/login", data={"email": officer.email, "password": PASSWORD})
    client.post("/auth/mfa", data={"code": "123456"})
    complete_mfa(client, officer)
    cookie = client.get_cookie("session").value
    _row, token = tokens.create_api_token(officer, "t", days=1)
    db.session.commit()
    app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    client.get("/no/such/page")
    secrets_ = [PASSWORD, officer.mfa_secret, cookie, token]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    trail = " ".join(f"{e.object_id} {e.details} {e.request_id}" for e in
                     db.session.scalars(select(AuditEvent)))
    for secret in secrets_:
        assert secret not in logged and secret not in trail
    assert "INJECTED" not in trail and "\n" not in trail

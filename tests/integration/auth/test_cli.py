"""`flask users create` and the demo users part."""
import json

import pyotp
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.auth.passwords import verify_password

STRONG = "a long and unusual passphrase 2026"


def test_create_with_password_from_environment(runner, make_state, db):
    make_state("KEN")
    result = runner.invoke(args=["users", "create", "Reg@Example.org", "--role",
                                 "centre_registrar", "--state", "ken"], env={"PASSWORD": STRONG})
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "reg@example.org" and user.state.iso3 == "KEN"
    assert verify_password(user.password_hash, STRONG)
    assert db.session.scalar(select(AuditEvent.action)) == "user.create"


def test_create_with_prompted_password(runner, db):
    result = runner.invoke(args=["users", "create", "un@example.org", "--role", "un_officer"],
                           input=f"{STRONG}\n{STRONG}\n", env={"PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert "Two-step verification will be set up" in result.output


def test_clear_errors(runner, make_state, db):
    make_state("KEN")
    db.session.commit()
    cases = [
        (["x@example.org", "--role", "centre_registrar"], STRONG, "needs a Member State"),
        (["x@example.org", "--role", "centre_registrar", "--state", "ZZZ"], STRONG,
         "unknown Member State"),
        (["x@example.org", "--role", "un_admin", "--state", "KEN"], STRONG,
         "not bound to a Member State"),
        (["x@example.org", "--role", "un_admin"], "short", "at least 12"),
        (["x@example.org", "--role", "un_admin"], "passwordpassword", "too common"),
        (["x@example.org", "--role", "wizard"], STRONG, "Invalid value for '--role'"),
    ]
    for args, password, message in cases:
        result = runner.invoke(args=["users", "create", *args], env={"PASSWORD": password})
        assert result.exit_code != 0 and message in result.output, (args, result.output)
    runner.invoke(args=["users", "create", "x@example.org", "--role", "un_admin"],
                  env={"PASSWORD": STRONG})
    again = runner.invoke(args=["users", "create", "X@example.org", "--role", "un_admin"],
                          env={"PASSWORD": STRONG})
    assert again.exit_code == 1 and "already exists" in again.output


def test_demo_users_one_per_role_with_tokens_and_totp(app, db):
    from app.demo import users
    from app.demo.context import DemoContext

    ctx = DemoContext(password=STRONG)
    users.seed(ctx)
    db.session.commit()
    logins = json.loads(json.dumps(ctx.as_json()))["logins"]
    assert "TOTP secret" in ctx.as_text()
    assert ctx.objects["partner_trainer_user"].role is Role.PARTNER_TRAINER
    assert {entry["role"] for entry in logins} == {r.value for r in Role}
    registrars = [e for e in logins if e["role"] == "centre_registrar"]
    assert len({e["state"] for e in registrars}) == 2
    client = app.test_client()
    for entry in logins:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {entry['api_token']}"})
        assert me.status_code == 200 and me.json["email"] == entry["email"]
        assert ("totp_secret" in entry) is Role(entry["role"]).requires_mfa
    assert all(u.is_demo for u in db.session.scalars(select(User)))
    officer = next(e for e in logins if e["role"] == "un_officer")
    web = app.test_client()
    web.post("/auth/login", data={"email": officer["email"], "password": STRONG})
    web.post("/auth/mfa", data={"code": pyotp.TOTP(officer["totp_secret"]).now()})
    assert web.get("/auth/account").status_code == 200

"""Make sure the load-test database exists and holds data at the wanted scale (fill it with
bench/datagen.py otherwise), then write what the locust users need: bench/out/load_targets.json
(units, people and sessions of each bench registrar's state), bench/out/tokens.txt, and the
accounts whose home pages are in the mix (bench/out/home_logins.json: certifying officers, ToT
and partner trainers, UN officers and administrators, with their two-step secrets)."""
import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import databases, datagen  # noqa: E402
from bench.load.servers import OUT  # noqa: E402

TOKENS = 5000  # random certificate tokens for the verify requests of the load scripts
# Accounts per role for the home pages in the mixed traffic: one per simulated user at most, as a
# two-step code is accepted once per account (a second user of the account in the same 30 s
# would be refused).
HOME_ACCOUNTS = 4
HOME_ROLES = ("certifying_officer", "tot_trainer", "partner_trainer", "un_officer", "un_admin")


def is_filled(app, scale: float | None) -> bool:
    """People at exactly this scale (None: any), certificates that verify with bench/out's key,
    and the sign-ins the generator wrote for it."""
    from app.certification.models import Certificate
    from app.certification.services import authentic
    from app.extensions import db

    if not (OUT / "signing_key.pem").is_file() or not (OUT / "logins.json").is_file():
        return False
    if not databases.is_at_scale(app, scale):
        return False
    with app.app_context():
        sample = db.session.scalar(sa.select(Certificate).order_by(Certificate.id.desc()))
        return sample is not None and authentic(sample)


def write_targets(app) -> None:
    from app.extensions import db
    from app.training.models import CourseSession
    from app.units.models import Person, Unit

    logins = json.loads((OUT / "logins.json").read_text())
    targets = {}
    with app.app_context():
        for login in logins:
            state = login["state_id"]
            if state is None:
                continue
            ids = lambda model: db.session.scalars(  # noqa: E731
                sa.select(model.id).where(model.state_id == state).order_by(model.id).limit(50)
            ).all()
            targets[state] = {"units": ids(Unit), "people": ids(Person),
                              "sessions": ids(CourseSession)}
    (OUT / "load_targets.json").write_text(json.dumps(targets))


def home_accounts(app) -> None:
    """HOME_ACCOUNTS accounts of each HOME_ROLES role (state roles in the first bench
    registrar's Member State), created when missing, two-step verification enrolled for the
    roles that need it; written with their secrets to bench/out/home_logins.json."""
    import os

    import pyotp

    from app.auth.models import Role, User
    from app.auth.services import create_user
    from app.extensions import db
    from bench.datagen import BENCH_PASSWORD

    password = os.environ.get("BENCH_PASSWORD", BENCH_PASSWORD)
    registrars = [l for l in json.loads((OUT / "logins.json").read_text())
                  if l["role"] == "centre_registrar"]
    state_id = registrars[0]["state_id"]
    logins = []
    with app.app_context():
        for value in HOME_ROLES:
            role = Role(value)
            for n in range(HOME_ACCOUNTS):
                email = f"bench.home.{value.replace('_', '-')}.{n}@example.org"
                user = db.session.scalar(sa.select(User).where(User.email == email))
                if user is None:
                    user = create_user(email, role, password,
                                       state_id=None if role.sees_all_states else state_id)
                    if role.requires_mfa:
                        user.mfa_secret, user.mfa_enabled = pyotp.random_base32(), True
                logins.append({"email": email, "role": value, "state_id": user.state_id,
                               "password": password, "totp_secret": user.mfa_secret})
        db.session.commit()
        db.session.remove()
    (OUT / "home_logins.json").write_text(json.dumps(logins, indent=2))


def sample_tokens(database_url: str, count: int) -> tuple[Path, int]:
    """Write `count` random certificate tokens to bench/out/tokens.txt; return (path, total)."""
    from app.config import database_url as normalise

    engine = sa.create_engine(normalise(database_url))
    with engine.connect() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM certificates")).scalar_one()
        tokens = conn.execute(sa.text("SELECT token FROM certificates ORDER BY random() LIMIT :n"),
                              {"n": count}).scalars().all()
    engine.dispose()
    if not tokens:
        raise SystemExit("no certificates in the database: fill it with bench/datagen.py first")
    path = OUT / "tokens.txt"
    path.write_text("\n".join(tokens) + "\n")
    return path, total


def ensure(database_url: str, scale: float | None = None, refresh: bool = False) -> None:
    """Everything a load script reads: the database filled (at `scale`; None: at any scale, or
    at the design scale when it is empty), its sign-ins, targets and tokens in bench/out/
    (written again with `refresh`, or when missing)."""
    OUT.mkdir(parents=True, exist_ok=True)
    databases.ensure_database(database_url)
    app = datagen.bench_app(database_url)
    if is_filled(app, scale):
        print("load database already filled" + (f" at scale {scale:g}" if scale else ""))
        if not refresh and all((OUT / n).is_file() for n in ("load_targets.json", "tokens.txt",
                                                            "home_logins.json")):
            return
    elif datagen.main(["--database-url", database_url, "--scale", str(scale or 1.0),
                       "--reset"]) != 0:
        raise SystemExit("filling the load database failed")
    write_targets(app)
    home_accounts(app)
    sample_tokens(database_url, TOKENS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    ensure(args.database_url, args.scale, refresh=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

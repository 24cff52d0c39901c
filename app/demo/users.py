"""Demo part 1: one demo user per role (two registrars and two certifying officers, of Kenya and
Ghana), each with a personal API token; roles that need two-step verification come enrolled
and their TOTP secret is printed with the logins. Every user is flagged `is_demo`.

Leaves for later parts: ctx.objects["users"] (key -> User), ctx.objects["states"]
(ISO3 -> MemberState) and ctx.objects["partner_trainer_user"] (records links it to the demo
partnership).
"""
import pyotp
from sqlalchemy import select

from app.auth import tokens
from app.auth.models import Role
from app.auth.services import create_user
from app.catalogue.models import MemberState
from app.extensions import db

DOMAIN = "demo.example.org"
STATES = {"KEN": ("KE", "Kenya", "Kenya"), "GHA": ("GH", "Ghana", "Ghana"),
          "UGA": ("UG", "Uganda", "Ouganda"), "JPN": ("JP", "Japan", "Japon")}
# What the demo's certifying users are, as their certificates print it under their name.
JOB_TITLES = {
    "certifier_ken": "Director, Peace Support Training (demo)",
    "certifier_gha": "Commandant, national pre-deployment training (demo)",
    "tot_trainer": "Chief instructor, Training of Trainers (demo)",
}
# key, role, state (ISO3 or None), display name
USERS = (
    ("registrar_ken", Role.CENTRE_REGISTRAR, "KEN", "Demo registrar (Kenya, IPSTC)"),
    ("registrar_gha", Role.CENTRE_REGISTRAR, "GHA", "Demo registrar (Ghana, KAIPTC)"),
    ("certifier_ken", Role.CERTIFYING_OFFICER, "KEN", "Demo certifying officer (Kenya)"),
    ("certifier_gha", Role.CERTIFYING_OFFICER, "GHA", "Demo certifying officer (Ghana)"),
    ("tot_trainer", Role.TOT_TRAINER, None, "Demo ToT trainer (UN ToT Centre, Entebbe)"),
    ("partner_trainer", Role.PARTNER_TRAINER, "JPN", "Demo partner trainer (Japan)"),
    ("un_officer", Role.UN_OFFICER, None, "Demo UN officer"),
    ("un_admin", Role.UN_ADMIN, None, "Demo UN administrator"),
)


def _state(iso3: str) -> MemberState:
    """The catalogue's Member State row (created minimally when the catalogue is not loaded)."""
    state = db.session.scalar(select(MemberState).where(MemberState.iso3 == iso3))
    if state is None:
        iso2, name_en, name_fr = STATES[iso3]
        state = MemberState(iso3=iso3, iso2=iso2, name_en=name_en, name_fr=name_fr)
        db.session.add(state)
        db.session.flush()
    return state


def seed(ctx) -> None:
    states = {iso3: _state(iso3) for iso3 in STATES}
    users = {}
    for key, role, iso3, name in USERS:
        email = f"{key.replace('_', '.')}@{DOMAIN}"
        state_id = states[iso3].id if iso3 and not role.sees_all_states else None
        user = create_user(email, role, ctx.password, state_id=state_id, display_name=name,
                           is_demo=True)
        user.job_title = JOB_TITLES.get(key)
        login = {"email": email, "role": role.value, "state": iso3}
        if role.requires_mfa:
            user.mfa_secret, user.mfa_enabled = pyotp.random_base32(), True
            login["totp_secret"] = user.mfa_secret
        _token, secret = tokens.create_api_token(user, "demo token")
        login["api_token"] = secret
        ctx.logins.append(login)
        users[key] = user
    ctx.objects["users"] = users
    ctx.objects["states"] = states
    ctx.objects["partner_trainer_user"] = users["partner_trainer"]

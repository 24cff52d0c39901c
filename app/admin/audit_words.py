"""Audit events in words: "Registrar A imported 30 people into Unit B", in the reader's language.

Each action recorded in the trail (app/audit; `audit.append("unit.create", ...)` across the app)
has one sentence here, with the names of who did it and what it touched, read from the rows the
event names (a page of events loads each kind of row once). A test reads every action the app's
code appends and fails on one without a sentence (tests/integration/auth/test_audit_words.py).
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import User
from app.catalogue.models import MemberState
from app.extensions import db
from app.names import code_name
from app.training.models import CourseSession, Partnership, TrainerQualification
from app.units.models import Person, Unit

SENTENCES = {
    "access.denied": _l("%(actor)s was refused access to a page or an action."),
    "api_token.create": _l("%(actor)s created an API token."),
    "api_token.revoke": _l("%(actor)s revoked one of their API tokens."),
    "api_token.revoke_all": _l("The API tokens of %(user)s were revoked (%(count)s)."),
    "auth.login": _l("%(actor)s signed in."),
    "auth.login_failed": _l("A sign-in was refused: wrong email or password."),
    "auth.logout": _l("%(actor)s signed out."),
    "auth.mfa_disabled": _l("%(actor)s turned two-step verification off."),
    "auth.mfa_enrolled": _l("%(actor)s turned two-step verification on."),
    "auth.mfa_failed": _l("A two-step verification code for %(user)s was refused."),
    "auth.mfa_ok": _l("%(actor)s passed two-step verification."),
    "catalogue.load": _l("%(actor)s loaded a new version of the catalogue."),
    "certificate.issue": _l("%(actor)s issued the certificate %(serial)s."),
    "certificate.reinstate": _l("%(actor)s lifted the suspension of the certificate "
                                "%(serial)s."),
    "certificate.render_timeout": _l("A certificate took too long to produce for %(actor)s; "
                                     "nothing was issued."),
    "certificate.revoke": _l("%(actor)s revoked the certificate %(serial)s."),
    "certificate.suspend": _l("%(actor)s suspended the certificate %(serial)s."),
    "certification.request": _l("%(actor)s requested the certification of %(unit)s at "
                                "%(level)s."),
    "certification.request_declined": _l("%(actor)s declined the certification of %(unit)s at "
                                         "%(level)s."),
    "certification.request_issued": _l("%(actor)s issued the certificate %(serial)s of %(unit)s "
                                       "from the queue."),
    "completion.record": _l("%(actor)s recorded a result of %(person)s in %(standard)s."),
    "demo.records_seeded": _l("Demo training records were added for %(unit)s."),
    "demo.tot_seeded": _l("Demo trainer qualifications were added."),
    "import.commit": _l("%(actor)s imported a file of %(count)s rows."),
    "import.commit.roster": _l("%(actor)s imported %(count)s people into %(unit)s."),
    "import.commit.results": _l("%(actor)s imported %(count)s results for the session "
                                "%(session)s."),
    "language.record": _l("%(actor)s recorded %(person)s's level in %(language)s."),
    "membership.add": _l("%(actor)s added %(person)s to the roster of %(unit)s."),
    "membership.remove": _l("%(actor)s removed %(person)s from the roster of %(unit)s."),
    "membership.update": _l("%(actor)s changed the roster entry of %(person)s in %(unit)s."),
    "partnership.create": _l("%(actor)s created the partnership %(partnership)s."),
    "partnership.link_trainer": _l("%(actor)s made %(user)s a trainer of the partnership "
                                   "%(partnership)s."),
    "partnership.unlink_trainer": _l("%(actor)s removed %(user)s from the trainers of the "
                                     "partnership %(partnership)s."),
    "pcrs.decision": _l("%(actor)s recorded the PCRS decision: %(unit)s moves from %(from)s to "
                        "%(to)s."),
    "pcrs.decision_refused": _l("A PCRS decision by %(actor)s on %(unit)s was refused."),
    "person.create": _l("%(actor)s registered %(person)s."),
    "person.update": _l("%(actor)s changed the record of %(person)s."),
    "qualification.grant": _l("%(actor)s qualified %(person)s as a trainer."),
    "qualification.revoke": _l("%(actor)s withdrew a trainer qualification of %(person)s."),
    "roster.push": _l("%(actor)s sent the roster of %(unit)s through the API (%(count)s "
                      "people)."),
    "screening.record": _l("%(actor)s recorded a screening attestation for %(unit)s."),
    "session.attendee_remove": _l("%(actor)s removed %(person)s from the session %(session)s."),
    "session.attendees_add": _l("%(actor)s added %(count)s attendees to the session "
                                "%(session)s."),
    "session.create": _l("%(actor)s created the session %(session)s."),
    "session.results_record": _l("%(actor)s recorded %(count)s results for the session "
                                 "%(session)s."),
    "unit.create": _l("%(actor)s created the unit %(unit)s."),
    "unit.update": _l("%(actor)s changed the unit %(unit)s."),
    "user.create": _l("%(actor)s created the account of %(user)s."),
    "user.details": _l("%(actor)s changed how %(user)s is named."),
    "user.disable": _l("%(actor)s disabled the account of %(user)s."),
    "user.enable": _l("%(actor)s enabled the account of %(user)s again."),
    "user.invite": _l("%(actor)s sent an invitation."),
    "user.invite_accept": _l("%(actor)s accepted an invitation and joined."),
    "user.password_change": _l("%(actor)s changed their password."),
    "user.role_change": _l("%(actor)s changed the role of %(user)s."),
    "user.sessions_end": _l("%(actor)s signed %(user)s out everywhere."),
}
# The filter's choices: each part of the trail by the start its actions share.
AREAS = {
    "auth": _l("Sign-in and two-step verification"), "user": _l("Accounts"),
    "api_token": _l("API tokens"), "unit": _l("Units"), "person": _l("People"),
    "membership": _l("Rosters"), "roster": _l("Rosters sent through the API"),
    "screening": _l("Screening attestations"), "language": _l("Language records"),
    "import": _l("Imports"), "session": _l("Training sessions"),
    "completion": _l("Results"), "qualification": _l("Trainer qualifications"),
    "partnership": _l("Partnerships"), "certificate": _l("Certificates"),
    "certification": _l("Certification requests"), "pcrs": _l("PCRS decisions"),
    "catalogue": _l("Catalogue"), "access": _l("Refused access"), "demo": _l("Demo data"),
}


def action_choices() -> list[tuple[str, str]]:
    """(area, its name) for the filter: the events whose action starts with the area."""
    return [(area, str(name)) for area, name in AREAS.items()]


@dataclass
class Names:
    """The names one page of events needs, each kind of row read once."""

    users: dict
    units: dict
    people: dict
    sessions: dict
    partnerships: dict
    qualifications: dict  # qualification id -> person id
    states: dict  # state id -> MemberState
    show_people: bool


def _ints(values) -> set[int]:
    out = set()
    for v in values:
        try:
            out.add(int(v))
        except (TypeError, ValueError):
            pass
    return out


def _of(events, object_type):
    return [e.object_id for e in events if e.object_type == object_type]


def load_names(events, show_people: bool) -> Names:
    """Every row the events name (people by name only for those who may see personal data)."""
    details = [e.details or {} for e in events]
    quals = _ints(_of(events, "TrainerQualification"))
    qualifications = dict(db.session.execute(select(
        TrainerQualification.id, TrainerQualification.person_id).where(
        TrainerQualification.id.in_(quals))).all()) if quals else {}
    unit_ids = _ints([d.get("unit_id") for d in details] + _of(events, "Unit")
                     + [d.get("target_id") for d in details if d.get("kind") == "roster"])
    person_ids = _ints([d.get("person_id") for d in details] + _of(events, "Person")
                       + list(qualifications.values()))
    user_ids = _ints([e.actor_id for e in events] + _of(events, "User")
                     + [d.get("user_id") for d in details])
    session_ids = _ints(_of(events, "CourseSession")
                        + [d.get("target_id") for d in details if d.get("kind") == "results"])
    partnership_ids = _ints(_of(events, "Partnership"))
    state_ids = _ints(e.state_id for e in events)

    def rows(query, ids):
        return {row[0]: row[1:] for row in db.session.execute(query.where(
            query.selected_columns[0].in_(ids)))} if ids else {}

    return Names(
        users={i: r[0] for i, r in rows(select(User.id, User.display_name), user_ids).items()},
        units={i: r[0] for i, r in rows(select(Unit.id, Unit.name), unit_ids).items()},
        people={i: f"{r[0]}, {r[1]}" for i, r in rows(
            select(Person.id, Person.family_name, Person.given_name), person_ids).items()},
        sessions={i: r[0] for i, r in rows(select(CourseSession.id, CourseSession.title),
                                           session_ids).items()},
        partnerships={i: r[0] for i, r in rows(select(Partnership.id, Partnership.code),
                                               partnership_ids).items()},
        qualifications=qualifications,
        states={s.id: s for s in db.session.scalars(select(MemberState).where(
            MemberState.id.in_(state_ids)))} if state_ids else {},
        show_people=show_people)


def _one(value) -> int | None:
    found = _ints([value])
    return found.pop() if found else None


def describe(event, names: Names) -> str:
    """The event as a sentence in the reader's language."""
    d = event.details or {}
    kind = d.get("kind") if event.action == "import.commit" else None
    sentence = SENTENCES.get(f"{event.action}.{kind}" if kind else event.action) or \
        SENTENCES.get(event.action)
    if sentence is None:
        return _("Event of a kind this page does not name yet (recorded as %(action)s).",
                 action=event.action)
    obj = _one(event.object_id)

    def named(table: dict, key, missing) -> str:
        return table.get(key) or missing

    person_id = _one(d.get("person_id")) or (obj if event.object_type == "Person" else None) \
        or names.qualifications.get(obj if event.object_type == "TrainerQualification" else None)
    person = (names.people.get(person_id) if names.show_people else None) or (
        _("person #%(id)d", id=person_id) if person_id else _("someone"))
    unit_id = _one(d.get("unit_id")) or (obj if event.object_type == "Unit" else None) or (
        _one(d.get("target_id")) if kind == "roster" else None)
    session_id = obj if event.object_type == "CourseSession" else (
        _one(d.get("target_id")) if kind == "results" else None)
    user_id = _one(d.get("user_id")) or (obj if event.object_type == "User" else None)
    count = d.get("rows", d.get("count", d.get("items", d.get("entries"))))
    values = {
        "actor": named(names.users, event.actor_id, _("The system") if not event.actor_id
                       else _("A former user")),
        "user": named(names.users, user_id, _("an account")),
        "unit": named(names.units, unit_id, _("a unit")),
        "person": person,
        "session": named(names.sessions, session_id, _("a session")),
        "partnership": named(names.partnerships,
                             obj if event.object_type == "Partnership" else None,
                             str(d.get("code") or _("a partnership"))),
        "serial": str(d.get("serial") or "—"),
        "standard": str(d.get("standard") or "—"),
        "level": code_name("pcrs_levels", d.get("level")) or "—",
        "from": code_name("pcrs_levels", d.get("from")) or _("no level"),
        "to": code_name("pcrs_levels", d.get("to")) or "—",
        "language": code_name("languages", d.get("language")) or "—",
        "count": count if count is not None else "—",
    }
    return str(sentence) % values

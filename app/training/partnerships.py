"""Triangular partnerships: the UN runs the course, partner states give trainers, equipment or
funds, trainee states send trainees. Partner trainers (users) are linked to partnerships; that
link is their whole scope."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit import services as audit
from app.auth.models import Role, UserPartnership
from app.catalogue.models import MemberState
from app.extensions import db
from app.training.models import Partnership, PartnershipState
from app.units.errors import RecordError
from app.units.services import clean_text

STREAMS = ("engineering", "medical", "c4isr", "other")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{1,39}$")


def create_partnership(code: str, name: str, un_entity: str, stream: str, donors: str | None,
                       start_on: date, end_on: date | None, trainee_state_ids,
                       partner_state_ids, donor_state_ids=(), actor=None) -> Partnership:
    """Register a triangular partnership. It needs at least one trainee and one partner state,
    and a trainee state is never also its own partner."""
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise RecordError("bad_code", _l("A code has 2 to 40 capital letters, digits or '-'."),
                          "code")
    if db.session.scalar(select(Partnership.id).where(Partnership.code == code)):
        raise RecordError("duplicate", _l("A partnership with this code already exists."), "code")
    if stream not in STREAMS:
        raise RecordError("bad_stream", _l("Unknown stream."), "stream")
    if end_on is not None and end_on < start_on:
        raise RecordError("bad_dates", _l("The end date is before the start date."), "end_on")
    trainees, partners = set(trainee_state_ids or ()), set(partner_state_ids or ())
    donor_states = set(donor_state_ids or ())
    if not trainees or not partners:
        raise RecordError("states_required", _l("Choose at least one trainee state and one "
                                                "partner state."), "trainee_state_ids")
    if trainees & partners:
        raise RecordError("state_both", _l("A state cannot be both trainee and partner."),
                          "partner_state_ids")
    every = trainees | partners | donor_states
    if len(set(db.session.scalars(select(MemberState.id).where(MemberState.id.in_(every))))) \
            != len(every):
        raise RecordError("unknown_state", _l("Unknown Member State."), "trainee_state_ids")
    partnership = Partnership(code=code, name=clean_text(name, "name", 200),
                              un_entity=clean_text(un_entity, "un_entity", 100), stream=stream,
                              donors=clean_text(donors, "donors", 300, required=False),
                              start_on=start_on, end_on=end_on)
    partnership.states = (
        [PartnershipState(state_id=s, role="trainee") for s in sorted(trainees)]
        + [PartnershipState(state_id=s, role="partner") for s in sorted(partners)]
        + [PartnershipState(state_id=s, role="donor") for s in sorted(donor_states)])
    db.session.add(partnership)
    db.session.flush()
    audit.append("partnership.create", actor=actor, obj=partnership,
                 details={"code": code, "trainees": sorted(trainees),
                          "partners": sorted(partners), "stream": stream})
    return partnership


def link_partner_trainer(partnership: Partnership, user, actor=None) -> UserPartnership:
    """Give a partner trainer user this partnership as scope (idempotent)."""
    if user.role is not Role.PARTNER_TRAINER:
        raise RecordError("not_partner_trainer", _l("Only partner trainer accounts can be linked "
                                                    "to a partnership."), "user")
    link = db.session.get(UserPartnership, (user.id, partnership.id))
    if link is None:
        link = UserPartnership(user_id=user.id, partnership_id=partnership.id)
        db.session.add(link)
        db.session.flush()
        audit.append("partnership.link_trainer", actor=actor, obj=partnership,
                     details={"user_id": user.id})
    return link


def unlink_partner_trainer(partnership: Partnership, user, actor=None) -> None:
    link = db.session.get(UserPartnership, (user.id, partnership.id))
    if link is not None:
        db.session.delete(link)
        db.session.flush()
        audit.append("partnership.unlink_trainer", actor=actor, obj=partnership,
                     details={"user_id": user.id})

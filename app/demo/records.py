"""Demo part 2: training records for Kenya, Ghana, Serbia, Bangladesh and Nepal.

Certified trainers come from a ToT session at the UN ToT Centre (Entebbe); six units with
rosters of 140-850 people are trained in national sessions; a Japan-Kenya triangular partnership
delivers heavy-engineering courses through the demo partner trainer. Three units are ready for
their next PCRS level, three are not, each for stated reasons:
  GHANBATT - CIED and first aid expired for half the roster (trained only in the previous
             rotation), some first-aid sign-offs by a trainer whose qualification had lapsed
             (not counted);
  Serbian engineer company - CPTM Module 2 (mandated tasks) short of the share, no HEE
             training, screening still pending;
  NEPBATT  - mission in French but key appointments assessed in English only, and no NIO.
Small rows go through the services (checked and audited); rosters and completions are written
in bulk (one audit event per unit). Leaves ids in ctx.objects for the later parts.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.catalogue.models import MemberState, RequirementProfile, Standard, TrainingCentre
from app.catalogue.queries import current_version
from app.demo import records_units as plan
from app.demo.records_people import PeopleMaker
from app.extensions import db
from app.audit import services as audit
from app.training import services as training
from app.training.models import Completion, TrainerQualification
from app.training.rules import add_months
from app.units.models import Person


def ensure_catalogue(ctx) -> None:
    """The catalogue must be loaded (`flask catalogue load`); load it here if it is not."""
    if db.session.scalar(select(func.count(Standard.id))):
        return
    from app.catalogue.loader import check_catalogue
    from app.catalogue.services import load_catalogue

    found, problems = check_catalogue(current_app.config["CURRICULA_DIR"])
    if problems:
        raise RuntimeError("demo records need the catalogue, and it does not load: "
                           + "; ".join(str(p) for p in problems[:5]))
    load_catalogue(found, on=ctx.on)


class Catalogue:
    """Lookups of the loaded catalogue: current versions, centres, states, profiles."""

    def __init__(self):
        self.standards = list(db.session.scalars(select(Standard)))
        self.centres = {c.code: c for c in db.session.scalars(select(TrainingCentre))}
        self.states = {s.iso3: s for s in db.session.scalars(select(MemberState))}
        missing = {"KEN", "GHA", "SRB", "BGD", "NPL", "UGA", "JPN"} - set(self.states)
        if missing:
            raise RuntimeError(f"demo records need Member States {sorted(missing)}: run "
                               "`flask --app wsgi catalogue load` first")

    def current(self, code: str, on):
        found = current_version([s for s in self.standards if s.code == code], on)
        if found is None:
            raise RuntimeError(f"no version of {code} is current on {on}")
        return found

    def required_codes(self, unit_type: str) -> dict[str, tuple[tuple, float | None]]:
        """code -> (whom it applies to, share) over every PCRS level of the unit type."""
        codes: dict[str, tuple[tuple, float | None]] = {}
        for profile in db.session.scalars(select(RequirementProfile).where(
                RequirementProfile.unit_type == unit_type,
                RequirementProfile.in_catalogue.is_(True))):
            for r in profile.requirements:
                codes.setdefault(r.standard_code, (tuple(r.applies_to), r.share))
        return codes


def add_people(state_id: int, fields: list[dict]) -> list[Person]:
    people = [Person(state_id=state_id, **f) for f in fields]
    db.session.add_all(people)
    db.session.flush()
    return people


def trainers_and_tot(ctx, cat: Catalogue, maker, sign_offs: set[str]):
    """UGA instructors run one combined ToT session; each state's three national trainers (and
    two Japanese HEE instructors) pass it and are granted their qualifications. Every result is
    checked by the sign-off rules; rows are then written in bulk with one audit event."""
    on, uga = ctx.on, cat.states["UGA"]
    instructors = add_people(uga.id, [
        maker.person("UGA", "staff_officer", "Lt Col") for _ in range(2)])
    trainers = {iso: add_people(cat.states[iso].id, [
        maker.person(iso, "staff_officer", "Capt") for _ in range(3)])
        for iso in plan.STATES}
    trainers["JPN"] = add_people(cat.states["JPN"].id, [
        maker.person("JPN", "staff_officer", "Maj") for _ in range(2)])
    start, end = on - timedelta(days=800), on - timedelta(days=789)
    codes = sorted(sign_offs | {"TOT-TPP"})
    tot_standards = {code: cat.current(code, end) for code in codes}
    session = training.create_session(
        uga.id, cat.centres["UN-TOTC"].id, "Combined instructor course (ToT)", start, end, "en",
        [s.id for s in tot_standards.values()], [p.id for p in instructors], is_tot=True)
    attendees = [p for group in trainers.values() for p in group]
    training.add_attendees(session, [p.id for p in attendees])
    results, grants = [], []
    for person in attendees:
        for code in (["TOT-TPP"] if person.state_id == cat.states["JPN"].id
                     else [c for c in codes if c != "TOT-TPP"]):
            standard = tot_standards[code]
            training.check_result(session, person, standard, end, True, 85, instructors[0])
            results.append(Completion(
                state_id=person.state_id, person_id=person.id, standard_id=standard.id,
                session_id=session.id, completed_on=end, passed=True, score=85,
                signed_off_by_id=instructors[0].id))
            grants.append(TrainerQualification(
                state_id=person.state_id, person_id=person.id, qualification_code=code,
                valid_from=end, valid_until=add_months(end, standard.validity_months)
                - timedelta(days=1), session_id=session.id))
    db.session.add_all(results + grants)
    db.session.flush()
    audit.append("demo.tot_seeded", obj=session,
                 details={"results": len(results), "qualifications": len(grants)})
    ctx.objects["tot_session_id"] = session.id
    ctx.objects["trainer_person_ids"] = [p.id for p in attendees]
    return trainers


def seed(ctx) -> None:
    ensure_catalogue(ctx)
    cat = Catalogue()
    maker = PeopleMaker()
    sign_offs = {cat.current(code, ctx.on).sign_off
                 for spec in plan.UNITS for code in cat.required_codes(spec.unit_type)}
    sign_offs -= {"tot_centre", "TOT-TPP"}
    trainers = trainers_and_tot(ctx, cat, maker, sign_offs)
    registrars = {u.state_id: u for u in ctx.objects.get("users", {}).values()
                  if u.role.value == "centre_registrar"}
    built = {}
    for spec in plan.UNITS:
        built[spec.key] = plan.build_unit(ctx, cat, maker, spec, trainers[spec.iso3],
                                          registrars.get(cat.states[spec.iso3].id))
    plan.partnership(ctx, cat, built["ken_eng"], trainers["JPN"])
    ctx.objects["units"] = {key: b.unit.id for key, b in built.items()}
    ctx.objects["ready_unit_id"] = built["ken_bn"].unit.id
    ctx.objects["ready_unit_ids"] = [built[k].unit.id for k in ("ken_bn", "bgd_fpu", "ken_eng")]
    ctx.objects["unready_unit_id"] = built["gha_bn"].unit.id
    ctx.objects["unready_unit_ids"] = [built[k].unit.id for k in ("gha_bn", "srb_eng", "npl_bn")]
    ctx.objects["ready_person_id"] = built["ken_bn"].people[0].id

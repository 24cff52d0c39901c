"""Demo units: what each unit looks like, and how its roster, languages, screening, session and
completions are written (in bulk), plus the Japan-Kenya heavy-engineering partnership."""
import math
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import insert

from app.audit import services as audit
from app.demo.records_people import KEY_APPOINTMENTS
from app.extensions import db
from app.training import services as training
from app.training.models import Completion, SessionAttendee
from app.units import services as units
from app.units.models import LanguageProficiency, Membership, Person

STATES = ("KEN", "GHA", "SRB", "BGD", "NPL")


@dataclass(frozen=True)
class UnitSpec:
    key: str
    iso3: str
    name: str
    unit_type: str
    size: int
    mission: str
    language: str
    capability: str
    centre: str
    nios: int
    key_language: str | None = None  # a fault: key appointments assessed in another language
    screening: str = "cleared"
    short: dict = field(default_factory=dict)  # code -> share of the roster holding it
    expired: frozenset = frozenset()  # codes last passed more than a year ago by half the roster
    lapsed_signer: bool = False  # some first-aid sign-offs by a trainer whose qualification lapsed


UNITS = (
    UnitSpec("ken_bn", "KEN", "1st Kenya Infantry Battalion (KENBATT-1)", "infantry_battalion",
             850, "UNMISS", "en", "Infantry battalion, 850 personnel", "IPSTC", nios=7),
    UnitSpec("ken_eng", "KEN", "Kenya Engineer Company (KENENGCOY)", "engineer_company", 150,
             "MONUSCO", "fr", "Horizontal engineering company", "IPSTC", nios=1),
    UnitSpec("bgd_fpu", "BGD", "Bangladesh Formed Police Unit 1 (BANFPU-1)",
             "formed_police_unit", 140, "MINUSCA", "fr", "Formed police unit, 140 officers",
             "BIPSOT", nios=0),
    UnitSpec("gha_bn", "GHA", "Ghana Battalion (GHANBATT)", "infantry_battalion", 450,
             "UNIFIL", "en", "Infantry battalion (reduced), 450 personnel", "KAIPTC", nios=3,
             expired=frozenset({"CIED-EHA", "FA-BFAC"}), lapsed_signer=True),
    UnitSpec("srb_eng", "SRB", "Serbian Engineer Company", "engineer_company", 160, "UNIFIL",
             "en", "Engineer company", "SRB-POC", nios=2, screening="pending",
             short={"CPTM-M2": 0.8}),
    UnitSpec("npl_bn", "NPL", "Nepalese Infantry Battalion (NEPBATT)", "infantry_battalion", 300,
             "MINUSCA", "fr", "Infantry battalion (company group), 300 personnel", "BPOTC",
             nios=0, key_language="en"),
)


@dataclass
class Built:
    unit: object
    people: list
    keys: list


def _roster(ctx, cat, maker, spec, unit):
    """People (key appointments first), memberships, NIOs and language records."""
    police = spec.unit_type == "formed_police_unit"
    category = "formed_police" if police else "military_contingent"
    keys = KEY_APPOINTMENTS[spec.unit_type]
    state_id = cat.states[spec.iso3].id
    fields = [maker.person(spec.iso3, category, rank)
              for _title, rank in keys]
    fields += [maker.person(spec.iso3, category) for _ in range(spec.size - len(keys))]
    people = [Person(state_id=state_id, **f) for f in fields]
    db.session.add_all(people)
    db.session.flush()
    nios = set(range(len(keys), len(keys) + spec.nios))
    start = ctx.on - timedelta(days=180)
    db.session.add_all([Membership(
        state_id=state_id, unit_id=unit.id, person_id=p.id, start_on=start,
        appointment=keys[i][0] if i < len(keys) else
        ("National Investigation Officer" if i in nios else None),
        is_key_appointment=i < len(keys), is_commander=i < len(keys) and "Command" in keys[i][0],
        is_nio=i in nios) for i, p in enumerate(people)])
    assessed = ctx.on - timedelta(days=200)
    languages = [LanguageProficiency(
        state_id=state_id, person_id=p.id, language=spec.key_language or spec.language,
        level=3, assessed_by="UN language proficiency test", assessed_on=assessed,
        valid_until=assessed + timedelta(days=730)) for p in people[:len(keys)]]
    languages += [LanguageProficiency(
        state_id=state_id, person_id=p.id, language="en", level=2, assessed_by="Oral interview",
        assessed_on=assessed, valid_until=assessed + timedelta(days=730))
        for p in people[len(keys)::7]]
    db.session.add_all(languages)
    return people, people[:len(keys)], [people[i] for i in sorted(nios)]


def _holders(spec, code, groups, share, people, keys, nios):
    if "all" not in groups:  # commanders are among the key appointments
        return (keys if {"key_appointments", "commanders"} & set(groups) else []) + \
            (nios if "nios" in groups else [])
    holders = people
    if share is not None:
        holders = people[:math.ceil(share * len(people)) + 2]
    if code in spec.short:
        holders = holders[:int(spec.short[code] * len(people))]
    return holders


def _row(cat, std, person, session_id, on, signer, recorder, rng, passed=True):
    mark = std.pass_mark
    score = (rng.randint(max(mark, 60), 100) if passed else rng.randint(30, mark - 1)) \
        if mark else None
    return dict(state_id=person.state_id, person_id=person.id, standard_id=std.id,
                session_id=session_id, completed_on=on, passed=passed, score=score,
                signed_off_by_id=signer.id, recorded_by_id=recorder)


def build_unit(ctx, cat, maker, spec, trainers, registrar) -> Built:
    on, rng = ctx.on, maker.rng
    state_id = cat.states[spec.iso3].id
    unit = units.create_unit(state_id, spec.name, spec.unit_type, spec.size + 10, spec.mission,
                             spec.language, spec.capability, pledged_on=on - timedelta(days=400),
                             deployable_days=60)
    people, keys, nios = _roster(ctx, cat, maker, spec, unit)
    units.record_screening(unit, "R1", spec.screening, on - timedelta(days=30), on=on)
    required = {c: v for c, v in cat.required_codes(spec.unit_type).items()
                if not c.startswith("HEE-")}  # heavy engineering comes from the partnership
    signers = list(trainers)
    if spec.lapsed_signer:
        lapsed = Person(state_id=state_id, **maker.person(spec.iso3, "staff_officer", "Capt"))
        db.session.add(lapsed)
        db.session.flush()
        training.grant_qualification(lapsed, "TOT-FIRSTAID", on - timedelta(days=1900),
                                     on - timedelta(days=800))
        signers.append(lapsed)
    end = on - timedelta(days=110)
    current = {code: cat.current(code, end) for code in required}
    session = training.create_session(
        state_id, cat.centres[spec.centre].id, f"{spec.name}: pre-deployment training",
        end - timedelta(days=10), end, spec.language, [s.id for s in current.values()],
        [p.id for p in signers])
    db.session.add_all([SessionAttendee(session_id=session.id, person_id=p.id) for p in people])
    recorder = registrar.id if registrar else None
    rows = []
    for code, (groups, share) in required.items():
        std = current[code]
        holders = _holders(spec, code, groups, share, people, keys, nios)
        if code in spec.expired:
            holders = holders[:len(holders) // 2]
        for i, person in enumerate(holders):
            signer = trainers[i % len(trainers)]
            if spec.lapsed_signer and code == "FA-BFAC" and i % 20 == 0:
                signer = signers[-1]  # not counted: the signer's qualification had lapsed
            if code == "PSEA" and i % 50 == 7:  # a failed first attempt, then a pass
                rows.append(_row(cat, std, person, session.id, end - timedelta(days=5),
                                 signer, recorder, rng, passed=False))
            rows.append(_row(cat, std, person, session.id, end, signer, recorder, rng))
    rows += _previous_rotation(ctx, cat, spec, required, people, keys, trainers, recorder, rng)
    db.session.execute(insert(Completion), rows)
    audit.append("demo.records_seeded", obj=unit,
                 details={"people": len(people), "completions": len(rows),
                          "session_id": session.id})
    return Built(unit, people, keys)


def _previous_rotation(ctx, cat, spec, required, people, keys, trainers, recorder, rng):
    """Last year's pre-deployment training of the same roster: everything has lapsed by now, so
    the unit's standing rests on this year's session (where `spec.expired` codes were given to
    half the roster only, the other half holds just these expired completions)."""
    end = ctx.on - timedelta(days=430)
    stds = {code: cat.current(code, end) for code in sorted(required)}
    session = training.create_session(
        cat.states[spec.iso3].id, cat.centres[spec.centre].id,
        f"{spec.name}: pre-deployment training (previous rotation)", end - timedelta(days=10), end,
        spec.language, [s.id for s in stds.values()], [p.id for p in trainers])
    db.session.add_all([SessionAttendee(session_id=session.id, person_id=p.id) for p in people])
    return [_row(cat, std, p, session.id, end, trainers[i % len(trainers)], recorder, rng)
            for code, std in stds.items()
            for i, p in enumerate(people if "all" in required[code][0] else keys)]


def partnership(ctx, cat, eng: Built, japanese):
    """Japan provides HEE instructors, Kenya the trainees: the company's key appointments and
    32 sappers on HEE basic (39 of 40 pass), 10 on HEE maintenance; results recorded by the demo
    partner trainer."""
    on = ctx.on
    tpp = training.create_partnership(
        "TPP-HEE-KEN-JPN", "Heavy engineering equipment courses, Kenya (Japan)",
        "UN Department of Operational Support", "engineering", "Government of Japan",
        on - timedelta(days=700), None, [cat.states["KEN"].id], [cat.states["JPN"].id])
    partner = ctx.objects.get("partner_trainer_user")
    if partner is not None:
        training.link_partner_trainer(tpp, partner)
    end = on - timedelta(days=45)
    basic, maint = cat.current("HEE-BASIC", end), cat.current("HEE-MAINT", end)
    session = training.create_session(
        cat.states["KEN"].id, cat.centres["IPSTC"].id, "HEE basic and maintenance (TPP)",
        end - timedelta(days=25), end, "en", [basic.id, maint.id], [p.id for p in japanese],
        partnership_id=tpp.id)
    sappers = eng.people[:40]  # key appointments first
    training.add_attendees(session, [p.id for p in sappers], actor=partner)
    for i, person in enumerate(sappers):
        passed = i != 39
        training.record_result(session, person, basic, end, passed, 88 if passed else 52,
                               japanese[i % 2], actor=partner)
        if i < 10:
            training.record_result(session, person, maint, end, True, 81, japanese[i % 2],
                                   actor=partner)
    ctx.objects["partnership_id"] = tpp.id
    ctx.objects["partnership_session_id"] = session.id

"""Row generators for bench/datagen.py: plain tuples, deterministic for a given seed.

The shape follows the design scale: units of ~800 people, each unit trained together on ~27
standards (its profile's required standards first), ~92% of its people completing each, so about
25 completions a person; individual certificates over the people, one unit certificate per unit
above PCRS Level 1, a few revoked, suspended and superseded ones.
"""
import hashlib
import json
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

import rfc8785

GIVEN = ("Amina", "Jean", "Fatou", "Pierre", "Grace", "Omar", "Marie", "Joseph", "Aisha", "Paul",
         "Nadia", "Samuel", "Leila", "David", "Chloe", "Ibrahim", "Sofia", "Emmanuel", "Rania", "Luc")
FAMILY = ("Diallo", "Mensah", "Dubois", "Okafor", "Hassan", "Silva", "Nguyen", "Kamara", "Traore",
          "Moreau", "Banda", "Petrov", "Haddad", "Sato", "Mwangi", "Garcia", "Ndiaye", "Kovac")
RANKS = ("Pte", "Cpl", "Sgt", "Lt", "Capt", "Maj")
KEY_APPOINTMENTS = ("Commanding Officer", "Deputy Commander", "Chief of Staff", "Operations Officer",
                    "Logistics Officer", "Medical Officer", "Gender Adviser", "Legal Adviser")
MISSIONS = ("MINUSCA", "MONUSCO", "UNMISS", "UNIFIL", "UNISFA", "MINURSO")
LEVELS = ("L1", "L1", "L2", "L2", "L3", "RDL")
PER_UNIT_STANDARDS = 27
COMPLETION_SHARE = 0.92


@dataclass
class World:
    """What later tables need from earlier ones (ids only)."""

    today: date
    states: list[tuple[int, str]]                 # (id, iso3)
    unit_types: list[str]
    categories: list[str]
    standards: dict[str, tuple[int, str, int]]    # code -> (id, version, validity_months)
    profiles: dict[tuple[str, str], tuple[int, list[str]]]  # (unit_type, level) -> (id, codes)
    sign_offs: list[str]
    state_names: dict[int, dict] = field(default_factory=dict)  # id -> {iso3, name_en, name_fr}
    verify_base: str = "http://127.0.0.1:5000/verify/"
    units: list[tuple] = field(default_factory=list)          # (id, state_id, type, level, size)
    unit_standards: dict[int, list[str]] = field(default_factory=dict)
    sessions: dict[tuple[int, str], tuple[int, date]] = field(default_factory=dict)
    trainers: dict[int, list[int]] = field(default_factory=dict)  # state_id -> person ids
    people: list[tuple] = field(default_factory=list)         # (id, state_id, unit_id, name)
    revoked: list[int] = field(default_factory=list)
    superseded: list[tuple[int, int]] = field(default_factory=list)  # (old id, new id)
    serial_last: dict[tuple[int, int], int] = field(default_factory=dict)


def unit_rows(world: World, count: int, people: int, rng: random.Random):
    base, extra = divmod(people, count)
    for i in range(count):
        state_id, iso3 = world.states[i % len(world.states)]
        unit_type = world.unit_types[i % len(world.unit_types)]
        level = rng.choice(LEVELS)
        size = base + (1 if i < extra else 0)
        unit_id = i + 1
        world.units.append((unit_id, state_id, unit_type, level, size))
        required = world.profiles.get((unit_type, level), (None, []))[1]
        chosen = [c for c in required if c in world.standards]
        others = [c for c in world.standards if c not in chosen]
        chosen += rng.sample(others, max(0, min(PER_UNIT_STANDARDS, len(world.standards))
                                         - len(chosen)))
        world.unit_standards[unit_id] = chosen[:max(PER_UNIT_STANDARDS, len(required))]
        yield (unit_id, state_id, f"{iso3} {unit_type.replace('_', ' ')} {i + 1}", unit_type, size,
               rng.choice(MISSIONS), rng.choice(("en", "fr")), f"Pledge {i + 1}",
               world.today - timedelta(days=rng.randint(30, 900)), level,
               rng.choice((30, 60, 90)) if level == "RDL" else None, "R1")


def session_rows(world: World, rng: random.Random):
    session_id = 0
    for unit_id, state_id, _type, _level, _size in world.units:
        for code in world.unit_standards[unit_id]:
            session_id += 1
            end = world.today - timedelta(days=rng.randint(1, 1100))
            world.sessions[(unit_id, code)] = (session_id, end)
            yield (session_id, state_id, f"{code} for unit {unit_id}", end - timedelta(days=4), end,
                   rng.choice(("en", "fr")), False)


def session_standard_rows(world: World):
    for (_unit_id, code), (session_id, _end) in world.sessions.items():
        yield (session_id, world.standards[code][0])


def person_rows(world: World, rng: random.Random):
    person_id = 0
    for unit_id, state_id, _type, _level, size in world.units:
        iso3 = dict(world.states)[state_id]
        for _ in range(size):
            person_id += 1
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            rank = rng.choice(RANKS)
            world.people.append((person_id, state_id, unit_id, f"{rank} {given} {family}"))
            if len(world.trainers.setdefault(state_id, [])) < 3:
                world.trainers[state_id].append(person_id)
            yield (person_id, state_id, f"SN{person_id:08d}", given, family, rank,
                   "F" if rng.random() < 0.15 else "M", rng.choice(world.categories), iso3,
                   date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000)))


def membership_rows(world: World, rng: random.Random):
    position = {}
    for person_id, state_id, unit_id, _name in world.people:
        n = position[unit_id] = position.get(unit_id, -1) + 1
        key = n < len(KEY_APPOINTMENTS)
        yield (person_id, state_id, unit_id, person_id, KEY_APPOINTMENTS[n] if key else None, key,
               n % 150 == 149, world.today - timedelta(days=rng.randint(30, 400)))


def qualification_rows(world: World):
    qualification_id = 0
    for state_id, people in world.trainers.items():
        for person_id in people:
            for code in world.sign_offs:
                qualification_id += 1
                yield (qualification_id, state_id, person_id, code,
                       world.today - timedelta(days=5 * 365), world.today + timedelta(days=730))


def session_trainer_rows(world: World):
    unit_state = {u[0]: u[1] for u in world.units}
    for (unit_id, _code), (session_id, _end) in world.sessions.items():
        yield (session_id, world.trainers[unit_state[unit_id]][0])


def completion_rows(world: World, rng: random.Random):
    completion_id = 0
    for person_id, state_id, unit_id, _name in world.people:
        trainers = world.trainers[state_id]
        for code in world.unit_standards[unit_id]:
            if rng.random() >= COMPLETION_SHARE:
                continue
            completion_id += 1
            session_id, end = world.sessions[(unit_id, code)]
            passed = rng.random() < 0.97
            yield (completion_id, state_id, person_id, world.standards[code][0], session_id, end,
                   passed, rng.randint(60, 100) if passed else rng.randint(20, 59),
                   trainers[completion_id % len(trainers)])


class Signer:
    """Signs certificate payloads the way issuance does (app/certification/issuing/issue.py
    `prepare`): Ed25519 over RFC 8785 canonical JSON."""

    def __init__(self, key, kid: str):
        self.key, self.kid = key, kid
        self.checked = 0

    def sign(self, payload: dict) -> tuple[str, str]:
        """For ASCII strings and integers, sorted compact JSON is exactly RFC 8785 and four times
        faster; the first hundred payloads are checked against the real canonicaliser."""
        from app.credentials.signing import b64url

        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False).encode()
        if self.checked < 100:
            assert canonical == rfc8785.dumps(payload), "payload is not JCS-canonical"
            self.checked += 1
        return canonical.decode(), b64url(self.key.sign(canonical))


def certificate_rows(world: World, target: int, signer: Signer, rng: random.Random):
    """About `target` certificates: unit certificates first, then individual ones. Half of the
    revoked individual certificates are corrected: a new certificate supersedes them."""
    iso3 = dict(world.states)
    empty_pdf = hashlib.sha256(b"").hexdigest()
    last_id = [0]

    def row(kind, state_id, person_id, unit_id, profile_id, holder, codes, issued, months,
            supersedes=None):
        cert_id = last_id[0] = last_id[0] + 1
        year = issued.year
        n = world.serial_last[(state_id, year)] = world.serial_last.get((state_id, year), 0) + 1
        serial = f"{iso3[state_id]}-{year}-{n:06d}"
        expires = issued + timedelta(days=months * 30)
        token = secrets.token_urlsafe(24)
        payload = {"v": 1, "alg": "EdDSA", "kid": signer.kid, "type": "PKTCertificate",
                   "kind": kind, "serial": serial, "id": world.verify_base + token,
                   "subject": {"name": holder}, "state": world.state_names[state_id],
                   "standards": [{"code": c, "version": world.standards[c][1]} for c in codes],
                   "issued_on": issued.isoformat(), "expires_on": expires.isoformat(),
                   "issuer": {"name": f"{iso3[state_id]} certifying officer",
                              "role": "certifying_officer"}}
        canonical, signature = signer.sign(payload)
        status, reason, changed, superseded_by = "valid", None, None, None
        draw = rng.random() if supersedes is None else 1.0
        if draw < 0.02:
            status, reason, changed = "revoked", "Issued in error", issued + timedelta(days=3)
            world.revoked.append(cert_id)
            if kind == "individual" and draw < 0.01:
                superseded_by = cert_id + 1
        elif draw < 0.03:
            status, reason, changed = "suspended", "Under review", issued + timedelta(days=3)
        return (cert_id, serial, token, kind, state_id, person_id, unit_id,
                profile_id, holder, issued, expires, None, payload["issuer"]["name"], canonical,
                signature,
                signer.kid, f"bench/{serial}.pdf", empty_pdf, status, reason,
                None if changed is None else _morning(changed), supersedes, superseded_by)

    for unit_id, state_id, unit_type, level, _size in world.units:
        profile = world.profiles.get((unit_type, level))
        if level != "L1" and profile:
            yield row("unit", state_id, None, unit_id, profile[0], f"Unit {unit_id}", profile[1],
                      world.today - timedelta(days=rng.randint(0, 300)), 12)
    remaining = max(0, target - last_id[0])
    per_person = remaining / max(1, len(world.people))
    for person_id, state_id, unit_id, name in world.people:
        count = int(per_person) + (1 if rng.random() < per_person % 1 else 0)
        codes = world.unit_standards[unit_id]
        for _ in range(count):
            issued = world.today - timedelta(days=rng.randint(5, 1000))
            first = row("individual", state_id, person_id, None, None, name,
                        rng.sample(codes, 3), issued, 36)
            yield first
            if first[-1] is not None:
                world.superseded.append((first[0], first[-1]))
                yield row("individual", state_id, person_id, None, None, name,
                          rng.sample(codes, 3), issued + timedelta(days=3), 36,
                          supersedes=first[0])


def _morning(day: date):
    from datetime import datetime
    return datetime(day.year, day.month, day.day, 9, 0)


def decision_rows(world: World, decided_by_id: int, rng: random.Random):
    decision_id = 0
    for unit_id, state_id, _type, level, _size in world.units:
        if level == "L1":
            continue
        decision_id += 1
        yield (decision_id, state_id, unit_id, "L1", level,
               world.today - timedelta(days=rng.randint(0, 200)), decided_by_id, "Bench data",
               json.dumps({"source": "bench/datagen.py"}))

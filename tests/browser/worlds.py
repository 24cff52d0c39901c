"""Data and steps shared by browser tests: a certifiable Kenyan battalion, two-step sign-in."""
from datetime import timedelta

from tests.conftest import PASSWORD


def certifiable_battalion(app, *, name, soldiers):
    """Kenya, CD-1 (current), profile INF-BN-L2 needing CD-1 and a certificate, and a battalion
    whose soldiers all passed CD-1 thirty days ago, signed off by a TOT-CPTM-qualified trainer.
    Returns (state_id, unit_id). Soldiers are female privates with service numbers KE-SN-<n> and
    family names Otieno<n>."""
    from app.catalogue.models import (MemberState, ProfileRequirement, RequirementProfile,
                                      Standard)
    from app.credentials.signing import generate_key
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import Completion, TrainerQualification
    from app.units.models import Membership, Person, Unit

    on = today()
    generate_key(app.config["SIGNING_KEY_PATH"])
    ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
    db.session.add(ken)
    db.session.flush()
    standard = Standard(code="CD-1", version="2017", title_en="Conduct and discipline",
                        title_fr="Conduite et discipline", summary_en="s", summary_fr="s",
                        category="conduct_discipline", source_edition="CPTM-2017",
                        audiences=["military_contingent"], unit_types=[], minimum_minutes=60,
                        assessment_kind="test", pass_mark=70, validity_months=12,
                        sign_off="TOT-CPTM", effective_on=on - timedelta(days=3000))
    profile = RequirementProfile(
        code="INF-BN-L2", title_en="Infantry battalion — Level 2",
        title_fr="Bataillon d'infanterie — Niveau 2", unit_type="infantry_battalion",
        pcrs_level="L2", requires_certificate=True, certificate_validity_months=12,
        roster_share=1.0, screening_required=False, nio_per=0)
    profile.requirements = [ProfileRequirement(standard_code="CD-1")]
    unit = Unit(state_id=ken.id, name=name, unit_type="infantry_battalion",
                authorised_strength=850, mission="UNMISS", mission_language="en")
    people = [Person(state_id=ken.id, service_number=f"KE-SN-{n}", given_name="Amina",
                     family_name=f"Otieno{n}", rank="Pte", sex="F",
                     personnel_category="military_contingent", nationality="KEN")
              for n in range(soldiers + 1)]
    trainer = people.pop()
    db.session.add_all([standard, profile, unit, *people, trainer])
    db.session.flush()
    db.session.add(TrainerQualification(
        state_id=ken.id, person_id=trainer.id, qualification_code="TOT-CPTM",
        valid_from=on - timedelta(400), valid_until=on + timedelta(400)))
    for soldier in people:
        db.session.add_all([
            Membership(state_id=ken.id, unit_id=unit.id, person_id=soldier.id,
                       appointment="Rifleman"),
            Completion(state_id=ken.id, person_id=soldier.id, standard_id=standard.id,
                       completed_on=on - timedelta(30), passed=True, score=90,
                       signed_off_by_id=trainer.id)])
    db.session.flush()
    return ken.id, unit.id


def sign_in_with_code(page, base_url, email, secret):
    """Sign in through the real form, then the two-step code computed from `secret`."""
    from app.auth import totp
    from app.timeutil import utcnow

    page.goto(base_url + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/auth/mfa")
    page.fill("#code", totp.code_at(secret, totp.step_at(utcnow().timestamp())))
    page.click("main button[type=submit]")
    page.wait_for_url(base_url + "/home")

"""The demo records part: several states, rosters of hundreds, certified trainers, a partnership,
units both ready and not ready (checked with the readiness service)."""
import time

from sqlalchemy import func, select

from app.auth.models import UserPartnership
from app.training.models import Completion, CourseSession, TrainerQualification
from app.units.models import Membership, Unit
from tests.conftest import PASSWORD


def test_demo_records_seed(app, db):
    from app.demo import records, users
    from app.demo.context import DemoContext

    ctx = DemoContext(password=PASSWORD)
    users.seed(ctx)
    started = time.perf_counter()
    records.seed(ctx)
    db.session.commit()
    seconds = time.perf_counter() - started
    print(f"\ndemo records seeded in {seconds:.1f} s")
    assert seconds < 60

    units = {u.id: u for u in db.session.scalars(select(Unit))}
    assert {u.state.iso3 for u in units.values()} == {"KEN", "GHA", "SRB", "BGD", "NPL"}
    assert {u.mission_language for u in units.values()} == {"en", "fr"}
    sizes = dict(db.session.execute(select(Membership.unit_id, func.count())
                                    .group_by(Membership.unit_id)).all())
    assert sizes[ctx.objects["ready_unit_id"]] == 850 and min(sizes.values()) >= 140
    assert db.session.scalar(select(func.count(Completion.id))) > 30000
    tot = db.session.get(CourseSession, ctx.objects["tot_session_id"])
    assert tot.is_tot and tot.centre.code == "UN-TOTC"
    assert db.session.scalar(select(func.count(TrainerQualification.id)).where(
        TrainerQualification.session_id == tot.id)) >= 100
    link = db.session.get(UserPartnership, (ctx.objects["partner_trainer_user"].id,
                                            ctx.objects["partnership_id"]))
    assert link is not None
    partner_results = db.session.scalar(select(func.count(Completion.id)).where(
        Completion.session_id == ctx.objects["partnership_session_id"]))
    assert partner_results == 50

    from app.readiness.services import unit_readiness

    for unit_id in ctx.objects["ready_unit_ids"]:
        verdict = unit_readiness(units[unit_id], ctx.on)
        assert verdict.certifiable, (units[unit_id].name, verdict.reasons)
    for unit_id in ctx.objects["unready_unit_ids"]:
        verdict = unit_readiness(units[unit_id], ctx.on)
        assert not verdict.certifiable and verdict.reasons, units[unit_id].name

"""The shared data generator fills a migrated database on either kind, with signed certificates
that verify, revoked and superseded ones, and an intact audit chain."""
import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db


def test_fill_tiny_scale(empty_database_url, app_on, tmp_path):
    from app.audit.services import verify_chain
    from app.certification.models import Certificate, SerialCounter
    from app.certification.services import authentic
    from app.training.models import Completion
    from app.units.models import Person
    from bench.datagen import fill

    app = app_on(empty_database_url)
    lines = []
    with app.app_context():
        upgrade()
        report = fill(scale=0.0005, seed=3, logins=2, report=lines.append)
        assert report.counts["people"] == db.session.scalar(sa.func.count(Person.id)) == 200
        completions = db.session.scalar(sa.select(sa.func.count(Completion.id)))
        assert 200 * 20 <= completions <= 200 * 27
        certificates = db.session.scalars(sa.select(Certificate)).all()
        assert len(certificates) >= 500
        assert len({c.serial for c in certificates}) == len({c.token for c in certificates}) \
            == len(certificates)
        assert all(authentic(c) for c in certificates[:50])
        assert any(c.status == "revoked" for c in certificates)
        replaced = [c for c in certificates if c.superseded_by_id]
        assert all(db.session.get(Certificate, c.superseded_by_id).supersedes_id == c.id
                   for c in replaced)
        top = db.session.scalar(sa.select(sa.func.max(SerialCounter.last)))
        assert top and top >= max(int(c.serial.rsplit("-", 1)[1]) for c in certificates)
        assert verify_chain().ok
        # ids continue after the generated ones (PostgreSQL sequences moved on)
        person = Person(state_id=report.state_ids[0], service_number="NEW-1", given_name="A",
                        family_name="B", sex="F", personnel_category="military",
                        nationality="KEN")
        db.session.add(person)
        db.session.flush()
        assert person.id > 200
    assert any("rows/s" in line for line in lines)


def test_columns_the_generator_does_not_name_get_model_defaults():
    """A column added to a model later with a default does not break the bulk writer."""
    from datetime import datetime

    from app.certification.models import Certificate
    from bench.bulk import defaults_for

    found = defaults_for(Certificate.__table__, ("id", "serial"))
    assert found["status"] == "valid"
    assert isinstance(found["created_at"], datetime) and found["created_at"].tzinfo is None
    assert "id" not in found and "serial" not in found

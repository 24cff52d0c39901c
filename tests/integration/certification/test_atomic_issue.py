"""A failure at any step of issuing leaves nothing behind: no row, no serial or status list
position used, no file, and the audit chain intact; a retry then issues serial 000001."""
import os

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.audit.services import verify_chain
from app.certification import services
from app.certification.rendering import pdf, storage
from app.certification.issuing import issue
from app.certification.models import Certificate, SerialCounter, StatusSlot
from tests.factories_certification import CODES, ON


def boom(*_args, **_kwargs):
    raise RuntimeError("injected")


def fatal_fetch(*_args, **_kwargs):
    from weasyprint.urls import FatalURLFetchingError
    raise FatalURLFetchingError("injected")


def no_space(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


def _audit_fails(monkeypatch, _env):
    monkeypatch.setattr(issue.audit, "append", boom)


def _render_fails(monkeypatch, _env):
    monkeypatch.setattr(pdf, "render_pdf", boom)


def _weasyprint_fatal(monkeypatch, _env):
    import weasyprint
    monkeypatch.setattr(weasyprint.HTML, "render", fatal_fetch)


def _key_missing(monkeypatch, env):
    os.remove(env.key)


def _sign_fails(monkeypatch, _env):
    monkeypatch.setattr(issue.signing, "sign", boom)


def _attach_fails(monkeypatch, _env):
    """Embedding the signed credential fails (WeasyPrint writes it with the PDF)."""
    monkeypatch.setattr(pdf, "Attachment", boom)


def _disk_full(monkeypatch, _env):
    monkeypatch.setattr(storage.os, "fsync", no_space)


def _flush_fails(monkeypatch, _env):
    from app.extensions import db

    def before_flush(session, _ctx, _instances):
        if any(isinstance(o, Certificate) for o in session.new):
            raise OperationalError("INSERT", {}, Exception("injected"))
    session = db.session()
    event.listen(session, "before_flush", before_flush)
    return lambda: event.remove(session, "before_flush", before_flush)


def _commit_fails(monkeypatch, _env):
    from app.extensions import db

    def do_commit(_connection):
        raise OperationalError("COMMIT", {}, Exception("injected"))
    monkeypatch.setattr(db.engine.dialect, "do_commit", do_commit)


def _move_fails(monkeypatch, _env):
    monkeypatch.setattr(storage.os, "replace", no_space)


BEFORE_COMMIT = [_audit_fails, _render_fails, _weasyprint_fatal, _key_missing, _sign_fails,
                 _attach_fails, _disk_full, _flush_fails]
AT_COMMIT = [_commit_fails, _move_fails]


def files_in(directory):
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()) \
        if directory.exists() else []


def nothing_left(db, env):
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 0
    assert db.session.scalar(db.select(db.func.max(SerialCounter.last))) in (None, 0)
    assert db.session.scalar(db.select(db.func.count()).select_from(StatusSlot)) == 0
    assert files_in(env.dir) == []
    assert verify_chain().ok


@pytest.mark.parametrize("inject", BEFORE_COMMIT + AT_COMMIT, ids=lambda f: f.__name__[1:])
def test_failure_leaves_nothing(app, db, cert_env, trained, make_user, monkeypatch, inject):
    officer = make_user("certifying_officer")
    person = trained()
    db.session.commit()
    person_id = person.id
    cleanup = inject(monkeypatch, cert_env)
    with pytest.raises(BaseException):
        services.issue_individual(person, CODES, officer, ON)
        db.session.commit()
    db.session.rollback()
    monkeypatch.undo()
    if cleanup:
        cleanup()
    if inject is _key_missing:
        from app.credentials.signing import generate_key
        generate_key(cert_env.key)
    nothing_left(db, cert_env)
    # the retry succeeds, with the first serial
    from app.units.models import Person
    cert = services.issue_individual(db.session.get(Person, person_id), CODES, officer, ON)
    db.session.commit()
    assert cert.serial.endswith("-000001")
    assert files_in(cert_env.dir) == [f"{cert.serial}.pdf"]


def test_the_page_shows_a_plain_error(app, db, client, cert_env, trained, make_user, login_as,
                                      monkeypatch):
    from datetime import timedelta

    from app.timeutil import today
    officer = make_user("certifying_officer")
    person = trained(completed_on=today() - timedelta(days=10))
    db.session.commit()
    login_as(officer)
    monkeypatch.setattr(pdf, "render_pdf", lambda html, **_kw: (_ for _ in ()).throw(
        pdf.RenderError("injected")))
    response = client.post(f"/certificates/people/{person.id}/issue",
                           data={"standards": list(CODES)}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "could not be produced" in body and "Traceback" not in body and "injected" not in body
    nothing_left(db, cert_env)


def test_a_savepoint_rollback_keeps_the_staged_file(app, db, cert_env, trained):
    """Only the outermost transaction's end may delete staged files."""
    cert = services.issue_individual(trained(), CODES, None, ON)
    savepoint = db.session.begin_nested()
    savepoint.rollback()
    db.session.commit()
    assert files_in(cert_env.dir) == [f"{cert.serial}.pdf"]

"""Renders run in worker processes with a time limit and a memory cap (security.md item 20): a
pathological document is killed when its time is up, the next render gets a fresh worker, and
issuing leaves an audit event and nothing half-issued."""
import gc
import os
import resource
import time

import pytest

from app.audit.models import AuditEvent
from app.audit.services import verify_chain
from app.certification import pdf, render_pool, services
from app.config import Config
from tests.factories_certification import CODES, ON, embedded_credential, queued_bulk_job
from tests.integration.certification.test_atomic_issue import nothing_left

# Thousands of table rows: minutes of layout for WeasyPrint, in one "certificate".
ENDLESS = ("<!doctype html><html><body><table>"
           + "<tr><td>row</td><td>of a table that never ends</td></tr>" * 40_000
           + "</table></body></html>")


@pytest.fixture
def workers(app):
    """The production path: renders in one worker process, a 2 s limit for the tests."""
    app.config.update(CERT_RENDER_ISOLATED=True, CERT_RENDER_PROCESSES=1, CERT_RENDER_TIMEOUT=2,
                      CERT_RENDER_SECONDS_PER_PAGE=1)
    return app


def _worker_pid(app) -> int:
    with app.app_context():
        return render_pool._workers(1).schedule(os.getpid).result(timeout=60)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_default_limit_for_one_page_is_at_most_ten_seconds(app):
    assert Config.CERT_RENDER_TIMEOUT <= 10 and Config.CERT_RENDER_ISOLATED is True
    app.config.update(CERT_RENDER_TIMEOUT=Config.CERT_RENDER_TIMEOUT,
                      CERT_RENDER_SECONDS_PER_PAGE=Config.CERT_RENDER_SECONDS_PER_PAGE)
    assert render_pool.time_limit(1) == Config.CERT_RENDER_TIMEOUT
    assert render_pool.time_limit(26) == Config.CERT_RENDER_TIMEOUT + 25  # a long unit annex


def test_a_certificate_is_rendered_in_a_worker(workers, db, cert_env, trained):
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    data = (cert_env.dir / cert.pdf_path).read_bytes()
    assert embedded_credential(data)["payload"]["serial"] == cert.serial
    assert _worker_pid(workers) != os.getpid()


def test_workers_have_their_address_space_capped(workers):
    workers.config["CERT_RENDER_MEMORY_MB"] = 1536
    with workers.app_context():
        soft, hard = render_pool._workers(1).schedule(
            resource.getrlimit, args=(resource.RLIMIT_AS,)).result(timeout=60)
    assert soft == hard == 1536 * 1024 * 1024


def test_a_worker_pauses_garbage_collection_for_a_render_only(workers):
    with workers.app_context():
        pool = render_pool._workers(1)
        assert pool.schedule(render_pool._collected_after, args=(gc.isenabled,)).result() is False
        assert pool.schedule(gc.isenabled).result() is True
        with pytest.raises(ValueError):  # a failing render turns it back on too
            pool.schedule(render_pool._collected_after, args=(int, "not a number")).result()
        assert pool.schedule(gc.isenabled).result() is True


def test_a_runaway_render_is_killed_and_the_next_one_gets_a_fresh_worker(workers):
    with workers.app_context():
        before = _worker_pid(workers)
        start = time.monotonic()
        with pytest.raises(render_pool.RenderTimeout):
            render_pool.render_pdf(ENDLESS)
        elapsed = time.monotonic() - start
        assert 2 <= elapsed < 6
        deadline = time.monotonic() + 5
        while _alive(before) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(before)  # killed, not left running in the background
        html = pdf.render_html("certificates/pdf/base.html")
        assert render_pool.render_pdf(html).startswith(b"%PDF")
        assert _worker_pid(workers) != before


def test_a_runaway_bulk_batch_is_killed_too(workers):
    with workers.app_context():
        with pytest.raises(render_pool.RenderTimeout) as killed:
            render_pool.render_batches([(ENDLESS, [])])
    assert killed.value.seconds == 2


def test_issuing_a_runaway_certificate_leaves_an_audit_event_and_nothing_else(
        workers, db, client, cert_env, trained, make_user, login_as, monkeypatch):
    from datetime import timedelta

    from app.timeutil import today
    officer = make_user("certifying_officer")
    person = trained(completed_on=today() - timedelta(days=10))
    db.session.commit()
    login_as(officer)
    monkeypatch.setattr(pdf, "render_html", lambda _template, **_context: ENDLESS)
    response = client.post(f"/certificates/people/{person.id}/issue",
                           data={"standards": list(CODES)}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "could not be produced" in body and "Traceback" not in body
    nothing_left(db, cert_env)
    events = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "certificate.render_timeout")).all()
    assert len(events) == 1 and events[0].actor_id == officer.id
    assert verify_chain().ok


def test_a_bulk_job_killed_by_its_time_limit_fails_with_an_audit_event(
        workers, db, cert_env, certifiable_unit, make_user, monkeypatch):
    from app.certification import jobs
    from app.certification.models import Certificate, Job, StatusSlot

    setup = certifiable_unit(size=2, trained=2)
    registrar = make_user("centre_registrar")
    job = queued_bulk_job(db, setup.unit, registrar)
    # the endless table, with each certificate's QR placeholder so the batch is laid out
    monkeypatch.setattr(pdf, "render_html", lambda _template, certificates: ENDLESS.replace(
        "</body>", "".join(f'<img src="{c["qr"]}">' for c in certificates) + "</body>"))
    jobs.run_bulk(job.id)
    db.session.expire_all()
    failed = db.session.get(Job, job.id)
    assert (failed.status, failed.error) == ("failed", "RenderTimeout")
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(StatusSlot)) == 0
    event = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "certificate.render_timeout")).one()
    assert event.actor_id == registrar.id
    assert verify_chain().ok

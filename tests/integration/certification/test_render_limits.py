"""Renders run in worker processes with a time limit and a memory cap (security.md item 20): a
pathological document is killed when its time is up, the next render gets a fresh worker, and
issuing leaves an audit event and nothing half-issued."""
import errno
import gc
import os
import resource
import signal
import time
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest

from app.audit.models import AuditEvent
from app.audit.services import verify_chain
from app.certification import services
from app.certification.rendering import pdf, render_pool
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
    """Running (a zombie has ended: only its exit status is left to collect)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


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


def test_restart_replaces_the_workers_with_fresh_warmed_up_ones(workers):
    workers.config["CERT_RENDER_PROCESSES"] = 2
    with workers.app_context():
        first = render_pool.restart()
        second = render_pool.restart()
        assert len(first) == len(second) == 2 and not first & second and os.getpid() not in first
        assert not any(_alive(pid) for pid in first)
        pool = render_pool._workers(2)
        assert pool.schedule(render_pool._pid_after, args=(0,)).result() in second
        assert pool.schedule(_warm).result() is True


def test_workers_have_their_address_space_capped(workers):
    workers.config["CERT_RENDER_MEMORY_MB"] = 1536
    with workers.app_context():
        soft, hard = render_pool._workers(1).schedule(
            resource.getrlimit, args=(resource.RLIMIT_AS,)).result(timeout=60)
    assert soft == hard == 1536 * 1024 * 1024


def _make_garbage(cycles):
    for _ in range(cycles):
        cycle = []
        cycle.append(cycle)
    return cycles


def _render_then_look(cycles):
    """In a worker: a one-page "render" leaving `cycles` reference cycles, then (collector on,
    objects not yet collected) right after it has answered."""
    render_pool._collected_after(_make_garbage, cycles)
    return gc.isenabled(), gc.get_count()[0]


def _look():
    return gc.isenabled(), gc.get_count()[0]


def _renders_back_to_back(cycles):
    """In a worker: one-page "renders" without a pause for longer than MAX_PENDING."""
    start, renders = time.monotonic(), 0
    while time.monotonic() - start < render_pool.MAX_PENDING + 0.5:
        render_pool._collected_after(_make_garbage, cycles)
        renders += 1
    return renders, gc.get_count()[0]


def test_a_one_page_render_is_answered_first_and_collected_after_once_the_worker_is_idle(
        workers):
    with workers.app_context():
        pool = render_pool._workers(1)
        assert pool.schedule(render_pool._collected_after, args=(gc.isenabled,)).result() is False
        enabled, left = pool.schedule(_render_then_look, args=(50_000,)).result(timeout=60)
        assert enabled is False and left > 40_000  # answered before collecting
        deadline = time.monotonic() + 5
        while pool.schedule(_look).result()[0] is False and time.monotonic() < deadline:
            time.sleep(render_pool.IDLE)
        enabled, left = pool.schedule(_look).result()
        assert enabled is True and left < 10_000  # collected once idle
        with pytest.raises(ValueError):  # a failing render is collected after too
            pool.schedule(render_pool._collected_after, args=(int, "not a number")).result()
        time.sleep(render_pool.IDLE * 10)
        assert pool.schedule(gc.isenabled).result() is True


def test_renders_back_to_back_collect_their_garbage_within_max_pending(workers):
    with workers.app_context():
        renders, left = render_pool._workers(1).schedule(
            _renders_back_to_back, args=(20_000,)).result(timeout=60)
    # made for 1.5 s, collected at 1 s: about a third is left (without the cap: all of it)
    assert renders >= 3 and left < 0.6 * renders * 20_000


def _render_pid(_static_folder):
    return os.getpid()


def test_a_render_of_more_than_one_page_runs_in_a_child_of_the_worker(workers):
    with workers.app_context():
        worker = _worker_pid(workers)
        assert render_pool._run_all(_render_pid, [((), 1)]) == [worker]
        assert worker not in render_pool._run_all(_render_pid, [((), 2), ((), 25)])
        # the bulk job's overlaid batches stay in the worker (it keeps their templates)
        assert render_pool._run_all(_render_pid, [((), 25)], in_worker=True) == [worker]


def test_a_child_render_has_the_collector_off_and_the_worker_s_memory_cap(workers):
    with workers.app_context():
        pool = render_pool._workers(1)
        worker = pool.schedule(os.getpid).result(timeout=60)
        child = pool.schedule(render_pool._in_child, args=(os.getpid,)).result(timeout=60)
        assert child != worker
        assert not _alive(child)  # gone, and reaped, once it has answered
        assert pool.schedule(render_pool._in_child, args=(os.getppid,)).result() == worker
        assert pool.schedule(render_pool._in_child, args=(gc.isenabled,)).result() is False
        assert pool.schedule(gc.isenabled).result() is True  # the worker's is untouched
        assert pool.schedule(render_pool._in_child, args=(
            resource.getrlimit, resource.RLIMIT_AS)).result() == pool.schedule(
            resource.getrlimit, args=(resource.RLIMIT_AS,)).result()  # the same memory cap


def _kill_myself():
    os.kill(os.getpid(), signal.SIGKILL)


def _note_pid_and_hang(path):
    Path(path).write_text(str(os.getpid()))
    time.sleep(600)


def _warm():
    return "key" in pdf._cache  # the stylesheet parsed, by the worker's warm-up render


def test_a_worker_warms_up_before_its_first_render(workers):
    with workers.app_context():
        assert render_pool._workers(1).schedule(_warm).result(timeout=60) is True


def test_a_worker_whose_warm_up_fails_still_starts_and_renders_report_why(workers, tmp_path):
    workers.static_folder = str(tmp_path)  # no certificates/print.css here
    with workers.app_context():
        pool = render_pool._workers(1)
        assert pool.schedule(_warm).result(timeout=60) is False
        assert pool.schedule(os.getpid).result(timeout=60) != os.getpid()
        with pytest.raises(FileNotFoundError, match="print.css"):
            render_pool.render_pdf("<p>x</p>")


def test_a_render_s_error_is_raised_from_its_child(workers):
    with workers.app_context():
        pool = render_pool._workers(1)
        with pytest.raises(ValueError, match="not a number"):
            pool.schedule(render_pool._in_child, args=(int, "not a number")).result(timeout=60)
        with pytest.raises(pdf.RenderError, match="killed by signal 9"):
            pool.schedule(render_pool._in_child, args=(_kill_myself,)).result(timeout=60)
        with pytest.raises(pdf.RenderError, match="exit code 3"):
            pool.schedule(render_pool._in_child, args=(os._exit, 3)).result(timeout=60)
        assert pool.schedule(render_pool._in_child, args=(len, "worker still up")).result() == 15


def test_a_render_whose_child_cannot_be_started_fails_cleanly(monkeypatch):
    def no_fork():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    before = sorted(os.listdir("/proc/self/fd"))
    with pytest.raises(pdf.RenderError, match="could not be started"):
        render_pool._in_child(len, "never run")
    assert sorted(os.listdir("/proc/self/fd")) == before  # its pipe closed


def test_a_render_killed_at_its_time_limit_takes_its_child_with_it(workers, tmp_path):
    noted = tmp_path / "child.pid"
    with workers.app_context():
        future = render_pool._workers(1).schedule(
            render_pool._in_child, args=(_note_pid_and_hang, str(noted)), timeout=2)
        with pytest.raises(FutureTimeout):
            future.result()
    child = int(noted.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


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
    from app.certification.issuing import jobs
    from app.certification.models import Certificate, Job, StatusSlot

    setup = certifiable_unit(size=2, trained=2)
    registrar = make_user("centre_registrar")
    job = queued_bulk_job(db, setup.unit, registrar)
    # each certificate an endless table, with its QR placeholder so the batch is laid out
    table = ENDLESS[ENDLESS.index("<table>"):ENDLESS.index("</body>")]

    def endless(_template, certificates=None, c=None):
        if c is None:  # the bulk document around the certificates
            return "<!doctype html><html><body>\n\n</body></html>"
        return f'{table}<img src="{c["qr"]}">'

    monkeypatch.setattr(pdf, "render_html", endless)
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

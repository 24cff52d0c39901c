"""A certificate is signed while its render worker lays it out: the worker is sent the HTML, and
the credentials it embeds are handed over once they are made (render_pool._Handover). What it
writes is the same certificate; a failure while signing issues nothing and leaves the worker
running; only a process of this user is handed anything."""
import io
import json
import os
import select
import socket
import threading
from concurrent.futures import Future

import pytest
from pypdf import PdfReader

from app.certification import services
from app.certification.issuing import issue
from app.certification.rendering import pdf, render_pool
from app.credentials import certificates as open_badges
from app.credentials import issuing as credentials
from tests.factories_certification import (CODES, ON, embedded_credential, embedded_open_badge)
from tests.integration.certification.test_atomic_issue import nothing_left
from tests.integration.certification.test_render_limits import ENDLESS, _worker_pid

FILES = {"credential.json": b'{"a": 1}', "open-badge-credential.json": b'{"b": 2}'}


@pytest.fixture
def workers(app):
    app.config.update(CERT_RENDER_ISOLATED=True, CERT_RENDER_PROCESSES=1, CERT_RENDER_TIMEOUT=2,
                      CERT_RENDER_SECONDS_PER_PAGE=1)
    return app


@pytest.fixture
def handovers(monkeypatch):
    """Every _Handover made, to look at while its files are being made."""
    made = []
    original = render_pool._Handover.__init__

    def keep(self):
        original(self)
        made.append(self)

    monkeypatch.setattr(render_pool._Handover, "__init__", keep)
    return made


def _html():
    return pdf.render_html("certificates/pdf/base.html")


@pytest.mark.parametrize("pages", [1, 3], ids=["in the worker", "in a child of the worker"])
def test_the_files_are_made_while_the_worker_runs_and_are_written_into_the_pdf(
        workers, handovers, pages):
    seen = []

    def files():
        # the worker has taken the task and connected: it is laying the page out now
        seen.append(bool(select.select([handovers[0]._server], [], [], 10)[0]))
        return FILES

    with workers.app_context():
        data = render_pool.render_pdf(_html(), files, pages=pages)
    assert seen == [True]
    attached = PdfReader(io.BytesIO(data)).attachments
    assert {name: value[0] for name, value in attached.items()} == FILES


def test_an_issued_certificate_carries_both_credentials_signed_while_it_rendered(
        workers, db, cert_env, trained, handovers):
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    assert len(handovers) == 1
    data = (cert_env.dir / cert.pdf_path).read_bytes()
    assert embedded_credential(data)["payload"]["serial"] == cert.serial
    assert embedded_credential(data)["payload"]["credentialStatus"]
    badge = embedded_open_badge(data)
    assert badge == json.loads(cert.open_badge) and credentials.verify(badge).ok


def test_a_failure_while_signing_issues_nothing_and_the_worker_carries_on(
        workers, db, cert_env, trained, monkeypatch):
    person = trained()
    db.session.commit()
    worker = _worker_pid(workers)

    def broken(*args, **kwargs):
        raise RuntimeError("the signing key went away")

    monkeypatch.setattr(open_badges, "signed_json", broken)
    with pytest.raises(RuntimeError, match="went away"):
        services.issue_individual(person, CODES, None, ON)
    db.session.rollback()
    nothing_left(db, cert_env)
    monkeypatch.undo()
    with workers.app_context():  # the abandoned render ended in the worker, not with it
        assert render_pool.render_pdf(_html(), lambda: FILES).startswith(b"%PDF")
        assert _worker_pid(workers) == worker


def test_a_worker_killed_at_its_time_limit_while_waiting_raises_render_timeout(workers):
    with workers.app_context():
        with pytest.raises(render_pool.RenderTimeout):
            render_pool.render_pdf(ENDLESS, lambda: FILES)
        assert render_pool.render_pdf(_html(), lambda: FILES).startswith(b"%PDF")


def test_a_layout_that_fails_says_why_not_that_the_files_never_came(workers, tmp_path):
    workers.static_folder = str(tmp_path)  # no certificates/print.css here
    with workers.app_context():
        with pytest.raises(FileNotFoundError, match="print.css"):
            render_pool.render_pdf("<p>x</p>", lambda: FILES)


def test_the_worker_drops_a_render_whose_files_never_come(workers):
    with workers.app_context():
        with render_pool._Handover() as handover:
            address = handover.address
        with pytest.raises(pdf.RenderError, match="abandoned"):  # nobody listens any more
            render_pool._workers(1).schedule(
                render_pool._render_handed, args=(_html(), address, workers.static_folder)
            ).result(timeout=30)


def test_another_user_s_process_is_handed_nothing(workers):
    if os.getuid() != 0:
        pytest.skip("needs root, to connect as another user")
    read, write = os.pipe()
    with render_pool._Handover() as handover:
        pid = os.fork()
        if pid == 0:  # a process of another user connects first and reads what it is sent
            os.close(read)
            try:
                os.setuid(65534)
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    sock.connect(handover.address)
                    sock.settimeout(1)
                    try:
                        got = sock.recv(100)
                    except OSError:
                        got = b"nothing"
                os.write(write, got or b"nothing")
            finally:
                os._exit(0)
        os.close(write)
        future = Future()
        select.select([handover._server], [], [], 10)  # its connection waits
        threading.Timer(1.5, future.set_result, args=(None,)).start()
        handover.give(b"secret", future, limit=1)
        os.waitpid(pid, 0)
    with open(read, "rb") as answer:
        assert answer.read() == b"nothing"


def test_begin_then_seal_is_what_prepare_makes(db, cert_env, trained, app):
    person = trained()
    draft = services.individual_draft(person, CODES, ON)
    sealed = issue.prepare(draft, None, ON)
    begun = issue.begin(draft, None, ON)
    assert begun.signed is None and begun.open_badge is None
    assert "credentialStatus" not in begun.payload
    issue.seal(begun)
    assert begun.payload.keys() == sealed.payload.keys()
    assert begun.context.keys() == sealed.context.keys()
    assert begun.signed.kid == sealed.signed.kid and begun.open_badge
    db.session.rollback()

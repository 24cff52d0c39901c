"""Bulk individual certificates for a unit: one merged PDF and a ZIP, run as a Huey job."""
import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.credentials import signing
from app.certification.models import Certificate, Job
from tests.factories_certification import embedded_credential, queued_bulk_job


def _download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = response.data
    response.close()
    return data


def test_bulk_job_issues_every_eligible_member(app, db, client, cert_env, certifiable_unit,
                                              make_user, login_as, tmp_path):
    setup = certifiable_unit(size=6, trained=4)  # two members lack everything
    unit_id = setup.unit.id
    registrar = make_user("centre_registrar")
    db.session.expunge(setup.unit)
    login_as(registrar)
    response = client.post(f"/certificates/units/{unit_id}/bulk", data={"b-level": "L2"})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    assert 'id="job-progress"' in page and "js/job_progress.js" in page
    status = client.get(job_url + "/status").json
    assert status["status"] == "done" and status["done"] == status["total"] == 4
    merged = _download(client, status["downloads"]["pdf"])
    assert len(PdfReader(io.BytesIO(merged)).pages) == 4
    archive = zipfile.ZipFile(io.BytesIO(_download(client, status["downloads"]["zip"])))
    names = sorted(archive.namelist())
    certs = db.session.scalars(db.select(Certificate).order_by(Certificate.serial)).all()
    assert names == [f"{c.serial}.pdf" for c in certs] and len(certs) == 4
    assert len({c.token for c in certs}) == 4
    positions = {tuple(e["statusListIndex"] for e in json.loads(c.payload)["credentialStatus"])
                 for c in certs}
    assert len(positions) == 4  # one status list position each
    numbers = [int(c.serial.rsplit("-", 1)[1]) for c in certs]
    assert numbers == list(range(numbers[0], numbers[0] + 4))  # one consecutive range
    for cert in certs:
        data = archive.read(f"{cert.serial}.pdf")
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
        credential = embedded_credential(data)
        assert credential["payload"]["serial"] == cert.serial
        assert signing.verify(cert.payload.encode(), credential["signature"], credential["kid"])
        assert (Path(cert_env.dir) / cert.pdf_path).read_bytes() == data
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert cert.serial in text and cert.holder_name.split()[-1] in text
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):  # each page has its own QR code
        from tests.integration.certification.test_pdf import decode_qr
        for cert in (certs[0], certs[-1]):
            folder = tmp_path / cert.serial
            folder.mkdir()
            assert decode_qr(Path(cert_env.dir) / cert.pdf_path, folder) == \
                [f"https://pkt.example.org/verify/{cert.token}"]


def test_someone_elses_job_is_not_found(app, db, client, cert_env, make_user, login_as,
                                        make_state):
    owner, other = make_user("centre_registrar"), make_user("centre_registrar")
    job = Job(state_id=owner.state_id, user_id=owner.id, kind="bulk_individual", params="{}")
    db.session.add(job)
    db.session.commit()
    login_as(other)
    assert client.get(f"/certificates/jobs/{job.id}/status").status_code == 404


@pytest.mark.slow
def test_in_process_consumer_runs_the_job(tmp_path, monkeypatch):
    """Without HUEY_IMMEDIATE (as in `make run`), the first enqueue starts Huey's consumer in a
    thread of the web process; the job finishes without any other process."""
    from app import create_app
    from app.certification.issuing import jobs
    from app.credentials.signing import generate_key
    from app.config import TestConfig
    from app.extensions import db as _db

    class Threaded(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'app.db'}"
        HUEY_IMMEDIATE = False
        INSTANCE_DIR = str(tmp_path)
        CERTIFICATE_DIR = str(tmp_path / "certificates")
        SIGNING_KEY_PATH = str(tmp_path / "key.pem")

    app = create_app(Threaded)
    generate_key(Threaded.SIGNING_KEY_PATH)
    monkeypatch.setattr(jobs, "run_bulk", lambda job_id: _mark_done(job_id))
    with app.app_context():
        _db.create_all()
        from app.catalogue.models import MemberState
        from app.auth.models import Role, User
        state = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
        _db.session.add(state)
        _db.session.flush()
        user = User(email="r@example.org", role=Role.CENTRE_REGISTRAR, state_id=state.id,
                    password_hash="x")
        _db.session.add(user)
        _db.session.flush()
        job = Job(state_id=state.id, user_id=user.id, kind="bulk_individual",
                  params=json.dumps({}))
        _db.session.add(job)
        _db.session.commit()
        job_id = job.id
        try:
            jobs.enqueue_bulk(job_id)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                _db.session.expire_all()
                if _db.session.get(Job, job_id).status == "done":
                    break
                time.sleep(0.2)
            assert _db.session.get(Job, job_id).status == "done"
            assert (tmp_path / "huey.db").exists()
        finally:
            jobs.stop_in_process_consumer()
            jobs.huey.immediate = True
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


def _mark_done(job_id):
    from app.extensions import db as _db

    job = _db.session.get(Job, job_id)
    job.status = "done"
    _db.session.commit()


def test_a_serial_range_is_given_back_on_rollback(app, db, cert_env, certifiable_unit):
    from app.certification.issuing.issue import next_serials

    state = certifiable_unit(size=1, trained=1).unit.state
    db.session.commit()
    first = next_serials(state, 2026, 3)
    db.session.rollback()
    again = next_serials(state, 2026, 2)
    db.session.commit()
    assert first == [f"{state.iso3}-2026-00000{n}" for n in (1, 2, 3)]
    assert again == first[:2]
    assert next_serials(state, 2026, 1) == [f"{state.iso3}-2026-000003"]


def test_a_failing_chunk_keeps_the_finished_ones_and_leaves_no_download(
        app, db, cert_env, certifiable_unit, make_user, monkeypatch):
    """Chunks of 2; the second chunk's render fails: the first chunk stays issued, the second
    leaves no row and no serial used, and neither download (nor a temporary ZIP) is left."""
    from app.certification.rendering import overlay, pdf
    from app.certification.issuing import bulk, jobs
    from app.certification.models import SerialCounter, StatusSlot

    setup = certifiable_unit(size=5, trained=5)
    registrar = make_user("centre_registrar")
    job = queued_bulk_job(db, setup.unit, registrar)
    real, calls = overlay.render_batch, []

    def second_fails(shell, items, static_folder=None):
        calls.append(len(items))
        if len(calls) == 2:
            raise pdf.RenderError("injected")
        return real(shell, items, static_folder)

    monkeypatch.setattr(bulk, "CHUNK", 2)
    monkeypatch.setattr(overlay, "render_batch", second_fails)
    jobs.run_bulk(job.id)
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "failed"
    certs = db.session.scalars(db.select(Certificate)).all()
    assert len(certs) == 2
    assert db.session.scalar(db.select(SerialCounter.last)) == 2  # the failed chunk's given back
    slots = db.session.scalars(db.select(StatusSlot.serial)).all()  # and its status positions
    assert sorted(slots) == sorted(c.serial for c in certs)
    out = Path(cert_env.dir) / "jobs"
    assert sorted(p.name for p in out.iterdir()) == []
    assert sorted(p.name for p in Path(cert_env.dir).glob("*.pdf")) == \
        sorted(f"{c.serial}.pdf" for c in certs)


def test_the_same_start_form_sent_twice_starts_one_job(app, db, client, cert_env,
                                                       certifiable_unit, make_user, login_as):
    """A double click on "start" must not issue every certificate of the unit twice."""
    import re

    setup = certifiable_unit(size=5, trained=3)
    unit_id = setup.unit.id
    first, second = make_user("centre_registrar"), make_user("centre_registrar")
    db.session.expunge(setup.unit)
    login_as(first)
    page = client.get(f"/certificates/units/{unit_id}").get_data(as_text=True)
    key = re.search(r'name="b-key" type="hidden" value="([^"]+)"', page).group(1)
    sent = [client.post(f"/certificates/units/{unit_id}/bulk", data={"b-level": "L2",
                                                                     "b-key": key})
            for _ in range(2)]
    assert [r.status_code for r in sent] == [302, 302]
    assert sent[0].headers["Location"] == sent[1].headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 3
    assert "already sent" in client.get(sent[1].headers["Location"]).get_data(as_text=True)
    client.post("/auth/logout", data={})
    login_as(second)
    taken = client.post(f"/certificates/units/{unit_id}/bulk", data={"b-level": "L2",
                                                                     "b-key": key})
    assert taken.status_code == 302 and taken.headers["Location"].endswith(
        f"/certificates/units/{unit_id}")
    assert "already used by someone else" in client.get(taken.headers["Location"]).get_data(
        as_text=True)
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 1

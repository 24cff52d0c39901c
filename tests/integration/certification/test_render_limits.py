"""A pathological document is stopped by the render's CPU-time limit (security.md item 20):
the issue then leaves nothing half-issued and one audit event, and the next render works."""
import signal
import time
from datetime import timedelta

import pytest

from app.audit.models import AuditEvent
from app.certification import pdf
from app.timeutil import today
from tests.factories_certification import CODES
from tests.integration.certification.test_atomic_issue import nothing_left

# Thousands of table rows: tens of seconds of layout, far beyond a certificate's 0.1 s.
PATHOLOGICAL = ("<table>" + "".join(f"<tr><td>row {n}</td><td>{'word ' * 30}</td></tr>"
                                    for n in range(20000)) + "</table>")


def test_a_pathological_document_is_stopped_and_the_next_render_works(app, cert_env):
    app.config["RENDER_TIMEOUT_SECONDS"] = 0.5
    handler = signal.getsignal(signal.SIGVTALRM)
    started = time.process_time()
    with pytest.raises(pdf.RenderTimeout):
        pdf.render_pdf(PATHOLOGICAL)
    assert time.process_time() - started < 5
    assert signal.getsignal(signal.SIGVTALRM) == handler  # the timer's handler is put back
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert pdf.render_pdf("<p>An ordinary page.</p>").startswith(b"%PDF-")


def test_an_ordinary_certificate_issues_under_the_default_limit(app, cert_env, trained, db):
    from app.certification import services

    assert app.config.get("RENDER_TIMEOUT_SECONDS", pdf.TIMEOUT_SECONDS) == 10
    cert = services.issue_individual(trained(completed_on=today() - timedelta(days=10)), CODES,
                                     None, today())
    db.session.commit()
    assert cert.id and signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_an_issue_stopped_by_the_limit_leaves_nothing_but_an_audit_event(
        app, db, client, cert_env, trained, make_user, login_as, monkeypatch):
    officer = make_user("certifying_officer")
    person = trained(completed_on=today() - timedelta(days=10))
    db.session.commit()
    login_as(officer)
    app.config["RENDER_TIMEOUT_SECONDS"] = 0.5
    monkeypatch.setattr(pdf, "render_html", lambda template, **_kw: PATHOLOGICAL)
    response = client.post(f"/certificates/people/{person.id}/issue",
                           data={"standards": list(CODES)}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "could not be produced" in body
    assert "Traceback" not in body and "CPU" not in body
    nothing_left(db, cert_env)
    events = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "certificate.render_stopped")).all()
    assert len(events) == 1 and events[0].actor_id == officer.id

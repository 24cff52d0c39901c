"""Bulk certificate jobs: start one for a unit, watch its progress, download the results.

A job is visible only to the user who started it (and only within their tenancy scope).
"""
import json

from flask import abort, flash, jsonify, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth.permissions import Action, authorize, require
from app.certification import services
from app.certification.rendering import storage
from app.certification.issuing import jobs
from app.certification.forms import BulkForm
from app.certification.kinds import IssueChoice
from app.certification.models import Job
from app.certification.blueprint import bp
from app.extensions import db
from app.timeutil import today
from app.units.models import Unit

FORMATS = {"pdf": "application/pdf", "zip": "application/zip"}


def _own_job(job_id) -> Job:
    job = db.get_or_404(Job, job_id)
    if job.user_id != current_user.id:
        abort(404)
    return job


@bp.route("/certificates/units/<int:unit_id>/bulk", methods=["POST"])
@require(Action.CERT_ISSUE_INDIVIDUAL)
def bulk_start(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.CERT_ISSUE_INDIVIDUAL, unit)
    form = BulkForm(prefix="b")
    if not form.validate_on_submit():
        abort(400)
    key = form.idempotency_key
    started = _started_with(key) if key else None
    if started is None:
        job = Job(state_id=unit.state_id, user_id=current_user.id, kind="bulk_individual",
                  params=json.dumps({"unit_id": unit.id, "level": form.level.data,
                                     "on": today().isoformat(), "choice": form.choice.data}),
                  status="queued",
                  idempotency_key=key)
        db.session.add(job)
        try:
            db.session.commit()
        except IntegrityError:  # the same form, sent twice at once: the other one won
            db.session.rollback()
            started = _started_with(key)
            if started is None:
                raise
        else:
            jobs.enqueue_bulk(job.id)
            return redirect(url_for("certification.job_detail", job_id=job.id))
    if started is False:
        flash(_("This form was already used by someone else; no job was started."), "danger")
        return redirect(url_for("certification.unit_certificates", unit_id=unit.id))
    flash(_("This form was already sent: this job was started then, and no other."), "info")
    return redirect(url_for("certification.job_detail", job_id=started.id))


def _started_with(key: str):
    """The job this form's key already started (this user's), False when someone else's
    job has the key, else None."""
    job = services.made_with(Job, key)
    if job is None:
        return None
    return job if job.user_id == current_user.id else False


@bp.route("/certificates/jobs/<int:job_id>")
@require(Action.CERT_VIEW)
def job_detail(job_id):
    job = _own_job(job_id)
    unit_id = json.loads(job.params or "{}").get("unit_id")
    unit = db.session.get(Unit, unit_id) if unit_id else None
    return render_template("certificates/job.html", job=job, unit=unit,
                           choice=json.loads(job.params or "{}").get("choice",
                                                                     IssueChoice.MISSING))


@bp.route("/certificates/jobs/<int:job_id>/status")
@require(Action.CERT_VIEW)
def job_status(job_id):
    """Progress as JSON, polled by static/js/job_progress.js."""
    job = _own_job(job_id)
    done = job.status == "done" and job.result_path
    return jsonify(
        status=job.status, done=job.done, total=job.total, skipped=job.skipped,
        message=_("Something went wrong; certificates already issued stay valid.")
        if job.status == "failed" else None,
        downloads={fmt: url_for("certification.job_download", job_id=job.id, fmt=fmt)
                   for fmt in FORMATS} if done else {})


@bp.route("/certificates/jobs/<int:job_id>/download/<fmt>")
@require(Action.CERT_VIEW)
def job_download(job_id, fmt):
    job = _own_job(job_id)
    if fmt not in FORMATS or job.status != "done" or not job.result_path:
        abort(404)
    path = storage.directory() / "jobs" / f"{job.result_path}.{fmt}"
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=FORMATS[fmt], as_attachment=True,
                         download_name=f"certificates-job-{job.id}.{fmt}", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response

"""Upload -> preview (with progress while rows are checked) -> confirm (all rows or none)."""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.permissions import Action, authorize, require
from app.extensions import db, limiter
from app.imports import codes, export_views, grid_views, services  # noqa: F401  (routes)
from app.imports.blueprint import UPLOAD_LIMIT, bp, user_key
from app.imports.forms import UnitWithRosterForm, UploadForm
from app.imports.messages import file_message, row_message
from app.imports.models import ImportStage
from app.imports.reader import MAX_ROWS, FileRefused
from app.training.models import CourseSession
from app.units import services as units
from app.units.errors import RecordError
from app.units.forms import term_choices
from app.units.models import Unit
from app.units.viewhelpers import form_error

__all__ = ["bp"]
TARGETS = {"roster": (Unit, Action.UNIT_EDIT), "results": (CourseSession, Action.RESULT_RECORD)}


def _target(kind: str, target_id: int):
    """The unit or session (404 outside the caller's scope; 403 without the right on it)."""
    model, action = TARGETS[kind]
    authorize(action)  # the role first: a 403 does not depend on which object was asked for
    target = db.get_or_404(model, target_id)
    authorize(action, target)
    return target


def _stage(stage_id: int) -> tuple[ImportStage, object]:
    """An upload of the signed-in user's (anyone else's is a 404) and its target."""
    stage = db.get_or_404(ImportStage, stage_id)
    if stage.user_id != current_user.id:
        abort(404)
    return stage, _target(stage.kind, stage.target_id)


def _read(form) -> tuple[str, bytes]:
    upload = form.file.data
    try:
        return upload.filename, upload.read(services.reader.MAX_BYTES + 1)
    finally:
        upload.close()


def _stage_file(kind: str, target, form):
    """Stage the form's file for `target` (a file of at most one check chunk is checked at once,
    so its preview opens ready to confirm); None, with the refusal on the file field, when the
    file is refused whole (the caller's transaction is rolled back)."""
    filename, data = _read(form)
    try:
        stage = services.stage_upload(kind, target, filename, data, current_user)
    except FileRefused as refused:
        db.session.rollback()
        form.file.errors = list(form.file.errors) + [file_message(refused.code, refused.params)]
        return None
    if stage.total <= services.CHUNK:
        services.check_next(stage, target)
    return stage


def _upload(kind: str, target_id: int):
    target = _target(kind, target_id)
    form = UploadForm()
    if form.validate_on_submit():
        stage = _stage_file(kind, target, form)
        if stage is not None:
            db.session.commit()
            return redirect(url_for("imports.preview", stage_id=stage.id))
    rows = codes.code_rows(kind, str(get_locale()), current_user.state_id,
                           target if kind == "results" else None)
    return render_template("imports/upload.html", form=form, kind=kind, target=target,
                           max_rows=MAX_ROWS, codes=[codes.header()] + rows), \
        200 if not form.errors else 422


@bp.route("/imports/units/new", methods=["GET", "POST"])
@require(Action.IMPORT)
@limiter.limit(UPLOAD_LIMIT, key_func=user_key, methods=["POST"])
def unit_with_roster():
    """A new unit and its roster file in one submission: the unit is created and the file
    staged for preview in one transaction (a refused file creates no unit)."""
    authorize(Action.UNIT_EDIT)
    form = UnitWithRosterForm()
    form.unit_type.choices = term_choices("unit_types", str(get_locale()))
    if form.validate_on_submit():
        try:
            unit = units.create_unit(current_user.state_id, actor=current_user,
                                     **form.values())
        except RecordError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            stage = _stage_file("roster", unit, form)
            if stage is not None:
                db.session.commit()
                flash(_("Unit created. Check the roster below, then import it."), "success")
                return redirect(url_for("imports.preview", stage_id=stage.id))
    return render_template("imports/unit_new.html", form=form,
                           max_rows=MAX_ROWS), 200 if not form.errors else 422


@bp.route("/imports/units/<int:unit_id>/roster", methods=["GET", "POST"])
@require(Action.IMPORT)
@limiter.limit(UPLOAD_LIMIT, key_func=user_key, methods=["POST"])
def roster_upload(unit_id):
    return _upload("roster", unit_id)


@bp.route("/imports/sessions/<int:session_id>/results", methods=["GET", "POST"])
@require(Action.IMPORT)
@limiter.limit(UPLOAD_LIMIT, key_func=user_key, methods=["POST"])
def results_upload(session_id):
    return _upload("results", session_id)


@bp.route("/imports/<int:stage_id>")
@require(Action.IMPORT)
def preview(stage_id):
    stage, target = _stage(stage_id)
    return render_template("imports/preview.html", stage=stage, target=target,
                           problems=services.sorted_problems(stage), button=EmptyForm(),
                           describe=row_message)


@bp.route("/imports/<int:stage_id>/progress")
@require(Action.IMPORT)
def progress(stage_id):
    stage, _target_ = _stage(stage_id)
    return jsonify(status=stage.status, checked=stage.checked, total=stage.total,
                   problems=len(stage.problems or []))


@bp.route("/imports/<int:stage_id>/check", methods=["POST"])
@require(Action.IMPORT)
def check_rows(stage_id):
    """One chunk per call (the page's script calls until done); `all` does every row at once."""
    stage, target = _stage(stage_id)
    if request.form.get("all"):
        services.check_all(stage, target)
        db.session.commit()
        return redirect(url_for("imports.preview", stage_id=stage.id))
    services.check_next(stage, target)
    db.session.commit()
    return progress(stage_id)


@bp.route("/imports/<int:stage_id>/confirm", methods=["POST"])
@require(Action.IMPORT)
def confirm(stage_id):
    stage, target = _stage(stage_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.commit(stage, target, current_user)
    except services.ImportRefused:
        db.session.commit()  # keep the problems found, nothing else was written
        flash(_("Nothing was imported: fix the rows listed and upload the file again."), "danger")
        return redirect(url_for("imports.preview", stage_id=stage.id))
    db.session.commit()
    flash(_("Imported %(n)d rows.", n=stage.total), "success")
    return redirect(_back(stage, target))


def _back(stage: ImportStage, target) -> str:
    """The page an import serves: the unit's (its readiness) or the session's."""
    if stage.kind == "roster":
        return url_for("units.unit_detail", unit_id=target.id) + "#readiness-h"
    return url_for("training.session_detail", session_id=target.id)


@bp.route("/imports/<int:stage_id>/discard", methods=["POST"])
@require(Action.IMPORT)
def discard(stage_id):
    stage, target = _stage(stage_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.discard(stage)
    db.session.commit()
    flash(_("Upload discarded: nothing was imported."), "info")
    return redirect(_back(stage, target))

"""Small helpers the records views share (units and training blueprints)."""
from flask import flash
from flask_babel import gettext as _

from app.extensions import db
from app.units.errors import RecordError


def form_error(form, error: RecordError):
    """Show a refusal next to its field when the form has it, else as a flash."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [str(error)]
    else:
        flash(str(error), "danger")


def field_errors(form) -> str:
    """The form's errors as one readable line (for a flash after a redirect)."""
    return "; ".join(f"{form[name].label.text}: {' '.join(map(str, errs))}"
                     for name, errs in form.errors.items() if name in form)


def save(form, action, done: str):
    """The POST step of a full-page form already validated: run `action()` (a service call that
    returns the saved object), commit and flash `done`, and return the object; on a refusal show
    it next to its field and return None, so the view renders the form again."""
    try:
        saved = action()
    except RecordError as error:
        form_error(form, error)
        return None
    db.session.commit()
    flash(done, "success")
    return saved


def submit(form, action, done: str) -> bool:
    """The POST step of a small form whose page then redirects: validate `form`, run `action()`
    (a service call), commit and flash `done`; or flash the refusal or the form's errors."""
    if not form.validate_on_submit():
        flash(_("Check the form: %(errors)s", errors=field_errors(form)), "danger")
        return False
    try:
        action()
    except RecordError as error:
        flash(str(error), "danger")
        return False
    db.session.commit()
    flash(done, "success")
    return True

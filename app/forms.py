"""The base of every form of the app: Flask-WTF's, rendered as valid, accessible HTML.

- The CSRF token's hidden input has no `id`: a page with several forms (a roster's "Remove"
  buttons) would repeat it, and ids must be unique.
- A single-choice select whose first option is a real value is always filled in, so it does not
  carry HTML's `required` (which asks for an empty first option); `aria-required` still tells
  screen readers, and the server validates as before.
"""
from flask_wtf import FlaskForm as _FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class FlaskForm(_FlaskForm):
    class Meta:
        def render_field(self, field, render_kw):
            if field.type == "CSRFTokenField":
                render_kw = {**render_kw, "id": False}
            elif field.type == "SelectField" and field.flags.required:
                first = next(iter(field.iter_choices()), None)
                if first is not None and first[0] not in ("", None):
                    render_kw = {"required": False, "aria-required": "true", **render_kw}
            return super().render_field(field, render_kw)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (no Ctrl-click)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

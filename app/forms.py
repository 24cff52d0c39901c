"""The base of every form of the app: Flask-WTF's, rendered as valid, accessible HTML.

- The CSRF token's hidden input has no `id`: a page with several forms (a roster's "Remove"
  buttons) would repeat it, and ids must be unique.
- A single-choice select whose first option is a real value is always filled in, so it does not
  carry HTML's `required` (which asks for an empty first option); `aria-required` still tells
  screen readers, and the server validates as before.
"""
from dataclasses import dataclass

from flask_wtf import FlaskForm as _FlaskForm
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
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


@dataclass(frozen=True)
class PickerItem:
    """One checkbox of a picker: its value and label, and what is shown beside the label (and
    read with it: the checkbox's description): `badge` a warning ("retired"), `detail` a note."""

    id: int
    label: str
    badge: str | None = None
    detail: str | None = None


class PickerField(MultiCheckboxField):
    """Several choices as a fieldset of checkboxes with a filter box, no Ctrl-click
    (templates/_macros/forms.html `picker`, static/js/picker.js). `choices` hold what the form
    accepts; `groups`, what the page lists: [(legend or None, [PickerItem, ...])], set by
    `fill_picker` or a helper of its own. With `summary`, a line under the legend (shown by the
    script) names what is ticked, for lists too long to see at once."""

    groups: list = []

    def __init__(self, label=None, validators=None, *, filter_label=None, empty_text=None,
                 summary=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.filter_label, self.empty_text, self.summary = filter_label, empty_text, summary


def fill_picker(field: PickerField, items, *, ticked_first: bool = False) -> PickerField:
    """The field's choices and its one list of `items`; with `ticked_first`, those the form
    came back with ticked (a refused submission) lead the list, so a long list shows them."""
    items = list(items)
    field.choices = [SelectChoice(item.id, item.label) for item in items]
    if ticked_first:
        ticked = set(field.data or ())
        items.sort(key=lambda item: item.id not in ticked)
    field.groups = [(None, items)] if items else []
    return field

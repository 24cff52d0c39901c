"""Form fields told apart: each visible form control of a page has a label (a <label for>, an
enclosing <label>, aria-label or aria-labelledby) and no two controls share the same words. A
check box or radio button is named with its group's legend (a fieldset's <legend>), as screen
readers announce it."""
from collections import defaultdict
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls = []  # (id, attrs, enclosing label index or None)
        self.labels = []  # [for, text]
        self.texts = {}  # element id -> text (for aria-labelledby)
        self._open_labels = []
        self._open_ids = []  # [(tag, id, parts)]
        self._legends = []  # the open fieldsets' legends
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset":
            self._legends.append("")
        if tag == "legend":
            self._in_legend = True
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            attrs["_group"] = self._legends[-1] if self._legends else ""
        if tag == "label":
            self.labels.append([attrs.get("for"), ""])
            self._open_labels.append(len(self.labels) - 1)
        if attrs.get("id") and tag not in CONTROLS:
            self._open_ids.append((tag, attrs["id"], []))
        if tag in CONTROLS and attrs.get("type", "text") not in UNLABELLED_TYPES \
                and "hidden" not in attrs:
            self.controls.append((attrs.get("id"), attrs,
                                  self._open_labels[-1] if self._open_labels else None))

    def handle_endtag(self, tag):
        if tag == "fieldset" and self._legends:
            self._legends.pop()
        if tag == "legend":
            self._in_legend = False
        if tag == "label" and self._open_labels:
            self._open_labels.pop()
        if self._open_ids and self._open_ids[-1][0] == tag:
            _tag, element_id, parts = self._open_ids.pop()
            self.texts[element_id] = "".join(parts)
            if self._open_ids:
                self._open_ids[-1][2].append("".join(parts))

    def handle_data(self, data):
        if self._in_legend and self._legends:
            self._legends[-1] += data
        for index in self._open_labels:
            self.labels[index][1] += data
        if self._open_ids:
            self._open_ids[-1][2].append(data)


def _norm(text: str) -> str:
    return " ".join(text.split())


def control_labels(html: str) -> list[tuple[str, str]]:
    """(control name or id, its label's words) for each visible form control of `html`."""
    page = _Page()
    page.feed(html)
    by_for = defaultdict(str)
    for target, text in page.labels:
        if target:
            by_for[target] += " " + text
    found = []
    for element_id, attrs, enclosing in page.controls:
        if attrs.get("aria-label"):
            text = attrs["aria-label"]
        elif attrs.get("aria-labelledby"):
            text = " ".join(page.texts.get(i, "") for i in attrs["aria-labelledby"].split())
        elif element_id and by_for.get(element_id):
            text = by_for[element_id]
        elif enclosing is not None:
            text = page.labels[enclosing][1]
        else:
            text = ""
        if text.strip() and attrs.get("_group"):
            text = attrs["_group"] + ": " + text
        found.append((attrs.get("name") or element_id or "?", _norm(text)))
    return found


def label_problems(html: str) -> list[str]:
    """Controls without a label, and label words that more than one control shares (radio
    buttons of one group share their group's name, not their labels)."""
    problems, seen = [], defaultdict(list)
    for name, text in control_labels(html):
        if not text:
            problems.append(f"{name}: no label")
        else:
            seen[text].append(name)
    problems += [f"{text!r} labels {len(names)} fields: {', '.join(names)}"
                 for text, names in seen.items() if len(names) > 1]
    return problems

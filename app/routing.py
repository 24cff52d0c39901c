"""Numbers from URLs kept within the database's integer range, on every route at once.

An `<int:...>` segment beyond MAX_ID matches no route (the converter's regular expression only
matches 0..MAX_ID, so no rule matches by pattern and fails later, which Werkzeug would answer with
a 405 when another method's rule has the same path), so it is a plain 404 before any view, query
or log line (without this, PostgreSQL refuses 2^31 with NumericValueOutOfRange and SQLite 2^63
with an OverflowError: a 500 and a traceback). MAX_ID is PostgreSQL's `integer`, the narrowest id
column either database has, so both databases answer alike. `page_arg` bounds a page number from
the query string the same way, so that no OFFSET goes beyond the range either.

A NUL character in the query string or a form field is refused with a 400 the same way, before
any view (PostgreSQL cannot hold NUL in text and would answer a 500; SQLite would store it).
"""
from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def digits_up_to(limit: int) -> str:
    """A regular expression matching the decimal numbers 0..limit (leading zeros within the
    limit's length): shorter numbers, then for each position a smaller digit after the limit's
    own prefix, then the limit itself."""
    text = str(limit)
    choices = [rf"\d{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(text):
        low = 1 if i == 0 and len(text) > 1 else 0
        if int(digit) > low:
            rest = len(text) - i - 1
            choices.append(f"{text[:i]}[{low}-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    choices.append(text)
    return "(?:" + "|".join(choices) + ")"


class IdConverter(IntegerConverter):
    """Werkzeug's `int` converter, matching only 0..MAX_ID."""

    regex = digits_up_to(MAX_ID)

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def page_arg(per_page: int, name: str = "page") -> int:
    """The 1-based page number in the query string: 1 when absent or not a number, and at most
    the last page an OFFSET within MAX_ID can reach."""
    page = request.args.get(name, 1, type=int)
    return min(max(page, 1), MAX_ID // per_page)


SAFE = ("GET", "HEAD", "OPTIONS")


def refuse_nul():
    """400 for a NUL in a query-string or form name or value (request hook). The form of a GET,
    HEAD or OPTIONS request is not parsed: nothing reads one (Flask-WTF reads forms only from
    POST, PUT, PATCH and DELETE; the views reading request.form answer POST only)."""
    for values in (request.args,) if request.method in SAFE else (request.args, request.form):
        for name, value in values.items(multi=True):
            if "\x00" in (name or "") or "\x00" in (value or ""):  # a multipart part may lack a name
                abort(400)


def init_app(app):
    """Before any blueprint is registered: every `<int:...>` rule then uses IdConverter; every
    request with a NUL in its query string or form is refused."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)


def page_window(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager links to: the first, the last and `around` either side of
    `page`, with None where numbers are left out."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window

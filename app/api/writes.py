"""What every API write shares: the `Idempotency-Key`, the JSON body checked by a pydantic
model, one transaction (all or nothing), refusals that name the item and the reason, and a
per-user rate limit.

A write view loads its object (404 outside the caller's scope) and checks the object-level
permission first, then hands over to `perform(model, action)`; `action(body, actor)` calls the
services the pages and imports use and returns (status, answer), or raises `Refused` /
`RecordError`, after which nothing it did is kept.
"""
from typing import Annotated

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import IntegrityError

from app.api import idempotency
from app.api.openapi import schema
from app.extensions import db
from app.routing import MAX_ID
from app.timeutil import utcnow
from app.units.errors import RecordError

MAX_ITEMS = 1000  # items (people, results, attendees) in one request
# A record id in a body: the range the URL converter allows in a path (app/routing.py)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


@schema
class WriteProblem(BaseModel):
    """One reason a write was refused: `item` is the index (from 0) in the request's list,
    `field` the input at fault (either may be null), `code` stable, `message` for people."""

    item: int | None
    field: str | None
    code: str
    message: str


@schema
class WriteRefusal(BaseModel):
    error: str
    message: str
    status: int
    problems: list[WriteProblem]


class Refused(Exception):
    """A write the rules refuse; `problems` as WriteProblem dicts. `record`, if given, keeps a
    trace of the refusal (an audit event): run after the write is rolled back, then committed."""

    def __init__(self, problems: list[dict], status: int = 422, record=None):
        super().__init__(problems)
        self.problems, self.status, self.record = problems, status, record


def problem(code: str, message, item: int | None = None, field: str | None = None) -> dict:
    return {"item": item, "field": field, "code": code, "message": str(message)}


def refusal(problems: list[dict], status: int):
    names = {400: "Bad Request", 404: "Not Found", 409: "Conflict", 422: "Unprocessable Entity"}
    body = WriteRefusal(error=names.get(status, "Bad Request"),
                        message="; ".join(p["message"] for p in problems[:10]),
                        status=status, problems=[WriteProblem(**p) for p in problems])
    return jsonify(body.model_dump()), status


def write_limit() -> str:
    return current_app.config.get("API_WRITE_LIMIT", "60 per minute")


def writer_key() -> str:
    """Rate-limit key: the signed-in user (several systems behind one address stay apart)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address() or "unknown"


def _validation_problems(error: ValidationError) -> list[dict]:
    found = []
    for e in error.errors():
        loc = list(e["loc"])
        item = next((p for p in loc if isinstance(p, int)), None)
        names = [str(p) for p in loc if isinstance(p, str)]
        found.append(problem("invalid", e["msg"], item, names[-1] if names else None))
    return found


def _storable(value) -> bool:
    """Every text in the JSON value can be stored: UTF-8 encodable, without NUL."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # an unpaired surrogate
            return False
        return "\x00" not in value
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True


def _replay(record):
    response = jsonify(record.body)
    response.status_code = record.status
    response.headers["Idempotent-Replayed"] = "true"
    return response


def perform(model: type[BaseModel] | None, action, refuse=None):
    """Run one write as described in the module docstring. `model` None: the write takes no
    body (a DELETE). `refuse(problems, status)`: the refusal response, `refusal` unless an
    operation documents another shape (PCRS decisions answer PcrsRefusal)."""
    refuse = refuse or refusal
    key = request.headers.get("Idempotency-Key", "")
    if not idempotency.KEY.match(key):
        return refuse([problem("idempotency_key", _(
            "Send an Idempotency-Key header: 1 to 200 visible ASCII characters."),
            field="Idempotency-Key")], 400)
    data = request.get_json(silent=True) if model is not None else {}
    if not isinstance(data, dict):
        return refuse([problem("invalid", _("The body must be a JSON object."))], 400)
    if not _storable(data):
        return refuse([problem("invalid", _(
            "The body holds text that cannot be stored (a NUL character or an unpaired "
            "surrogate)."))], 400)
    actor = current_user._get_current_object()
    hours, now = current_app.config["API_IDEMPOTENCY_HOURS"], utcnow()
    print_ = idempotency.fingerprint(request.method, request.path, data)
    stored = idempotency.find(actor.id, key, now, hours)
    if stored is not None:
        if stored.fingerprint != print_:
            return refuse([problem("idempotency_key_reused", _(
                "This Idempotency-Key was already used for a different request."),
                field="Idempotency-Key")], 422)
        return _replay(stored)
    try:
        body = model.model_validate(data) if model is not None else None
    except ValidationError as error:
        return refuse(_validation_problems(error), 400)
    try:
        status, answer = action(body, actor)
        idempotency.remember(actor.id, key, print_, status, answer, now, hours)
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        if refused.record is not None:
            refused.record()
            db.session.commit()
        return refuse(refused.problems, refused.status)
    except RecordError as error:
        db.session.rollback()
        return refuse([problem(error.code, error, field=error.field)], 422)
    except IntegrityError:  # a concurrent request wrote the same rows (or key) first
        db.session.rollback()
        stored = idempotency.find(actor.id, key, utcnow(), hours)
        if stored is not None and stored.fingerprint == print_:
            return _replay(stored)
        return refuse([problem("conflict", _(
            "Another request changed the same records at the same time: send it again."))], 409)
    return jsonify(answer), status


def too_many(items: list, name: str) -> None:
    """Refuse a list longer than MAX_ITEMS (pydantic also bounds it; this names the limit)."""
    if len(items) > MAX_ITEMS:
        raise Refused([problem("too_many", _("At most %(n)d items in one request.", n=MAX_ITEMS),
                               field=name)], 400)


def _ref(name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def documented(method: str, summary: str, description: str, ok: tuple[int, str], *,
               body: str | None = None, path: tuple[str, ...] = (), tag: str = "writes"):
    """View decorator: the operation's OpenAPI entry (written into the docstring that
    app/api/openapi.py reads), with what every write shares: the Idempotency-Key header, the
    rate limit and every refusal."""
    import yaml

    def deco(view):
        refusal_ = {"content": _ref("WriteRefusal")}
        error = {"content": _ref("ApiError")}
        operation = {
            "summary": summary, "description": description + (
                f" At most {MAX_ITEMS} items in a list. Every write is one transaction: all "
                "of it or nothing. Idempotency-Key: a retry with the same key and body returns "
                "the first answer (header Idempotent-Replayed: true) and changes nothing; keys "
                "are kept per user for API_IDEMPOTENCY_HOURS (24 by default). Rate-limited per "
                "user (API_WRITE_LIMIT, 60 per minute by default)."),
            "tags": [tag], "security": [{"bearer": []}],
            "parameters": [{"in": "path", "name": name, "required": True,
                            "schema": {"type": "integer"}} for name in path] + [
                {"in": "header", "name": "Idempotency-Key", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": 200,
                            "pattern": "^[\\x21-\\x7e]+$"},
                 "description": "Chosen by the client, unique per write (a UUID, say)."}],
            "responses": {
                ok[0]: {"description": "Done", "content": _ref(ok[1])},
                400: {"description": "Malformed body, missing or bad Idempotency-Key, "
                                     "too many items", **refusal_},
                401: {"description": "Not signed in", **error},
                403: {"description": "Not allowed for this role", **error},
                409: {"description": "The same records changed at the same time: send it "
                                     "again", **refusal_},
                413: {"description": "Body over the request size limit", **error},
                422: {"description": "Refused by a rule (each problem names the item and "
                                     "the reason), or the Idempotency-Key was used for "
                                     "another request", **refusal_},
                429: {"description": "Rate limit reached", **error},
            },
        }
        if path:
            operation["responses"][404] = {"description": "Not found in your scope", **error}
        if body:
            operation["requestBody"] = {"required": True, "content": _ref(body)}
        view.__doc__ = (view.__doc__ or summary) + "\n---\n" + yaml.safe_dump(
            {method: operation}, sort_keys=False)
        return view
    return deco

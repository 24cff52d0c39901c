"""The OpenAPI 3 document, generated from the API views' docstrings and pydantic schemas; and
the one rule it implies for every request: a query parameter the operation does not document is
refused (400), so a misspelt `?ofset=` is not silently ignored."""
import re
from functools import lru_cache

from apispec import APISpec
from apispec.yaml_utils import load_operations_from_docstring
from flask import abort, current_app, jsonify, request
from pydantic.json_schema import GenerateJsonSchema

from app.api.blueprint import bp

SCHEMAS: dict[str, type] = {}


def schema(model):
    """Class decorator: publish a pydantic model as a named OpenAPI component."""
    SCHEMAS[model.__name__] = model
    return model


class OpenAPI30Schema(GenerateJsonSchema):
    """pydantic writes `anyOf: [X, {type: null}]` (JSON Schema 2020-12); OpenAPI 3.0 has no null
    type and says `nullable: true` instead (next to a $ref it must be wrapped in allOf)."""

    def nullable_schema(self, schema):
        inner = self.generate_inner(schema["schema"])
        if "$ref" in inner:
            return {"allOf": [inner], "nullable": True}
        return {**inner, "nullable": True}


def build_spec() -> dict:
    spec = APISpec(
        title="Peacekeeping training standards and certification API",
        version="1.0.0",
        openapi_version="3.0.3",
        info={"description": "Standards catalogue, units and readiness, certificates, PCRS."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name, model in sorted(SCHEMAS.items()):
        body = model.model_json_schema(ref_template="#/components/schemas/{model}",
                                       schema_generator=OpenAPI30Schema)
        for sub_name, sub in body.pop("$defs", {}).items():
            if sub_name not in spec.components.schemas:
                spec.components.schema(sub_name, sub)
        if name not in spec.components.schemas:
            spec.components.schema(name, body)
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        view = current_app.view_functions[rule.endpoint]
        operations = load_operations_from_docstring(view.__doc__ or "")
        if not operations:
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = re.sub(rf"<(?:\w+:)?{arg}>", f"{{{arg}}}", path)
        operations = {m: o for m, o in operations.items() if m.upper() in rule.methods}
        for operation in operations.values():
            operation.setdefault("responses", {}).setdefault(400, UNKNOWN_PARAMETER)
        spec.path(path=path, operations=operations)
    return spec.to_dict()


UNKNOWN_PARAMETER = {"description": "A query parameter this operation does not take",
                     "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/ApiError"}}}}


@lru_cache(maxsize=None)
def documented_query(view, method: str) -> frozenset[str] | None:
    """The query parameters `view`'s docstring documents for `method` (None: undocumented)."""
    operation = load_operations_from_docstring(view.__doc__ or "").get(method.lower())
    if operation is None:
        return None
    return frozenset(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")


@bp.before_request
def _refuse_unknown_query_parameters():
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None or request.endpoint == "api.openapi":
        return
    names = documented_query(view, request.method)
    unknown = sorted(set(request.args) - names) if names is not None else []
    if unknown:
        takes = ", ".join(sorted(names)) or "none"
        abort(400, description=f"Unknown query parameter: {', '.join(unknown)[:200]} "
                               f"(this operation takes: {takes}).")


@bp.route("/openapi.json")
def openapi():
    return jsonify(build_spec())

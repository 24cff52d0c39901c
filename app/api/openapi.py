"""The OpenAPI 3 document, generated from the API views' docstrings and pydantic schemas."""
from apispec import APISpec
from apispec.yaml_utils import load_operations_from_docstring
from flask import current_app, jsonify
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
            path = path.replace(f"<int:{arg}>", f"{{{arg}}}").replace(f"<{arg}>", f"{{{arg}}}")
        spec.path(path=path, operations={m: o for m, o in operations.items()
                                         if m.upper() in rule.methods})
    return spec.to_dict()


@bp.route("/openapi.json")
def openapi():
    return jsonify(build_spec())

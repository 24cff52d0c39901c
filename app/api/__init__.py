"""JSON API under /api/v1 (the `api` blueprint, app/api/blueprint.py).

Each domain's endpoints are a module of this package, imported by app/api/views.py; every view
documents itself with an OpenAPI YAML block in its docstring (after a line `---`), which
app/api/openapi.py collects into /api/v1/openapi.json.
"""

"""Who am I: the signed-in user (session or personal token) and the scope the API applies."""
from flask import jsonify
from flask_login import current_user, login_required
from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.scopes import scope_for


@schema
class Me(BaseModel):
    id: int
    email: str
    display_name: str
    role: str
    state: str | None
    mfa_enabled: bool
    sees_all_states: bool
    partnership_ids: list[int]


@bp.route("/me")
@login_required
def me():
    """The account this request acts as, and which Member States' data it can see.
    ---
    get:
      summary: The current user and their scope
      description: >-
        Authenticated by a personal API token (`Authorization: Bearer pkt_...`, created on the
        account page) or the browser session. `state` is the ISO 3166 alpha-3 code of the user's
        Member State (null for UN roles, which see every state).
      tags: [account]
      security: [{bearer: []}]
      responses:
        200:
          description: the current user
          content: {application/json: {schema: Me}}
        401:
          description: no valid session or token
          content: {application/json: {schema: ApiError}}
    """
    user = current_user
    scope = scope_for(user)
    body = Me(id=user.id, email=user.email, display_name=user.display_name,
              role=user.role.value, state=user.state.iso3 if user.state else None,
              mfa_enabled=bool(user.mfa_enabled), sees_all_states=user.role.sees_all_states,
              partnership_ids=sorted(scope.partnership_ids))
    return jsonify(body.model_dump(mode="json"))

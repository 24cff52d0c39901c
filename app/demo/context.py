"""What the demo parts share while seeding, and what `demo seed` prints."""
from dataclasses import dataclass, field
from datetime import date

from app.timeutil import today


@dataclass
class DemoContext:
    password: str
    on: date = field(default_factory=today)
    logins: list[dict] = field(default_factory=list)  # email, role, state, api_token
    certificates: list[dict] = field(default_factory=list)  # serial, kind, status, verify_url
    objects: dict = field(default_factory=dict)  # parts pass ids/objects to later parts here

    def as_json(self) -> dict:
        return {"demo": True, "password": self.password, "logins": self.logins,
                "certificates": self.certificates}

    def as_text(self) -> str:
        lines = ["Demo data seeded (all marked demo). Sign in with any of these, password: "
                 f"{self.password}"]
        lines += [f"  {l['role']:<20} {l['state'] or '-':<4} {l['email']}"
                  + (f"  (TOTP secret {l['totp_secret']})" if l.get("totp_secret") else "")
                  for l in self.logins]
        if self.certificates:
            lines.append("Certificates:")
            lines += [f"  {c['serial']:<22} {c['kind']:<11} {c['status']:<10} {c['verify_url']}"
                      for c in self.certificates]
        return "\n".join(lines)

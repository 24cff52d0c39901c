"""A stored certificate's standing: its status on a date and whether its signed payload is
genuine. Read by the staff pages, the public verification and the PCRS gate alike."""
import json
from datetime import date

from app.certification.kinds import CertificateStatus
from app.certification.models import Certificate
from app.certification.rules import lifecycle_status
from app.credentials import signing


def effective_status(cert: Certificate, on: date) -> CertificateStatus:
    """The stored lifecycle status (revocation and suspension take effect at once) combined
    with expiry on `on`."""
    return lifecycle_status(cert.status, cert.superseded_by_id is not None, cert.expires_on, on)


def authentic(cert: Certificate) -> bool:
    """The stored payload carries a valid signature by a published key and agrees with the row
    (serial, kind, token, holder, dates, state)."""
    canonical = cert.payload.encode()
    if not signing.verify(canonical, cert.signature, cert.kid):
        return False
    payload = json.loads(canonical)
    try:
        return (payload["serial"] == cert.serial and payload["kind"] == cert.kind
                and payload["id"].endswith("/verify/" + cert.token)
                and payload["subject"]["name"] == cert.holder_name
                and payload["issued_on"] == cert.issued_on.isoformat()
                and payload["expires_on"] == cert.expires_on.isoformat()
                and payload["state"]["iso3"] == cert.state.iso3)
    except (KeyError, TypeError, AttributeError):
        return False

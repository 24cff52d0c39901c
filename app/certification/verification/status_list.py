"""Published status lists (W3C Bitstring Status List v1.0), so that a verifier working offline or
in another system can check revocation and suspension: /status/<purpose>/<list_no>.

Positions. Each certificate gets one position (list number, bit index), the same in the
revocation and the suspension list, chosen at random (not in issue order: the order would tell
which certificates were issued together) and reserved in the issuing transaction, so a rollback
gives it back. A list takes new positions until it is half full (FILL), so a random pick is free
at least half the time; then the next list opens. Reserving is one INSERT ... ON CONFLICT DO
NOTHING RETURNING per batch: concurrent issuers wait on each other only for the very same
position, and a pick someone else holds is simply drawn again.

The document is a W3C BitstringStatusListCredential (VC Data Model 2.0) issued by the site's DID
with a Data Integrity proof (eddsa-rdfc-2022; app/credentials/issuing.py), the issuer of the
certificates' Open Badges credentials, as Bitstring Status List verifiers require. Its
`encodedList` is the GZIP-compressed bitstring of LIST_SIZE bits (index 0 is the left-most bit of
the first byte; 1 = revoked, or suspended), base64url without padding behind the multibase prefix
"u". A superseded certificate (corrected, or re-issued) is set in the revocation list too: it
was replaced for good, and a verifier that knows only the lists must not accept it. It is built on each request from the certificates' stored statuses, so it is never behind
the database; `ttl` and the matching Cache-Control max-age say how long a verifier may keep it.
"""
import secrets

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.certification.kinds import CertificateStatus
from app.certification.models import Certificate, StatusSlot
from app.credentials import issuing
from app.extensions import db
from app.tenancy import UNRESTRICTED

LIST_SIZE = 131_072  # bits (16 KB): the W3C minimum, for herd privacy
FILL = LIST_SIZE // 2
TTL_SECONDS = 300
COMPRESSION = 6  # gzip level, not the default 9: compressed on every request (docs/performance.md)
# purpose -> the stored certificate status whose bit is set
PURPOSES = {"revocation": CertificateStatus.REVOKED, "suspension": CertificateStatus.SUSPENDED}
_random = secrets.SystemRandom()


class NoFreePosition(RuntimeError):
    """Positions could not be reserved (only after many draws that all hit taken positions)."""


def list_url(purpose: str, list_no: int) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/status/{purpose}/{list_no}"


def entries(list_no: int, index: int) -> list[dict]:
    """The `credentialStatus` entries a certificate's signed payload carries."""
    return [{"id": f"{list_url(purpose, list_no)}#{index}", "type": "BitstringStatusListEntry",
             "statusPurpose": purpose, "statusListIndex": str(index),
             "statusListCredential": list_url(purpose, list_no)} for purpose in PURPOSES]


def _open_list() -> int:
    last = db.session.scalar(select(func.max(StatusSlot.list_no)))
    if last is None:
        return 1
    used = db.session.scalar(select(func.count()).select_from(StatusSlot)
                             .where(StatusSlot.list_no == last))
    return last if used < FILL else last + 1


def reserve(serials: list[str]) -> dict[str, tuple[int, int]]:
    """A random free position for each serial, reserved in the current transaction:
    {serial: (list_no, index)}."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    list_no = _open_list()
    positions: dict[str, tuple[int, int]] = {}
    waiting = list(serials)
    for _draw in range(40):  # at most half the list is taken: 40 misses in a row is ~1e-12
        if not waiting:
            return positions
        picks: set[int] = set()
        while len(picks) < len(waiting):
            picks.add(_random.randrange(LIST_SIZE))
        taken = db.session.execute(
            insert(StatusSlot)
            .values([{"list_no": list_no, "index": index, "serial": serial}
                     for index, serial in zip(picks, waiting)])
            .on_conflict_do_nothing(index_elements=["list_no", "list_index"])
            .returning(StatusSlot.index, StatusSlot.serial)).all()
        positions.update((serial, (list_no, index)) for index, serial in taken)
        waiting = [serial for serial in waiting if serial not in positions]
    if waiting:
        raise NoFreePosition(f"no free status list position for {len(waiting)} certificate(s)")
    return positions


def exists(list_no: int) -> bool:
    return list_no >= 1 and db.session.scalar(
        select(StatusSlot.index).where(StatusSlot.list_no == list_no).limit(1)) is not None


def flagged(purpose: str, list_no: int):
    """The query for the indexes set in the list: positions whose certificate has the purpose's
    status (read through the index on certificates (status, serial)), and for revocation also
    those superseded (through the partial index of superseded certificates' serials)."""
    def positions(withdrawn):
        return (select(StatusSlot.index)
                .join(Certificate, Certificate.serial == StatusSlot.serial)
                .where(StatusSlot.list_no == list_no, withdrawn))
    query = positions(Certificate.status == PURPOSES[purpose])
    if purpose == "revocation":
        query = query.union(positions(Certificate.superseded_by_id.is_not(None)))
    return query.execution_options(scope=UNRESTRICTED)


def bitstring(purpose: str, list_no: int) -> bytes:
    """The list's LIST_SIZE bits: set where the certificate's status is the purpose's."""
    bits = bytearray(LIST_SIZE // 8)
    for index in db.session.scalars(flagged(purpose, list_no)):
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def document(purpose: str, list_no: int) -> bytes | None:
    """The signed status list credential (JSON bytes), or None for an unknown list. Raises
    signing.SigningKeyMissing without a key."""
    if purpose not in PURPOSES or not exists(list_no):
        return None
    return signed(purpose, list_no, bitstring(purpose, list_no))


def signed(purpose: str, list_no: int, bits: bytes) -> bytes:
    """The signed credential publishing `bits` as list `list_no` for `purpose` (JSON bytes)."""
    return issuing.dumps(issuing.status_list_credential(
        list_url(purpose, list_no), purpose, bits, TTL_SECONDS, COMPRESSION))

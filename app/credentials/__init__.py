"""Open credentials: every certificate as an Open Badges 3.0 `OpenBadgeCredential` (W3C
Verifiable Credentials Data Model 2.0) with a Data Integrity proof (`eddsa-rdfc-2022`), issued
by the site's `did:web` DID, its status in W3C Bitstring Status Lists.

- contexts.py: the JSON-LD contexts the credentials use, shipped in contexts/ and never fetched;
  RDF canonicalisation (PyLD).
- proof.py: sign / verify a Data Integrity proof (eddsa-rdfc-2022) with an Ed25519 key.
- did.py: the site's DID and DID document (every published signing key).
- badge.py: a certificate's facts -> the unsigned OpenBadgeCredential.
- issuing.py: what the certification code calls (build and sign, verify, the status list
  credential).
"""

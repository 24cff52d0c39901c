"""Public verification: the verify pages, the upload check, the public keys, the DID document
and the status lists (the `verification` blueprint, no login), and the caches that serve them."""

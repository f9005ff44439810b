// Negative tests: every refused request gets the documented status and ARM error code, and
// leaves the stored links and their history exactly as they were.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import {
  apiVersion,
  clientCredentialsToken,
  decodeJwt,
  newRsaKeyPem,
  palJson,
  readSigningKey,
  signJwt,
} from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const { negA, negB } = ctx.principals;
const partnersUrl = `${ctx.url}/providers/Microsoft.ManagementPartner/partners`;
let tokenA;
let tokenB;

function history() {
  return palJson(["admin", "link", "history", "--data", ctx.dataDir]);
}

async function arm(method, url, token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const r = await fetch(url, { method, headers });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, body: text ? JSON.parse(text) : null };
}

async function linkOf(token) {
  return arm("GET", `${partnersUrl}?api-version=${apiVersion}`, token);
}

// Runs `request`, expects status + code, and checks that nothing stored changed.
async function expectRefused(request, status, code) {
  const before = { history: history(), a: (await linkOf(tokenA)).text, b: (await linkOf(tokenB)).text };
  const r = await request();
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  assert.ok(r.body.error.message.length > 0);
  assert.match(r.headers.get("content-type"), /^application\/json/);
  const after = { history: history(), a: (await linkOf(tokenA)).text, b: (await linkOf(tokenB)).text };
  assert.deepEqual(after, before, "stored data changed");
  return r;
}

before(async () => {
  const a = await clientCredentialsToken(ctx.url, ctx.tenantA, negA.appId, negA.secret);
  const b = await clientCredentialsToken(ctx.url, ctx.tenantB, negB.appId, negB.secret);
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(b.status, 200, JSON.stringify(b.body));
  tokenA = a.body.access_token;
  tokenB = b.body.access_token;
  const linked = await arm("PUT", `${partnersUrl}/1234567?api-version=${apiVersion}`, tokenB);
  assert.equal(linked.status, 200, linked.text);
});

test("issued tokens carry the documented claims", () => {
  const { header, payload } = decodeJwt(tokenA);
  assert.equal(header.alg, "RS256");
  assert.ok(header.kid);
  assert.equal(payload.tid, ctx.tenantA);
  assert.equal(payload.oid, negA.objectId);
  assert.equal(payload.appid, negA.appId);
  assert.equal(payload.idtyp, "app");
  assert.equal(payload.iss, `${ctx.url}/${ctx.tenantA}/v2.0`);
  assert.match(payload.aud, /^https:\/\/management\.azure\.com\/?$/);
  for (const claim of ["iat", "nbf", "exp"]) assert.equal(typeof payload[claim], "number");
  assert.ok(payload.exp > payload.iat);
});

test("no token: 401 AuthenticationFailed with a Bearer challenge", async () => {
  const r = await expectRefused(() => linkOf(undefined), 401, "AuthenticationFailed");
  assert.match(r.headers.get("www-authenticate"), /^Bearer /);
});

test("expired token: 401 ExpiredAuthenticationToken", async () => {
  const { payload, header } = decodeJwt(tokenA);
  const now = Math.floor(Date.now() / 1000);
  const expired = signJwt({ ...payload, iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
    readSigningKey(ctx.dataDir), header.kid);
  const r = await expectRefused(() => linkOf(expired), 401, "ExpiredAuthenticationToken");
  assert.match(r.headers.get("www-authenticate"), /invalid_token/);
});

test("token not yet valid: 401 InvalidAuthenticationToken", async () => {
  const { payload, header } = decodeJwt(tokenA);
  const now = Math.floor(Date.now() / 1000);
  const future = signJwt({ ...payload, nbf: now + 3600, exp: now + 7200 },
    readSigningKey(ctx.dataDir), header.kid);
  await expectRefused(() => linkOf(future), 401, "InvalidAuthenticationToken");
});

test("token signed by another key: 401 InvalidAuthenticationToken", async () => {
  const { payload } = decodeJwt(tokenA);
  const forged = signJwt(payload, newRsaKeyPem());
  await expectRefused(() => linkOf(forged), 401, "InvalidAuthenticationToken");
  // The same claims with the server's kid but a foreign key are refused as well.
  const forgedKid = signJwt(payload, newRsaKeyPem(), decodeJwt(tokenA).header.kid);
  await expectRefused(() => linkOf(forgedKid), 401, "InvalidAuthenticationToken");
});

test("a tampered payload fails the signature check", async () => {
  const [h, , s] = tokenA.split(".");
  const { payload } = decodeJwt(tokenA);
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, oid: negB.objectId })).toString("base64url")}.${s}`;
  await expectRefused(() => linkOf(tampered), 401, "InvalidAuthenticationToken");
});

test("token for another audience: 401 InvalidAuthenticationTokenAudience", async () => {
  const { payload, header } = decodeJwt(tokenA);
  const other = signJwt({ ...payload, aud: "https://graph.microsoft.com" },
    readSigningKey(ctx.dataDir), header.kid);
  await expectRefused(() => linkOf(other), 401, "InvalidAuthenticationTokenAudience");
  // The token endpoint refuses to issue one in the first place.
  const asked = await clientCredentialsToken(ctx.url, ctx.tenantA, negA.appId, negA.secret,
    "https://graph.microsoft.com/.default");
  assert.equal(asked.status, 400);
  assert.equal(asked.body.error, "invalid_scope");
});

test("token from another issuer: 401", async () => {
  const { payload, header } = decodeJwt(tokenA);
  const other = signJwt({ ...payload, iss: `https://login.example.com/${ctx.tenantA}/v2.0` },
    readSigningKey(ctx.dataDir), header.kid);
  await expectRefused(() => linkOf(other), 401, "InvalidAuthenticationTokenIssuer");
});

test("principal A cannot read or delete principal B's link", async () => {
  // B (another tenant) is linked to 1234567; A has no link.
  await expectRefused(() => arm("GET", `${partnersUrl}/1234567?api-version=${apiVersion}`, tokenA),
    404, "NotFound");
  await expectRefused(() => arm("DELETE", `${partnersUrl}/1234567?api-version=${apiVersion}`, tokenA),
    404, "NotFound");
  await expectRefused(() => arm("PATCH", `${partnersUrl}/719878?api-version=${apiVersion}`, tokenA),
    404, "NotFound");
  const b = await linkOf(tokenB);
  assert.equal(b.status, 200);
  assert.equal(b.body.properties.partnerId, "1234567");
  assert.equal(b.body.properties.objectId, negB.objectId);
});

test("unknown, global and malformed partner ids: 400 BadRequest", async () => {
  const unknown = await expectRefused(
    () => arm("PUT", `${partnersUrl}/7777777?api-version=${apiVersion}`, tokenA), 400, "BadRequest");
  assert.match(unknown.body.error.message, /don't have a record/);
  const global = await expectRefused(
    () => arm("PUT", `${partnersUrl}/4960815?api-version=${apiVersion}`, tokenA), 400, "BadRequest");
  assert.match(global.body.error.message, /global account ID/);
  await expectRefused(() => arm("PUT", `${partnersUrl}/abc?api-version=${apiVersion}`, tokenA),
    400, "BadRequest");
  await expectRefused(() => arm("PUT", `${partnersUrl}/12%2F34?api-version=${apiVersion}`, tokenA),
    400, "BadRequest");
});

test("creating a second link while one is active: 409 Conflict", async () => {
  await expectRefused(() => arm("PUT", `${partnersUrl}/719878?api-version=${apiVersion}`, tokenB),
    409, "Conflict");
});

test("missing or unsupported api-version: 400", async () => {
  await expectRefused(() => arm("PUT", `${partnersUrl}/719878`, tokenA), 400,
    "MissingApiVersionParameter");
  await expectRefused(() => arm("GET", `${partnersUrl}?api-version=2020-01-01`, tokenA), 400,
    "InvalidApiVersionParameter");
});

test("unknown routes and methods get ARM errors", async () => {
  await expectRefused(() => arm("GET", `${ctx.url}/providers/Microsoft.ManagementPartner/widgets?api-version=${apiVersion}`, tokenA),
    404, "InvalidResourceType");
  await expectRefused(() => arm("GET", `${ctx.url}/nowhere?api-version=${apiVersion}`, tokenA),
    404, "NotFound");
  await expectRefused(() => arm("POST", `${partnersUrl}/719878?api-version=${apiVersion}`, tokenA),
    405, "MethodNotAllowed");
});

test("paths match case-insensitively", async () => {
  const r = await arm("GET", `${ctx.url}/PROVIDERS/microsoft.managementpartner/PARTNERS?api-version=${apiVersion}`, tokenB);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.properties.partnerId, "1234567");
});

test("curl sees the ARM envelope and headers", () => {
  const r = spawnSync("curl", ["-sS", "--cacert", ctx.certFile, "-i",
    `${partnersUrl}/719878?api-version=${apiVersion}`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 401/);
  assert.match(r.stdout, /content-type: application\/json; charset=utf-8/i);
  assert.match(r.stdout, /www-authenticate: Bearer/i);
  assert.match(r.stdout, /x-ms-request-id: [0-9a-f-]{36}/i);
  assert.match(r.stdout, /"code":"AuthenticationFailed"/);
  const health = spawnSync("curl", ["-sS", "--cacert", ctx.certFile, `${ctx.url}/_pal/health`],
    { encoding: "utf8" });
  assert.equal(JSON.parse(health.stdout).status, "ok");
});

test("token endpoint errors follow Entra's shape", async () => {
  const wrongSecret = await clientCredentialsToken(ctx.url, ctx.tenantA, negA.appId, "nope");
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.body.error, "invalid_client");
  assert.deepEqual(wrongSecret.body.error_codes, [7000215]);
  const wrongTenant = await clientCredentialsToken(ctx.url, ctx.tenantB, negA.appId, negA.secret);
  assert.equal(wrongTenant.status, 400);
  assert.equal(wrongTenant.body.error, "unauthorized_client");
  const unknownTenant = await clientCredentialsToken(ctx.url, "cccccccc-0000-4000-8000-00000000000c",
    negA.appId, negA.secret);
  assert.equal(unknownTenant.status, 400);
  const discovery = await fetch(`${ctx.url}/${ctx.tenantA}/v2.0/.well-known/openid-configuration`);
  const doc = await discovery.json();
  assert.equal(doc.issuer, `${ctx.url}/${ctx.tenantA}/v2.0`);
  assert.equal(doc.token_endpoint, `${ctx.url}/${ctx.tenantA}/oauth2/v2.0/token`);
  const jwks = await (await fetch(doc.jwks_uri)).json();
  assert.equal(jwks.keys[0].kid, decodeJwt(tokenA).header.kid);
  assert.equal(jwks.keys[0].kty, "RSA");
});

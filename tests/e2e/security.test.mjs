// Security tests (issue 8, item 5), against a server of this file's own on a fresh data
// directory: a table of token attacks, each refused 401 with the ARM error envelope and a
// Bearer challenge and nothing written; no secret, password or token in the server's output;
// safe modes on the data directory and its key and database files; and a table of every
// endpoint family where a principal of tenant B is refused tenant A's scopes (403/404) and finds
// none of tenant A's data in its lists, and another principal of tenant A never sees or
// changes a principal's link.
import assert from "node:assert/strict";
import { createHmac, createPrivateKey, createPublicKey, createSign, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  apiVersion,
  armCaller,
  armScope,
  clientCredentialsToken,
  decodeJwt,
  newRsaKeyPem,
  palJson,
  readSigningKey,
  removeDir,
  signJwt,
  startServer,
  storeIn,
  tempDir,
  usingPostgres,
} from "./harness.mjs";

const root = tempDir("pal-security-");
// Made by pal serve, so its mode is pal's; under PAL_TEST_POSTGRES the harness makes it (0700)
// to hold its store-url.
const dataDir = storeIn(path.join(root, "data"));
const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
const tenantA = randomUUID();
const tenantB = randomUUID();
const tenantC = randomUUID(); // a managing tenant for tenant A's Lighthouse offer
const subA = randomUUID();
const subB = randomUUID();
const roles = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};
const mgA = `mg-a-${randomUUID().slice(0, 8)}`;
const envA = `env-a-${randomUUID().slice(0, 8)}`;
const rgA = "rg-tenant-a";
const raA = randomUUID();
const defA = randomUUID();
const asgA = randomUUID();
const wrongSecret = `wrong-${randomUUID()}`;

let server;
let p; // principals
const started = [];
async function serve(args) {
  const s = await startServer(args);
  started.push(s);
  return s;
}
const tokens = new Map();

const b64 = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

// A token of `who` from the server running now; every token obtained stays in `tokens`.
const tokenOf = (who) => armCaller(server.url, tokens).tokenFor(who);

// A raw request; `auth` is the whole Authorization header value (undefined: none).
async function raw(method, urlPath, auth, body) {
  const headers = { "Content-Type": "application/json" };
  if (auth !== undefined) headers.Authorization = auth;
  const r = await fetch(`${server.url}${urlPath}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: r.status, headers: r.headers, text, body: parsed };
}

const as = async (who, method, urlPath, body) => raw(method, urlPath, `Bearer ${await tokenOf(who)}`, body);

function assertEnvelope(r, what) {
  assert.ok(r.body && typeof r.body === "object" && r.body.error, `${what}: ${r.status} ${r.text}`);
  assert.deepEqual(Object.keys(r.body), ["error"], `${what}: ${r.text}`);
  assert.equal(typeof r.body.error.code, "string", `${what}: ${r.text}`);
  assert.ok(r.body.error.message?.length > 0, `${what}: ${r.text}`);
  assert.match(r.headers.get("content-type") ?? "", /^application\/json/, what);
}

const linkHistory = () => palJson(["admin", "link", "history", "--data", dataDir]);
const partners = "/providers/Microsoft.ManagementPartner/partners";

// One suite, so that its after hook runs when its tests end (a file-level after hook waits for
// an empty event loop, which the running server's pipes never give).
describe("security", () => {
before(async () => {
  // pal serve makes the data directory; admin commands are safe beside it.
  server = await serve(["--data", dataDir, "--port", "0", "--http"]);
  admin("tenant", "create", "--tenant-id", tenantA, "--name", "Security Tenant A");
  admin("tenant", "create", "--tenant-id", tenantB, "--name", "Security Tenant B");
  admin("tenant", "create", "--tenant-id", tenantC, "--name", "Security Managing C");
  admin("partner", "add", "--partner-id", "719878", "--name", "Mekorma");
  admin("partner", "add", "--partner-id", "1234567", "--name", "Northwind Traders");
  admin("subscription", "create", "--subscription-id", subA, "--tenant-id", tenantA,
    "--name", "A Secret Production", "--offer", "EnterpriseAgreement");
  admin("subscription", "create", "--subscription-id", subB, "--tenant-id", tenantB,
    "--name", "B Production", "--offer", "EnterpriseAgreement");
  const sp = (tenant, name) =>
    admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", name);
  p = {
    ownerA: sp(tenantA, "sec-owner-a"),
    linkerA: sp(tenantA, "sec-linker-a"),
    userA: admin("principal", "create", "--tenant-id", tenantA, "--kind", "User", "--name", "sec-alice@a.example"),
    ownerB: sp(tenantB, "sec-owner-b"),
    opsC: sp(tenantC, "sec-ops-c"),
  };
  admin("role", "assignment", "create", "--scope", `/subscriptions/${subA}`, "--role", "Owner",
    "--assignee", p.ownerA.objectId);
  admin("role", "assignment", "create", "--scope", `/providers/Microsoft.Management/managementGroups/${tenantA}`,
    "--role", "Owner", "--assignee", p.ownerA.objectId);
  // The tenants' Power Platform administrators (root scope `/` of their own tenant).
  admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", p.ownerA.objectId);
  admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", p.ownerB.objectId);
  admin("role", "assignment", "create", "--scope", `/subscriptions/${subB}`, "--role", "Owner",
    "--assignee", p.ownerB.objectId);
  admin("role", "assignment", "create", "--scope", `/providers/Microsoft.Management/managementGroups/${tenantB}`,
    "--role", "Owner", "--assignee", p.ownerB.objectId);
  server = await serve(["--data", dataDir, "--port", "0", "--http"]);

  // Tenant A's data, made through the API by its own principals.
  const ok = (r, what, statuses = [200, 201]) =>
    assert.ok(statuses.includes(r.status), `${what}: ${r.status} ${r.text}`);
  ok(await as(p.linkerA, "PUT", `${partners}/719878?api-version=${apiVersion}`), "link A");
  ok(await as(p.userA, "PUT", `${partners}/719878?api-version=${apiVersion}`), "link alice");
  ok(await as(p.ownerB, "PUT", `${partners}/1234567?api-version=${apiVersion}`), "link B");
  ok(await as(p.ownerA, "PUT", `/subscriptions/${subA}/providers/Microsoft.Authorization/roleAssignments/${raA}?api-version=2022-04-01`,
    { properties: { roleDefinitionId: `/subscriptions/${subA}/providers/Microsoft.Authorization/roleDefinitions/${roles.Reader}`,
      principalId: p.linkerA.objectId } }), "role assignment A");
  ok(await as(p.ownerA, "PUT", `/subscriptions/${subA}/resourcegroups/${rgA}?api-version=2021-04-01`,
    { location: "westeurope" }), "resource group A");
  ok(await as(p.ownerA, "PUT", `/providers/Microsoft.Management/managementGroups/${mgA}?api-version=2021-04-01`,
    { properties: { displayName: "A's secret group" } }), "management group A");
  ok(await as(p.ownerA, "PUT", `/subscriptions/${subA}/providers/Microsoft.ManagedServices/registrationDefinitions/${defA}?api-version=2022-10-01`, {
    properties: { registrationDefinitionName: "A delegates to C", managedByTenantId: tenantC,
      authorizations: [{ principalId: p.opsC.objectId, roleDefinitionId: roles.Reader }] },
  }), "lighthouse definition A");
  ok(await as(p.ownerA, "PUT", `/subscriptions/${subA}/providers/Microsoft.ManagedServices/registrationAssignments/${asgA}?api-version=2022-10-01`, {
    properties: { registrationDefinitionId: `/subscriptions/${subA}/providers/Microsoft.ManagedServices/registrationDefinitions/${defA}` },
  }), "lighthouse assignment A");
  ok(await as(p.ownerA, "PUT", `/subscriptions/${subA}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=2026-11-01`,
    { properties: { partnerId: "719878" } }), "dpor A");
  ok(await as(p.ownerA, "PUT", `/providers/Pal.PowerPlatform/environments/${envA}?api-version=2026-12-01`,
    { properties: { displayName: "A's secret environment", environmentType: "Production", paid: true } }), "environment A");
  ok(await as(p.ownerA, "PUT", `/providers/Pal.PowerPlatform/environments/${envA}/canvasApps/app-a?api-version=2026-12-01`,
    { properties: { displayName: "A's app" } }), "canvas app A");
});

after(async () => {
  if (server) await server.stop();
  removeDir(root);
  // Let go of every server's process and pipes, so that nothing keeps the test process alive.
  for (const s of started) {
    if (s.process.exitCode === null && s.process.signalCode === null) s.process.kill("SIGKILL");
    s.process.stdout.destroy();
    s.process.stderr.destroy();
    s.process.unref();
  }
});

// ---------------------------------------------------------------------------------------------
// Token attacks. Each case builds the Authorization header from a genuine token of linkerA.

function forge(header, payload, signer) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(input)}`;
}
const rs = (alg, pem) => (input) => createSign(alg).update(input).sign(pem).toString("base64url");
const hs = (secret) => (input) => createHmac("sha256", secret).update(input).digest("base64url");

// The server's public key as an attacker gets it: the JWKS, as PEM in the usual encodings.
async function publicKeyForms() {
  const jwks = await (await fetch(`${server.url}/common/discovery/v2.0/keys`)).json();
  assert.equal(jwks.keys.length >= 1, true);
  const key = createPublicKey({ key: jwks.keys[0], format: "jwk" });
  const fromFile = createPublicKey(createPrivateKey(readSigningKey(dataDir)));
  return {
    kid: jwks.keys[0].kid,
    secrets: [
      key.export({ type: "spki", format: "pem" }),
      key.export({ type: "pkcs1", format: "pem" }),
      key.export({ type: "spki", format: "der" }),
      fromFile.export({ type: "spki", format: "pem" }).trim(),
      JSON.stringify(jwks.keys[0]),
      Buffer.from(jwks.keys[0].n, "base64url"),
    ],
  };
}

function attacks(genuine, pub) {
  const { header, payload } = decodeJwt(genuine);
  const key = readSigningKey(dataDir);
  const now = Math.floor(Date.now() / 1000);
  const [h, , s] = genuine.split(".");
  const bearer = (t) => `Bearer ${t}`;
  const cases = [
    ["no Authorization header", undefined, "AuthenticationFailed"],
    ["empty Authorization header", "", "AuthenticationFailed"],
    ["missing Bearer scheme", genuine, "AuthenticationFailed"],
    ["Basic scheme", `Basic ${Buffer.from(`${p.linkerA.appId}:x`).toString("base64")}`, "AuthenticationFailed"],
    ["Bearer without a token", "Bearer ", "AuthenticationFailed"],
    ["Bearer glued to the token", `Bearer${genuine}`, "AuthenticationFailed"],
    ["alg none, no signature", bearer(`${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`)],
    ["alg none, server kid, genuine signature kept",
      bearer(`${b64({ alg: "none", typ: "JWT", kid: header.kid })}.${b64(payload)}.${s}`)],
    ["alg None (case)", bearer(`${b64({ alg: "None", typ: "JWT" })}.${b64(payload)}.`)],
    ["alg none, two parts", bearer(`${b64({ alg: "none" })}.${b64(payload)}`)],
    ["alg missing", bearer(forge({ typ: "JWT", kid: header.kid }, payload, rs("RSA-SHA256", key)))],
    ...pub.secrets.map((secret, i) => [`HS256 with the server's public key as the HMAC secret (form ${i})`,
      bearer(forge({ alg: "HS256", typ: "JWT", kid: pub.kid }, payload, hs(secret)))]),
    ["RS384 with the server's own key", bearer(forge({ alg: "RS384", typ: "JWT", kid: header.kid }, payload, rs("RSA-SHA384", key)))],
    ["another RSA key with the server's kid", bearer(signJwt(payload, newRsaKeyPem(), header.kid))],
    ["another RSA key without kid", bearer(signJwt(payload, newRsaKeyPem()))],
    ["server's key with a foreign kid", bearer(signJwt(payload, key, "not-the-server-kid"))],
    ["embedded jwk header (attacker's key)", (() => {
      const mine = newRsaKeyPem();
      const jwk = createPublicKey(mine).export({ format: "jwk" });
      return bearer(forge({ alg: "RS256", typ: "JWT", jwk }, payload, rs("RSA-SHA256", mine)));
    })()],
    ["crit header", bearer(forge({ ...header, crit: ["exp"] }, payload, rs("RSA-SHA256", key)))],
    ["expired", bearer(signJwt({ ...payload, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }, key, header.kid)),
      "ExpiredAuthenticationToken"],
    ["not yet valid (nbf in the future)", bearer(signJwt({ ...payload, nbf: now + 3600, exp: now + 7200 }, key, header.kid))],
    ["no exp", bearer(signJwt((({ exp, ...rest }) => rest)(payload), key, header.kid))],
    ["exp as a string", bearer(signJwt({ ...payload, exp: String(now + 3600) }, key, header.kid))],
    ["wrong audience", bearer(signJwt({ ...payload, aud: "https://graph.microsoft.com" }, key, header.kid)),
      "InvalidAuthenticationTokenAudience"],
    ["audience as an array without ARM", bearer(signJwt({ ...payload, aud: ["https://graph.microsoft.com"] }, key, header.kid))],
    ["wrong issuer", bearer(signJwt({ ...payload, iss: `https://login.example.com/${tenantA}/v2.0` }, key, header.kid)),
      "InvalidAuthenticationTokenIssuer"],
    ["issuer of tenant A with tid of tenant B", bearer(signJwt({ ...payload, tid: tenantB }, key, header.kid)),
      "InvalidAuthenticationTokenIssuer"],
    ["tenant A's token with claims altered to tenant B (signature broken)",
      bearer(`${h}.${b64({ ...payload, tid: tenantB, oid: p.ownerB.objectId, iss: `${server.url}/${tenantB}/v2.0` })}.${s}`)],
    ["tenant A's token with its oid swapped (signature broken)", bearer(`${h}.${b64({ ...payload, oid: p.ownerA.objectId })}.${s}`)],
    ["signature of another token", bearer(`${h}.${genuine.split(".")[1]}.${tokens.get(p.ownerA.objectId).split(".")[2]}`)],
    ["truncated signature", bearer(genuine.slice(0, -8))],
    ["truncated to two parts", bearer(genuine.split(".").slice(0, 2).join("."))],
    ["truncated to the header", bearer(h)],
    ["four parts", bearer(`${genuine}.${s}`)],
    ["empty signature", bearer(`${h}.${genuine.split(".")[1]}.`)],
    ["garbage base64", bearer("!!!$$$.@@@###.%%%^^^")],
    ["base64 of non-JSON", bearer(`${b64("not json")}.${b64("also not")}.${s}`)],
    ["padding and whitespace in parts", bearer(`${h}=.${genuine.split(".")[1]}.${s}`)],
    ["oversized: 20 KB token", bearer(`${b64({ ...header, pad: "x".repeat(20_000) })}.${genuine.split(".")[1]}.${s}`)],
    // Beyond the server's header limit (32 KiB): 431 before authentication is as good a refusal.
    ["oversized: 64 KB header", bearer(`${b64({ ...header, pad: "x".repeat(48_000) })}.${genuine.split(".")[1]}.${s}`),
      undefined, [401, 431]],
  ];
  return cases.map(([name, auth, code, statuses = [401]]) => ({ name, auth, code, statuses }));
}

test("token attacks are refused 401 with the ARM envelope and a Bearer challenge, nothing written", async () => {
  const genuine = await tokenOf(p.linkerA);
  await tokenOf(p.ownerA);
  const linkOf = async () => (await as(p.linkerA, "GET", `${partners}?api-version=${apiVersion}`)).text;
  const historyBefore = linkHistory();
  const linkBefore = await linkOf();
  // The genuine token works on both endpoints (so a refusal below is the attack's doing).
  assert.equal((await raw("GET", `${partners}?api-version=${apiVersion}`, `Bearer ${genuine}`)).status, 200);
  const cases = attacks(genuine, await publicKeyForms());
  const failures = [];
  for (const c of cases) {
    for (const [method, urlPath] of [
      ["GET", `${partners}?api-version=${apiVersion}`],
      ["PUT", `${partners}/1234567?api-version=${apiVersion}`],
      ["PATCH", `${partners}/1234567?api-version=${apiVersion}`],
      ["DELETE", `${partners}/719878?api-version=${apiVersion}`],
    ]) {
      let r;
      try {
        r = await raw(method, urlPath, c.auth);
        assert.ok(c.statuses.includes(r.status), `${r.status} ${r.text.slice(0, 300)}`);
        assertEnvelope(r, c.name);
        if (r.status === 431) {
          assert.equal(r.body.error.code, "RequestHeaderFieldsTooLarge");
          continue;
        }
        if (c.code) assert.equal(r.body.error.code, c.code);
        else assert.match(r.body.error.code, /^(AuthenticationFailed|InvalidAuthenticationToken\w*|ExpiredAuthenticationToken)$/);
        assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer /);
      } catch (e) {
        failures.push(`${c.name} (${method}): ${e.message.split("\n")[0]}`);
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length * 4} attack requests not refused properly`);
  assert.deepEqual(linkHistory(), historyBefore, "an attack wrote link history");
  assert.equal(await linkOf(), linkBefore, "an attack changed the link");
});

test("the token service refuses a wrong secret and a wrong password without issuing anything", async () => {
  const sp = await clientCredentialsToken(server.url, tenantA, p.linkerA.appId, wrongSecret);
  assert.equal(sp.status, 401);
  assert.equal(sp.body.error, "invalid_client");
  assert.equal(sp.body.access_token, undefined);
  const user = await fetch(`${server.url}/${tenantA}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      username: p.userA.name, password: wrongSecret, scope: armScope }),
  });
  const body = await user.json();
  assert.equal(user.status, 400);
  assert.equal(body.error, "invalid_grant");
  assert.equal(body.access_token, undefined);
  // Another tenant's client id with its right secret, at tenant B's authority: no token.
  const cross = await clientCredentialsToken(server.url, tenantB, p.linkerA.appId, p.linkerA.secret);
  assert.notEqual(cross.status, 200);
  assert.equal(cross.body.access_token, undefined);
});

// ---------------------------------------------------------------------------------------------
// Cross-tenant and cross-principal refusal, one row per request. `deny` rows must answer one
// of their statuses (with the ARM envelope unless 204); `list` rows must answer 200 without
// any of tenant A's identifiers. Tenant A's state is compared before and after the whole table.

const a = {
  get ids() {
    return [subA, tenantA, raA, defA, asgA, mgA, envA, p.ownerA.objectId, p.linkerA.objectId,
      p.userA.objectId, p.ownerA.appId, p.linkerA.appId, "A Secret Production", "A's secret"];
  },
};
const sub = `/subscriptions/${subA}`;
const rgPath = `${sub}/resourcegroups/${rgA}?api-version=2021-04-01`;
const mgPath = (id) => `/providers/Microsoft.Management/managementGroups/${id}?api-version=2021-04-01`;
const lh = (kind, id) => `${sub}/providers/Microsoft.ManagedServices/${kind}${id ? `/${id}` : ""}?api-version=2022-10-01`;
const dpor = `${sub}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=2026-11-01`;
const pp = (rest) => `/providers/Pal.PowerPlatform/environments${rest}?api-version=2026-12-01`;
const raPath = (scope, id) => `${scope}/providers/Microsoft.Authorization/roleAssignments${id ? `/${id}` : ""}?api-version=2022-04-01`;

function crossTable() {
  const D = [403, 404];
  const selfDelegation = {
    properties: { registrationDefinitionName: "B takes over A", managedByTenantId: tenantB,
      authorizations: [{ principalId: p.ownerB.objectId, roleDefinitionId: roles.Contributor }] },
  };
  return [
    // Management partner links: never another principal's, in any tenant.
    { family: "links", as: "ownerB", kind: "deny", method: "GET", path: `${partners}/719878?api-version=${apiVersion}`, statuses: [404] },
    { family: "links", as: "ownerA", kind: "deny", method: "GET", path: `${partners}/719878?api-version=${apiVersion}`, statuses: [404] },
    { family: "links", as: "ownerA", kind: "deny", method: "GET", path: `${partners}?api-version=${apiVersion}`, statuses: [404] },
    { family: "links", as: "ownerA", kind: "deny", method: "PATCH", path: `${partners}/1234567?api-version=${apiVersion}`, statuses: [404] },
    { family: "links", as: "ownerA", kind: "deny", method: "DELETE", path: `${partners}/719878?api-version=${apiVersion}`, statuses: [404] },
    { family: "links", as: "ownerB", kind: "deny", method: "DELETE", path: `${partners}/719878?api-version=${apiVersion}`, statuses: [404] },
    { family: "links", as: "ownerB", kind: "list", method: "GET", path: `${partners}?api-version=${apiVersion}` },
    // Role assignments.
    { family: "roleAssignments", as: "ownerB", kind: "deny", method: "GET", path: raPath(sub), statuses: D },
    { family: "roleAssignments", as: "ownerB", kind: "deny", method: "GET", path: raPath(sub, raA), statuses: D },
    { family: "roleAssignments", as: "ownerB", kind: "deny", method: "DELETE", path: raPath(sub, raA), statuses: D },
    { family: "roleAssignments", as: "ownerB", kind: "deny", method: "PUT", path: raPath(sub, randomUUID()), statuses: D,
      body: { properties: { roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${roles.Owner}`, principalId: p.ownerB.objectId } } },
    { family: "roleAssignments", as: "ownerB", kind: "deny", method: "PUT",
      path: raPath(`/providers/Microsoft.Management/managementGroups/${tenantA}`, randomUUID()), statuses: D,
      body: { properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roles.Owner}`, principalId: p.ownerB.objectId } } },
    { family: "roleAssignments", as: "ownerB", kind: "list", method: "GET", path: raPath("") },
    { family: "roleAssignments", as: "ownerB", kind: "list", method: "GET", path: raPath(`/subscriptions/${subB}`) },
    { family: "roleAssignments", as: "ownerB", kind: "list", method: "GET",
      path: `/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${p.linkerA.objectId}'`)}` },
    // Subscriptions and tenants.
    { family: "subscriptions", as: "ownerB", kind: "deny", method: "GET", path: `${sub}?api-version=2022-12-01`, statuses: D },
    { family: "subscriptions", as: "ownerB", kind: "list", method: "GET", path: "/subscriptions?api-version=2022-12-01" },
    { family: "subscriptions", as: "ownerB", kind: "list", method: "GET", path: "/tenants?api-version=2022-12-01" },
    // Resource groups.
    { family: "resourceGroups", as: "ownerB", kind: "deny", method: "GET", path: rgPath, statuses: D },
    { family: "resourceGroups", as: "ownerB", kind: "deny", method: "GET", path: `${sub}/resourcegroups?api-version=2021-04-01`, statuses: D },
    { family: "resourceGroups", as: "ownerB", kind: "deny", method: "PUT", path: rgPath, statuses: D, body: { location: "westeurope", tags: { owner: "B" } } },
    { family: "resourceGroups", as: "ownerB", kind: "deny", method: "PUT", path: `${sub}/resourcegroups/rg-planted-by-b?api-version=2021-04-01`, statuses: D, body: { location: "westeurope" } },
    { family: "resourceGroups", as: "ownerB", kind: "deny", method: "DELETE", path: rgPath, statuses: D },
    // Management groups.
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "GET", path: mgPath(mgA), statuses: D },
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "GET", path: mgPath(tenantA), statuses: D },
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "GET", path: `/providers/Microsoft.Management/managementGroups/${mgA}/descendants?api-version=2021-04-01`, statuses: D },
    // (B's PUT of A's group id creates a group of B's own of that name — ids are per tenant, and
    // a 409 told that A's exists: scope_isolation.test.mjs checks that and that A's is untouched.)
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "PATCH", path: mgPath(mgA), statuses: D, body: { displayName: "hijacked" } },
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "DELETE", path: mgPath(mgA), statuses: D },
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "PUT",
      path: `/providers/Microsoft.Management/managementGroups/${tenantB}/subscriptions/${subA}?api-version=2021-04-01`, statuses: D },
    { family: "managementGroups", as: "ownerB", kind: "deny", method: "PUT", path: mgPath(`mg-b-${randomUUID().slice(0, 6)}`), statuses: [...D, 400],
      body: { properties: { displayName: "B under A", details: { parent: { id: `/providers/Microsoft.Management/managementGroups/${mgA}` } } } } },
    { family: "managementGroups", as: "ownerB", kind: "list", method: "GET", path: "/providers/Microsoft.Management/managementGroups?api-version=2021-04-01" },
    // Lighthouse.
    { family: "lighthouse", as: "ownerB", kind: "deny", method: "GET", path: lh("registrationDefinitions"), statuses: D },
    { family: "lighthouse", as: "ownerB", kind: "deny", method: "GET", path: lh("registrationDefinitions", defA), statuses: D },
    { family: "lighthouse", as: "ownerB", kind: "deny", method: "GET", path: lh("registrationAssignments"), statuses: D },
    { family: "lighthouse", as: "ownerB", kind: "deny", method: "PUT", path: lh("registrationDefinitions", randomUUID()), statuses: D, body: selfDelegation },
    { family: "lighthouse", as: "ownerB", kind: "deny", method: "DELETE", path: lh("registrationAssignments", asgA), statuses: D },
    { family: "lighthouse", as: "ownerB", kind: "deny", method: "DELETE", path: lh("registrationDefinitions", defA), statuses: D },
    { family: "lighthouse", as: "ownerB", kind: "list", method: "GET", path: `/subscriptions/${subB}/providers/Microsoft.ManagedServices/registrationDefinitions?api-version=2022-10-01` },
    // Digital Partner of Record.
    { family: "dpor", as: "ownerB", kind: "deny", method: "GET", path: dpor, statuses: D },
    { family: "dpor", as: "ownerB", kind: "deny", method: "PUT", path: dpor, statuses: D, body: { properties: { partnerId: "1234567" } } },
    { family: "dpor", as: "ownerB", kind: "deny", method: "DELETE", path: dpor, statuses: D },
    { family: "dpor", as: "ownerB", kind: "deny", method: "GET", path: `${sub}/providers/Pal.PartnerOfRecord/eligibility?api-version=2026-11-01`, statuses: D },
    { family: "dpor", as: "ownerB", kind: "deny", method: "POST", path: `${sub}/providers/Pal.PartnerOfRecord/validatePartnerId?api-version=2026-11-01`, statuses: D, body: { partnerId: "1234567" } },
    // The partner side: B's link to 1234567 makes it no partner (403 PartnerRoleRequired).
    { family: "dpor", as: "ownerB", kind: "deny", method: "GET", path: "/providers/Pal.PartnerOfRecord/customers?api-version=2026-11-01", statuses: [403] },
    // Power Platform.
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "GET", path: pp(`/${envA}`), statuses: D },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "GET", path: pp(`/${envA}/members`), statuses: D },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "GET", path: pp(`/${envA}/resources`), statuses: D },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "GET", path: pp(`/${envA}/canvasApps/app-a`), statuses: D },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "GET", path: pp(`/${envA}/canvasApps/app-a/ownershipHistory`), statuses: D },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "PUT", path: pp(`/${envA}/members/${p.ownerB.objectId}`), statuses: D, body: { properties: { role: "EnvironmentAdmin" } } },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "PUT", path: pp(`/${envA}/canvasApps/app-b`), statuses: D, body: { properties: { displayName: "planted" } } },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "POST", path: pp(`/${envA}/canvasApps/app-a/setOwner`), statuses: D, body: { owner: p.ownerB.objectId, channel: "gui" } },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "DELETE", path: pp(`/${envA}/canvasApps/app-a`), statuses: [...D, 204] },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "DELETE", path: pp(`/${envA}`), statuses: [...D, 204] },
    { family: "powerPlatform", as: "ownerB", kind: "deny", method: "POST", path: pp(`/${envA}/activity`), statuses: D, body: { value: [] } },
    // (B's PUT of A's environment name makes B's own environment: checked after the table.)
    { family: "powerPlatform", as: "ownerB", kind: "list", method: "GET", path: pp("") },
    // Directory.
    { family: "directory", as: "ownerB", kind: "list", method: "GET", path: "/providers/Pal.Directory/principals?api-version=2026-12-01" },
    { family: "directory", as: "ownerB", kind: "list", method: "GET", path: `/providers/Pal.Directory/principals?api-version=2026-12-01&search=${p.ownerA.objectId}` },
    { family: "directory", as: "ownerB", kind: "list", method: "GET", path: "/providers/Pal.Directory/principals?api-version=2026-12-01&search=sec-" },
    // Insights: B is linked to a partner, which gives it no partner-side view.
    { family: "insights", as: "ownerB", kind: "deny", method: "GET", path: "/providers/Pal.Insights/attribution?api-version=2026-12-01&from=2026-01&to=2026-12", statuses: [...D, 409] },
    { family: "insights", as: "ownerB", kind: "deny", method: "GET", path: `/providers/Pal.Insights/explain?api-version=2026-12-01&tenant=${tenantA}&month=2026-11`, statuses: [...D, 409] },
  ];
}

// What tenant A sees of its own data: must be identical before and after the table.
async function tenantAState() {
  const reads = [
    [p.linkerA, `${partners}?api-version=${apiVersion}`],
    [p.userA, `${partners}?api-version=${apiVersion}`],
    [p.ownerA, raPath(sub)],
    [p.ownerA, rgPath],
    [p.ownerA, `${sub}/resourcegroups?api-version=2021-04-01`],
    [p.ownerA, mgPath(mgA)],
    [p.ownerA, "/providers/Microsoft.Management/managementGroups?api-version=2021-04-01"],
    [p.ownerA, lh("registrationDefinitions")],
    [p.ownerA, lh("registrationAssignments")],
    [p.ownerA, dpor],
    [p.ownerA, pp(`/${envA}`)],
    [p.ownerA, pp(`/${envA}/members`)],
    [p.ownerA, pp(`/${envA}/resources`)],
    [p.ownerA, `${sub}?api-version=2022-12-01`],
  ];
  const out = {};
  for (const [who, urlPath] of reads) {
    const r = await as(who, "GET", urlPath);
    assert.equal(r.status, 200, `${urlPath}: ${r.text}`);
    out[urlPath + who.name] = r.body;
  }
  out.linkHistory = linkHistory();
  out.dporHistory = palJson(["admin", "dpor", "history", "--data", dataDir]);
  return out;
}

test("cross-tenant and cross-principal reads and writes are refused for every endpoint family", async () => {
  const table = crossTable();
  const beforeState = await tenantAState();
  const families = new Set();
  const failures = [];
  for (const row of table) {
    families.add(row.family);
    const what = `${row.family}: ${row.as} ${row.method} ${row.path}`;
    try {
      const r = await as(p[row.as], row.method, row.path, row.body);
      if (row.kind === "deny") {
        assert.ok(row.statuses.includes(r.status), `${r.status} ${r.text.slice(0, 300)}`);
        if (r.status !== 204) assertEnvelope(r, what);
      } else {
        assert.ok([200, 404].includes(r.status), `${r.status} ${r.text.slice(0, 300)}`);
        if (r.status === 404) assertEnvelope(r, what);
      }
      if (r.status < 300 || row.kind === "list") {
        for (const id of a.ids) assert.ok(!r.text.includes(id), `answer shows tenant A's ${id}: ${r.text.slice(0, 300)}`);
      }
    } catch (e) {
      failures.push(`${what}: ${e.message.split("\n")[0]}`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${table.length} rows failed`);
  for (const family of ["links", "roleAssignments", "subscriptions", "resourceGroups", "managementGroups",
    "lighthouse", "dpor", "powerPlatform", "directory", "insights"]) {
    assert.ok(families.has(family), `no row for ${family}`);
  }
  assert.deepEqual(await tenantAState(), beforeState, "tenant A's data changed");
  // Environment names are each tenant's own: B's PUT of A's name creates B's own environment,
  // exactly as a fresh name would, and A's stays as it was.
  const namesake = await as(p.ownerB, "PUT", pp(`/${envA}`),
    { properties: { displayName: "hijacked", environmentType: "Sandbox", paid: false } });
  assert.equal(namesake.status, 201, namesake.text);
  assert.equal(namesake.body.properties.tenantId, tenantB);
  assert.deepEqual(await tenantAState(), beforeState, "tenant A's environment changed");
  const removed = await as(p.ownerB, "DELETE", pp(`/${envA}`));
  assert.equal(removed.status, 200, removed.text);
  assert.deepEqual(await tenantAState(), beforeState, "tenant A's environment changed");
  // The table is honest: tenant B's own principal does see its own things.
  const own = await as(p.ownerB, "GET", `/subscriptions?api-version=2022-12-01`);
  assert.ok(own.text.includes(subB), own.text);
  const dir = await as(p.ownerB, "GET", "/providers/Pal.Directory/principals?api-version=2026-12-01&search=sec-");
  assert.ok(dir.text.includes(p.ownerB.objectId), dir.text);
});

// ---------------------------------------------------------------------------------------------
// Logs and file modes (after the tests above, so the logs hold successes and failures).

test("secrets, passwords and tokens never appear in the server's output", async () => {
  // A few more failing calls carrying secrets in odd places.
  await clientCredentialsToken(server.url, tenantA, p.linkerA.appId, wrongSecret);
  await fetch(`${server.url}/${tenantA}/oauth2/v2.0/token?client_secret=${p.ownerA.secret}`, { method: "POST", body: "x" });
  await raw("GET", `${partners}?api-version=${apiVersion}`, `Bearer ${wrongSecret}.${wrongSecret}.${wrongSecret}`);
  await raw("GET", `/nowhere?api-version=${apiVersion}`, `Bearer ${await tokenOf(p.linkerA)}`);
  await raw("GET", `${partners}?api-version=2099-01-01`, `Bearer ${await tokenOf(p.userA)}`);
  const output = server.stdout() + server.stderr();
  // The request log is on (one line per request, path without its query string).
  assert.match(output, /oauth2\/v2\.0\/token/, "no request log captured");
  assert.match(output, /Microsoft\.ManagementPartner\/partners/, "no request log captured");
  const secrets = {
    wrongSecret,
    ...Object.fromEntries(Object.entries(p).map(([k, v]) => [`${k} secret`, v.secret])),
    ...Object.fromEntries([...tokens.entries()].map(([oid, t]) => [`token of ${oid}`, t])),
    ...Object.fromEntries([...tokens.entries()].map(([oid, t]) => [`token signature of ${oid}`, t.split(".")[2]])),
    "signing key": readSigningKey(dataDir).split("\n")[1],
  };
  for (const [what, secret] of Object.entries(secrets)) {
    assert.ok(secret && secret.length >= 8, what);
    assert.ok(!output.includes(secret), `${what} appears in the server's output`);
  }
  const cli = palJson(["admin", "link", "history", "--data", dataDir]);
  assert.ok(!JSON.stringify(cli).includes(p.linkerA.secret));
});

test("the data directory, keys and database are created with safe modes", async () => {
  const mode = (f) => statSync(f).mode & 0o777;
  assert.equal(mode(dataDir) & 0o022, 0, `data dir mode ${mode(dataDir).toString(8)} is group/world-writable`);
  assert.equal(mode(dataDir) & 0o077, 0, `data dir mode ${mode(dataDir).toString(8)} (docs: 0700)`);
  assert.equal(mode(path.join(dataDir, "signing-key.pem")), 0o600);
  // A TLS server on a fresh directory makes the certificate and its key.
  const tlsDir = path.join(root, "tls-data");
  const tls = await serve(["--data", tlsDir, "--port", "0"]);
  try {
    assert.equal(mode(path.join(tlsDir, "tls-key.pem")), 0o600);
    assert.equal(mode(path.join(tlsDir, "signing-key.pem")), 0o600);
    assert.equal(mode(tlsDir) & 0o077, 0, `data dir mode ${mode(tlsDir).toString(8)}`);
    assert.equal(mode(path.join(tlsDir, "tls-cert.pem")) & 0o022, 0);
  } finally {
    assert.equal(await tls.stop(), 0);
  }
});

// pal.db (and its -wal/-shm, which SQLite creates with the database's mode) must not be
// readable by others on its own: the docs allow a data directory made with plain `mkdir`
// (mode 0755 under the usual umask), and then a 0644 pal.db exposes secret hashes and links.
test("pal.db is not readable by others, even in a directory made with mkdir", async (t) => {
  if (usingPostgres) return t.skip("pal.db's mode: SQLite only");
  const dir = path.join(root, "mkdir-data");
  mkdirSync(dir, { mode: 0o755 });
  const s = await serve(["--data", dir, "--port", "0", "--http"]);
  try {
    palJson(["admin", "tenant", "create", "--data", dir, "--tenant-id", randomUUID(), "--name", "M"]);
    const files = readdirSync(dir).filter((f) => f.startsWith("pal.db"));
    assert.ok(files.includes("pal.db"), files.join());
    for (const f of files) {
      const m = statSync(path.join(dir, f)).mode & 0o777;
      assert.equal(m & 0o077, 0, `${f} mode ${m.toString(8)} is readable by group or others`);
    }
  } finally {
    assert.equal(await s.stop(), 0);
  }
});
});

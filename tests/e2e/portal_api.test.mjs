// The server endpoints the portal relies on (docs/portal.md): the "organizations" authority,
// guest sign-in with home credentials (Entra B2B), /tenants listing home and guest tenants,
// the Pal.Directory member picker, DPOR eligibility, the Pal.Insights refusals, and the portal's
// static files.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { armCaller, armScope, assertArmError, decodeJwt, palJson } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const tag = randomUUID().slice(0, 8);
const { call } = armCaller(ctx.url);

// A person at home in tenant B with a guest account in tenant A.
const home = admin("principal", "create", "--tenant-id", ctx.tenantB, "--kind", "User", "--name", `gina-${tag}@b.example`);
const guest = admin("principal", "create", "--tenant-id", ctx.tenantA, "--kind", "Guest",
  "--name", `gina-${tag}_b.example#EXT#@a.example`);
const insightsSp = admin("principal", "create", "--tenant-id", ctx.tenantA, "--kind", "ServicePrincipal", "--name", `insights-${tag}`);

async function passwordToken(authority, username, password) {
  const r = await fetch(`${ctx.url}/${authority}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      username, password, scope: armScope }),
  });
  return { status: r.status, body: await r.json() };
}

async function get(token, urlPath) {
  const r = await fetch(`${ctx.url}${urlPath}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: await r.json() };
}

test("portal api: a user signs in at the organizations authority to its home tenant", async () => {
  const r = await passwordToken("organizations", home.name, home.secret);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const claims = decodeJwt(r.body.access_token).payload;
  assert.equal(claims.tid, ctx.tenantB);
  assert.equal(claims.oid, home.objectId);
  const wrong = await passwordToken("organizations", home.name, "not-the-password");
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error, "invalid_grant");
  const nobody = await passwordToken("common", `nobody-${tag}@b.example`, "x");
  assert.equal(nobody.status, 400);
  assert.equal(nobody.body.error, "invalid_grant");
});

test("portal api: a guest signs in to the other tenant with its home credentials", async () => {
  const r = await passwordToken(ctx.tenantA, home.name, home.secret);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const claims = decodeJwt(r.body.access_token).payload;
  assert.equal(claims.tid, ctx.tenantA);
  assert.equal(claims.oid, guest.objectId, "the token's subject is the guest account");
  const wrong = await passwordToken(ctx.tenantA, home.name, guest.secret);
  assert.equal(wrong.status, 400, "the guest's own secret is not the home password");
  // Someone without a guest account in A cannot sign in there with home credentials.
  const other = admin("principal", "create", "--tenant-id", ctx.tenantB, "--kind", "User", "--name", `otto-${tag}@b.example`);
  assert.equal((await passwordToken(ctx.tenantA, other.name, other.secret)).status, 400);
});

test("portal api: /tenants lists the home tenant and the guest tenants, from either account", async () => {
  const fromHome = (await passwordToken("organizations", home.name, home.secret)).body.access_token;
  const fromGuest = (await passwordToken(ctx.tenantA, home.name, home.secret)).body.access_token;
  for (const token of [fromHome, fromGuest]) {
    const r = await get(token, "/tenants?api-version=2022-12-01");
    assert.equal(r.status, 200);
    const listed = r.body.value.map((t) => `${t.tenantId} ${t.accountType}`);
    assert.deepEqual(listed, [`${ctx.tenantB} Member`, `${ctx.tenantA} Guest`]);
    assert.equal(r.body.value[1].displayName, "Tenant A");
  }
  // A service principal has only its own tenant.
  const sp = await call(insightsSp, "GET", "/tenants?api-version=2022-12-01");
  assert.deepEqual(sp.body.value.map((t) => t.tenantId), [ctx.tenantA]);
});

test("portal api: the directory lists only the caller's tenant, with a search", async () => {
  const fromGuest = (await passwordToken(ctx.tenantA, home.name, home.secret)).body.access_token;
  const all = await get(fromGuest, "/providers/Pal.Directory/principals?api-version=2026-12-01");
  assert.equal(all.status, 200);
  assert.ok(all.body.value.length >= 3);
  assert.ok(all.body.value.every((p) => p.tenantId === ctx.tenantA), "no principal of another tenant");
  assert.ok(!all.body.value.some((p) => p.objectId === home.objectId));
  const found = await get(fromGuest, `/providers/Pal.Directory/principals?api-version=2026-12-01&search=INSIGHTS-${tag}`);
  assert.deepEqual(found.body.value.map((p) => [p.objectId, p.principalType]), [[insightsSp.objectId, "ServicePrincipal"]]);
  const missing = await get(fromGuest, "/providers/Pal.Directory/principals");
  assert.equal(missing.status, 400);
});

test("portal api: DPOR eligibility says why a subscription takes none and who may set one", async () => {
  const r = await call(ctx.principals.reader, "GET",
    `/subscriptions/${ctx.subscriptionA}/providers/Pal.PartnerOfRecord/eligibility?api-version=2026-11-01`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.offer, "AzurePlan");
  assert.equal(r.body.eligible, false);
  assert.equal(r.body.canManage, false);
  assert.match(r.body.reason, /^This is an Azure plan subscription: .*Enterprise Agreement/);
  const stranger = await call(insightsSp, "GET",
    `/subscriptions/${ctx.subscriptionA}/providers/Pal.PartnerOfRecord/eligibility?api-version=2026-11-01`);
  assertArmError(stranger, 403, "AuthorizationFailed", "no role on the subscription");
});

test("portal api: insights need a role in the partner organisation, and usage the server attributes", async () => {
  const path = "/providers/Pal.Insights/attribution?api-version=2026-12-01&from=2026-10&to=2026-11";
  assertArmError(await call(insightsSp, "GET", path), 403, "PartnerRoleRequired", "no role");
  const linked = await call(insightsSp, "PUT", "/providers/Microsoft.ManagementPartner/partners/719878?api-version=2018-02-01");
  assert.equal(linked.status, 200);
  assertArmError(await call(insightsSp, "GET", path), 403, "PartnerRoleRequired", "a link is no role");
  // A partner organisation of insightsSp's own tenant gives it a role (its own id, so that other
  // files' organisations are left alone).
  const own = `7${tag.replace(/\D/g, "").padEnd(6, "0").slice(0, 6)}`;
  admin("partner", "add", "--partner-id", own, "--name", `Insights partner ${tag}`, "--tenant-id", ctx.tenantA);
  admin("partner", "role", "add", "--partner-id", own, "--assignee", insightsSp.objectId, "--role", "ReportViewer");
  assertArmError(await call(insightsSp, "GET", path), 409, "NoUsageConfigured", "no --usage");
  assertArmError(await call(insightsSp, "GET", "/providers/Pal.Insights/attribution?api-version=2026-12-01&from=2026-10&to=2025-01"),
    400, "InvalidQueryParameter", "to before from");
  assertArmError(await call(insightsSp, "GET", "/providers/Pal.Insights/attribution?api-version=2026-12-01&from=2025-01&to=2026-12"),
    400, "InvalidQueryParameter", "more than 12 months");
  assertArmError(await call(insightsSp, "GET", "/providers/Pal.Insights/explain?api-version=2026-12-01&tenant=x&month=2026-10"),
    400, "InvalidQueryParameter", "tenant not a GUID");
});

test("portal api: the portal is served from its own origin with a content policy, or says how to build it", async () => {
  const r = await fetch(`${ctx.url}/portal/`);
  const text = await r.text();
  if (r.status === 200) {
    assert.match(r.headers.get("content-type"), /^text\/html/);
    assert.match(r.headers.get("content-security-policy"), /default-src 'self'/);
    assert.match(text, /<html/i);
  } else {
    assert.equal(r.status, 404);
    assert.match(text, /scripts\/build-portal/);
  }
  const bare = await fetch(`${ctx.url}/portal`, { redirect: "manual" });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get("location"), "/portal/");
});

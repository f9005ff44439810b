// Managed identities (issue 18, item 8): `pal admin principal create --managed-identity` makes a
// service principal without a secret whose tokens come from /msi/token, App Service's managed
// identity protocol (IDENTITY_ENDPOINT + IDENTITY_HEADER, api-version 2019-08-01). The real
// @azure/identity ManagedIdentityCredential links the identity to a partner ID through
// @azure/arm-managementpartner; every refusal is checked to give no token and change nothing.
import { ACEProvisioningManagementPartnerAPI } from "@azure/arm-managementpartner";
import { ManagedIdentityCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { armScope, clientCredentialsToken, decodeJwt, pal, palJson } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const tenant = randomUUID();
admin("tenant", "create", "--tenant-id", tenant, "--name", "Managed identity customer");
const create = (name) => admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal",
  "--name", name, "--managed-identity");
const worker = create("mi-worker");
const other = create("mi-other");
const endpoint = `${ctx.url}/msi/token`;
const resource = "https://management.azure.com/";

// `header` null: none is sent.
async function msi(query, header = worker.identityHeader) {
  const r = await fetch(`${endpoint}?${new URLSearchParams(query)}`,
    { headers: header === null ? {} : { "X-IDENTITY-HEADER": header } });
  return { status: r.status, body: await r.json() };
}

test("managed identity: the CLI prints the header once and no secret", () => {
  for (const p of [worker, other]) {
    assert.equal(p.kind, "ServicePrincipal");
    assert.equal(p.managedIdentity, true);
    assert.equal(p.identityEndpointPath, "/msi/token");
    assert.match(p.identityHeader, /^[A-Za-z0-9._~-]{40}$/);
    assert.equal(p.secret, undefined);
    assert.match(p.appId, /^[0-9a-f-]{36}$/);
  }
  assert.notEqual(worker.identityHeader, other.identityHeader);
});

test("managed identity: ManagedIdentityCredential (App Service) links the identity through the SDK", async () => {
  const saved = { ...process.env };
  process.env.IDENTITY_ENDPOINT = endpoint;
  process.env.IDENTITY_HEADER = worker.identityHeader;
  try {
    const credential = new ManagedIdentityCredential();
    const token = await credential.getToken(armScope);
    const claims = decodeJwt(token.token).payload;
    assert.equal(claims.oid, worker.objectId);
    assert.equal(claims.tid, tenant);
    assert.equal(claims.appid, worker.appId);
    assert.equal(claims.iss, `${ctx.url}/${tenant}/v2.0`);
    const client = new ACEProvisioningManagementPartnerAPI(credential,
      { endpoint: ctx.url, retryOptions: { maxRetries: 0 } });
    const linked = await client.partner.create("719878");
    assert.equal(linked.partnerId, "719878");
    assert.equal(linked.objectId, worker.objectId);
    assert.equal((await client.partner.get("719878")).tenantId, tenant);
    // With its own client id named, too (a user-assigned identity's way).
    const named = new ManagedIdentityCredential({ clientId: worker.appId });
    assert.equal(decodeJwt((await named.getToken(armScope)).token).payload.oid, worker.objectId);
  } finally {
    process.env = saved;
  }
});

test("managed identity: refusals give no token", async () => {
  const q = { "api-version": "2019-08-01", resource };
  for (const [what, query, header, status] of [
    ["no header", q, null, 401],
    ["a guessed header", q, "x".repeat(40), 401],
    ["another identity's client id", { ...q, client_id: other.appId }, worker.identityHeader, 400],
    ["another identity's principal id", { ...q, principal_id: other.objectId }, worker.identityHeader, 400],
    ["the old api-version", { ...q, "api-version": "2017-09-01" }, worker.identityHeader, 400],
    ["a resource pal does not serve", { ...q, resource: "https://vault.azure.net" }, worker.identityHeader, 400],
  ]) {
    const r = await msi(query, header);
    assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.statusCode, status, what);
    assert.equal(typeof r.body.message, "string", what);
    assert.equal(r.body.access_token, undefined, what);
  }
  const ok = await msi(q);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.client_id, worker.appId);
  assert.match(ok.body.expires_on, /^\d+$/);
});

test("managed identity: it has no secret to sign in with, and none can be given to it", async () => {
  for (const secret of ["", worker.identityHeader]) {
    const r = await clientCredentialsToken(ctx.url, tenant, worker.appId, secret);
    assert.notEqual(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.access_token, undefined);
  }
  const before = admin("principal", "list", "--tenant-id", tenant);
  const reset = pal(["admin", "principal", "reset-secret", "--tenant-id", tenant, "--object-id", worker.objectId,
    "--data", ctx.dataDir]);
  assert.notEqual(reset.status, 0);
  assert.match(reset.stderr, /ManagedIdentityHasNoSecret/);
  assert.doesNotMatch(reset.stdout, /secret/);
  assert.deepEqual(admin("principal", "list", "--tenant-id", tenant), before);
  // The header still works: nothing changed.
  assert.equal((await msi({ "api-version": "2019-08-01", resource })).status, 200);
  // A user cannot be one, nor a service principal with a secret lifetime.
  for (const args of [["--kind", "User", "--name", "mi-user@x.example"],
    ["--kind", "ServicePrincipal", "--name", "mi-x", "--secret-expires-in-days", "30"]]) {
    const r = pal(["admin", "principal", "create", "--tenant-id", tenant, ...args, "--managed-identity",
      "--data", ctx.dataDir]);
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.deepEqual(admin("principal", "list", "--tenant-id", tenant), before);
});

// The real Azure SDKs against pal serve: @azure/identity obtains the token from pal's token
// endpoint, @azure/arm-managementpartner drives every operation. Each raw response body is
// checked against the OpenAPI response schema.
import { ACEProvisioningManagementPartnerAPI } from "@azure/arm-managementpartner";
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { createSign, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { schemaErrors, successSchema } from "./contract.mjs";
import { pal, palJson, removeDir, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const sp = ctx.principals.sdk;

function client(scopes) {
  const credential = new ClientSecretCredential(ctx.tenantA, sp.appId, sp.secret, {
    authorityHost: ctx.url,
    disableInstanceDiscovery: true,
  });
  return new ACEProvisioningManagementPartnerAPI(credential, {
    endpoint: ctx.url,
    ...(scopes ? { credentialScopes: scopes } : {}),
    retryOptions: { maxRetries: 0 },
  });
}

// Calls an SDK method capturing the raw response, and checks it against the contract.
async function call(definition, fn) {
  let raw;
  const result = await fn({ onResponse: (r) => (raw = r) });
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get("content-type") ?? "application/json", /application\/json/);
  if (definition) {
    const body = JSON.parse(raw.bodyAsText);
    assert.deepEqual(schemaErrors(definition, body), [], `${definition}: ${raw.bodyAsText}`);
  } else {
    assert.equal(raw.bodyAsText ?? "", "");
  }
  return result;
}

test("the SDK round-trips every documented operation", async () => {
  // Default scope is "<endpoint>/.default": the server accepts its own base URL as audience.
  const mp = client();
  const created = await call(successSchema("/providers/Microsoft.ManagementPartner/partners/{partnerId}", "put"),
    (o) => mp.partner.create("719878", o));
  assert.equal(created.partnerId, "719878");
  assert.equal(created.partnerName, "Mekorma");
  assert.equal(created.tenantId, ctx.tenantA);
  assert.equal(created.objectId, sp.objectId);
  assert.equal(created.state, "Active");
  assert.equal(created.version, 1);
  assert.equal(created.etag, 1);
  assert.equal(created.name, "719878");
  assert.equal(created.type, "Microsoft.ManagementPartner/partners");
  assert.ok(created.createdTime instanceof Date);

  const got = await call("PartnerResponse", (o) => mp.partner.get("719878", o));
  assert.equal(got.partnerId, "719878");
  assert.equal(got.version, 1);

  const mine = await call(successSchema("/providers/Microsoft.ManagementPartner/partners", "get"),
    (o) => mp.partners.get(o));
  assert.equal(mine.partnerId, "719878");
  const mineEmptyId = await call("PartnerResponse", (o) => mp.partner.get("", o));
  assert.equal(mineEmptyId.partnerId, "719878");

  const updated = await call("PartnerResponse", (o) => mp.partner.update("1234567", o));
  assert.equal(updated.partnerId, "1234567");
  assert.equal(updated.partnerName, "Northwind Traders");
  assert.equal(updated.version, 2);
  assert.equal(updated.etag, 2);
  assert.equal(updated.createdTime.getTime(), created.createdTime.getTime());
  assert.ok(updated.updatedTime >= created.updatedTime);

  await call(null, (o) => mp.partner.delete("1234567", o));
  await assert.rejects(mp.partner.get("1234567"), (e) => {
    assert.equal(e.statusCode, 404);
    assert.equal(e.code, "NotFound");
    return true;
  });
  await assert.rejects(mp.partners.get(), (e) => e.statusCode === 404 && e.code === "NotFound");

  // Re-create after delete keeps createdTime and continues the version.
  const again = await call("PartnerResponse", (o) => mp.partner.create("719878", o));
  assert.equal(again.version, 4);
  assert.equal(again.createdTime.getTime(), created.createdTime.getTime());
  await call(null, (o) => mp.partner.delete("719878", o));
});

test("the operations list pages through nextLink", async () => {
  const mp = client(["https://management.azure.com/.default"]);
  const names = [];
  let pages = 0;
  for await (const page of mp.operation.list().byPage()) {
    pages += 1;
    for (const op of page) names.push(op.name);
  }
  assert.ok(pages >= 2, "more than one page");
  assert.deepEqual(names, [
    "Microsoft.ManagementPartner/partners/read",
    "Microsoft.ManagementPartner/partners/write",
    "Microsoft.ManagementPartner/partners/action",
    "Microsoft.ManagementPartner/partners/delete",
  ]);
  // Each raw page conforms to OperationList.
  let next = `${ctx.url}/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01`;
  const credential = new ClientSecretCredential(ctx.tenantA, sp.appId, sp.secret, {
    authorityHost: ctx.url,
    disableInstanceDiscovery: true,
  });
  const token = (await credential.getToken("https://management.azure.com/.default")).token;
  while (next) {
    const r = await fetch(next, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.deepEqual(schemaErrors(successSchema("/providers/Microsoft.ManagementPartner/operations", "get"), body), []);
    next = body.nextLink;
  }
});

test("error bodies conform to the Error schema", async () => {
  const mp = client();
  await assert.rejects(
    mp.partner.get("719878", {
      onResponse: (raw) => {
        assert.equal(raw.status, 404);
        assert.deepEqual(schemaErrors("Error", JSON.parse(raw.bodyAsText)), []);
      },
    }),
    (e) => e.statusCode === 404,
  );
});

test("identity surfaces a wrong secret as invalid_client", async () => {
  const credential = new ClientSecretCredential(ctx.tenantA, sp.appId, "not-the-secret", {
    authorityHost: ctx.url,
    disableInstanceDiscovery: true,
  });
  await assert.rejects(credential.getToken("https://management.azure.com/.default"), /invalid_client/);
});

// Certificates and federated credentials (issue 18): a service principal of its own signs in
// with a generated certificate (ClientCertificateCredential: PS256 with x5t#S256, as msal-node
// signs) and with a token of pal's built-in test issuer (ClientAssertionCredential); then the
// token endpoint's refusals, each with Entra's code and nothing issued.
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const keyDir = tempDir("pal-sdk-cert-");
after(() => removeDir(keyDir));
const certFile = path.join(keyDir, "sdk-cert.pem");
const certSp = admin("principal", "create", "--tenant-id", ctx.tenantA, "--kind", "ServicePrincipal", "--name", "sdk-certificate");
const principalArgs = ["--tenant-id", ctx.tenantA, "--object-id", certSp.objectId];
const registered = admin("principal", "credential", "add", ...principalArgs, "--certificate", certFile, "--generate");
const issuer = "https://ci.pal.test";
const subject = "repo:contoso/pal-ci:ref:refs/heads/main";
admin("principal", "federated-credential", "add", ...principalArgs, "--name", "sdk-ci", "--issuer", issuer, "--subject", subject);
const tokenEndpoint = `${ctx.url}/${ctx.tenantA}/oauth2/v2.0/token`;

function federatedToken(iss = issuer, sub = subject) {
  const r = pal(["admin", "issue-federated-token", "--data", ctx.dataDir, "--issuer", iss, "--subject", sub]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// A client assertion as MSAL makes one (RS256 with x5t), signed with `keyPem`.
function certificateAssertion(keyPem, thumbprintHex, claims = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", x5t: Buffer.from(thumbprintHex, "hex").toString("base64url") };
  const payload = { iss: certSp.appId, sub: certSp.appId, aud: tokenEndpoint, exp: now + 600, nbf: now, jti: randomUUID(), ...claims };
  const data = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  const signer = createSign("RSA-SHA256");
  signer.update(data);
  return `${data}.${signer.sign(keyPem).toString("base64url")}`;
}

async function assertionGrant(assertion) {
  const r = await fetch(tokenEndpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials", client_id: certSp.appId, scope: "https://management.azure.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion,
    }),
  });
  return { status: r.status, body: await r.json() };
}

function assertRefused(r, code) {
  assert.equal(r.status, 401, JSON.stringify(r.body));
  assert.equal(r.body.error, "invalid_client");
  assert.deepEqual(r.body.error_codes, [code], r.body.error_description);
  assert.match(r.body.error_description, new RegExp(`^AADSTS${code}: `));
  assert.equal(r.body.access_token, undefined);
}

test("ClientCertificateCredential and ClientAssertionCredential sign in to the partner API", async () => {
  assert.equal(registered.appId, certSp.appId);
  assert.match(registered.thumbprint, /^[0-9A-F]{40}$/);
  const options = { authorityHost: ctx.url, disableInstanceDiscovery: true };
  const viaCertificate = new ClientCertificateCredential(ctx.tenantA, certSp.appId, certFile, options);
  const byCertificate = new ACEProvisioningManagementPartnerAPI(viaCertificate, { endpoint: ctx.url, retryOptions: { maxRetries: 0 } });
  const created = await byCertificate.partner.create("719878");
  assert.equal(created.objectId, certSp.objectId);
  const viaAssertion = new ClientAssertionCredential(ctx.tenantA, certSp.appId, async () => federatedToken(), options);
  const byAssertion = new ACEProvisioningManagementPartnerAPI(viaAssertion, { endpoint: ctx.url, retryOptions: { maxRetries: 0 } });
  const got = await byAssertion.partner.get("719878");
  assert.equal(got.partnerId, "719878");
  assert.equal(got.objectId, certSp.objectId);
  await byAssertion.partner.delete("719878");
});

test("the token endpoint refuses bad client assertions with Entra's codes and issues nothing", async () => {
  const keyPem = readFileSync(certFile, "utf8").match(/-----BEGIN PRIVATE KEY-----[^]*?-----END PRIVATE KEY-----/)[0];
  // A certificate the application never registered.
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
  assertRefused(await assertionGrant(certificateAssertion(stranger, randomBytes(20).toString("hex"))), 700027);
  // A good assertion signs in once; its jti is refused after.
  const once = certificateAssertion(keyPem, registered.thumbprint);
  assert.equal((await assertionGrant(once)).status, 200);
  assertRefused(await assertionGrant(once), 50013);
  const now = Math.floor(Date.now() / 1000);
  assertRefused(await assertionGrant(certificateAssertion(keyPem, registered.thumbprint, { exp: now - 900, nbf: now - 1800 })), 700024);
  assertRefused(await assertionGrant(certificateAssertion(keyPem, registered.thumbprint,
    { aud: `https://login.microsoftonline.com/${ctx.tenantA}/oauth2/v2.0/token` })), 700023);
  // Federated: the subject compares case-sensitively, the issuer must be one a credential trusts.
  assert.equal((await assertionGrant(federatedToken())).status, 200);
  assertRefused(await assertionGrant(federatedToken(issuer, subject.replace("contoso", "Contoso"))), 700213);
  assertRefused(await assertionGrant(federatedToken("https://unknown.pal.test")), 700211);
  // Nothing about the application changed.
  assert.equal(admin("principal", "credential", "list", ...principalArgs).length, 1);
  assert.equal(admin("principal", "federated-credential", "list", ...principalArgs).length, 1);
});

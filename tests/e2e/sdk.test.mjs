// The real Azure SDKs against pal serve: @azure/identity obtains the token from pal's token
// endpoint, @azure/arm-managementpartner drives every operation. Each raw response body is
// checked against the OpenAPI response schema.
import { ACEProvisioningManagementPartnerAPI } from "@azure/arm-managementpartner";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { schemaErrors, successSchema } from "./contract.mjs";

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

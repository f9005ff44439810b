// Microsoft.Authorization role assignments through the real @azure/arm-authorization SDK and
// raw HTTPS: every documented operation (create/get/delete by scope + name and by id, list for
// scope / subscription / resource group / resource with $filter), Azure's error codes, the
// wire quirks (doubled leading slashes, `+` and `%20` in $filter), and the authorization
// matrix: who may do what, with no data change on a refusal. Fixtures are made here with
// `pal admin` in a tenant of this file's own.
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { schemaErrors } from "./contract.mjs";
import { clientCredentialsToken, palJson } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const version = "api-version=2022-04-01";
const roles = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};

// A customer tenant with a subscription, a resource group and a resource, and principals
// holding Owner / Contributor / Reader / nothing on the subscription; plus another tenant.
const tenant = randomUUID();
const other = randomUUID();
const sub = randomUUID();
const otherSub = randomUUID();
const subScope = `/subscriptions/${sub}`;
const rgScope = `${subScope}/resourceGroups/rg-prod`;
const vmScope = `${rgScope}/providers/Microsoft.Compute/virtualMachines/vm1`;
admin("tenant", "create", "--tenant-id", tenant, "--name", "RA Customer");
admin("tenant", "create", "--tenant-id", other, "--name", "RA Other");
admin("subscription", "create", "--subscription-id", sub, "--tenant-id", tenant, "--name", "Prod");
admin("subscription", "create", "--subscription-id", otherSub, "--tenant-id", other, "--name", "Other");
admin("resource", "create", "--id", vmScope);
const sp = (t, name) =>
  admin("principal", "create", "--tenant-id", t, "--kind", "ServicePrincipal", "--name", name);
const who = {
  Owner: sp(tenant, "ra-owner"),
  Contributor: sp(tenant, "ra-contributor"),
  Reader: sp(tenant, "ra-reader"),
  "no role": sp(tenant, "ra-nobody"),
  "another tenant": sp(other, "ra-stranger"),
};
const partnerApp = sp(tenant, "ra-partner-app");
const user = admin("principal", "create", "--tenant-id", tenant, "--kind", "User", "--name", "u@ra.example");
for (const role of ["Owner", "Contributor", "Reader"]) {
  admin("role", "assignment", "create", "--scope", subScope, "--role", role, "--assignee", who[role].objectId);
}
admin("role", "assignment", "create", "--scope", `/subscriptions/${otherSub}`, "--role", "Owner",
  "--assignee", who["another tenant"].objectId);

function client(principal) {
  const credential = new ClientSecretCredential(principal.tenantId, principal.appId, principal.secret, {
    authorityHost: ctx.url,
    disableInstanceDiscovery: true,
  });
  return new AuthorizationManagementClient(credential, sub, {
    endpoint: ctx.url,
    retryOptions: { maxRetries: 0 },
  });
}

const tokens = new Map();
async function raw(principal, method, path, body) {
  if (!tokens.has(principal.objectId)) {
    const token = await clientCredentialsToken(ctx.url, principal.tenantId, principal.appId, principal.secret);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    tokens.set(principal.objectId, token.body.access_token);
  }
  const response = await fetch(`${ctx.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.get(principal.objectId)}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const assignmentPath = (scope, name) =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${version}`;
const body = (role, principalId, scope) => ({
  properties: { roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roles[role]}`, principalId },
});

async function drain(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function checkSchema(definition, responses) {
  for (const r of responses) assert.deepEqual(schemaErrors(definition, JSON.parse(r.bodyAsText)), [], r.bodyAsText);
}

test("role assignments: create, get, list, delete through the SDK, validating every response", async () => {
  const authz = client(who.Owner);
  const name = randomUUID();
  const raws = [];
  const onResponse = (r) => raws.push(r);
  const created = await authz.roleAssignments.create(subScope, name, {
    roleDefinitionId: `${subScope}/providers/Microsoft.Authorization/roleDefinitions/${roles.Reader}`,
    principalId: partnerApp.objectId,
    principalType: "ServicePrincipal",
    description: "PAL: partner reads production",
  }, { onResponse });
  assert.equal(created.id, `${subScope}/providers/Microsoft.Authorization/roleAssignments/${name}`);
  assert.equal(created.scope, subScope);
  assert.equal(created.principalId, partnerApp.objectId);
  assert.equal(created.principalType, "ServicePrincipal");
  assert.equal(created.createdBy, who.Owner.objectId);
  assert.ok(created.createdOn instanceof Date);
  assert.equal(raws.at(-1).status, 201);

  const got = await authz.roleAssignments.get(subScope, name, { onResponse });
  assert.equal(got.description, "PAL: partner reads production");
  const byId = await authz.roleAssignments.getById(created.id, { onResponse });
  assert.equal(byId.name, name);

  // Filters as the SDK sends them (%20, %27) at every list form.
  const filter = `principalId eq '${partnerApp.objectId}'`;
  const listed = [
    await drain(authz.roleAssignments.listForScope(subScope, { filter, onResponse })),
    await drain(authz.roleAssignments.listForSubscription({ filter, onResponse })),
    await drain(authz.roleAssignments.listForScope(rgScope, { filter: `assignedTo('${partnerApp.objectId}')`, onResponse })),
    await drain(authz.roleAssignments.listForResourceGroup("rg-prod", { filter: "atScope()", onResponse })),
    await drain(authz.roleAssignments.listForResource("rg-prod", "Microsoft.Compute", "virtualMachines", "vm1",
      { filter, onResponse })),
  ];
  for (const list of listed.slice(0, 3)) assert.deepEqual(list.map((a) => a.name), [name]);
  assert.ok(listed[3].some((a) => a.name === name), "atScope() at a resource group includes the subscription's");
  assert.deepEqual(listed[4].map((a) => a.name), [name]);
  const everything = await drain(authz.roleAssignments.listForSubscription({ onResponse }));
  assert.ok(everything.length >= 4);

  // Re-creating the same assignment is an idempotent success.
  const again = await authz.roleAssignments.create(subScope, name, {
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roles.Reader}`,
    principalId: partnerApp.objectId,
    description: "PAL: partner reads production",
  }, { onResponse });
  assert.equal(again.name, name);
  assert.equal(raws.at(-1).status, 200);

  const deleted = await authz.roleAssignments.deleteById(created.id, { onResponse });
  assert.equal(deleted.name, name);
  assert.equal(raws.at(-1).status, 200);
  const absent = await authz.roleAssignments.delete(subScope, name);
  assert.equal(absent.name, undefined);  // 204: nothing left to delete
  await assert.rejects(authz.roleAssignments.get(subScope, name),
    (e) => e.statusCode === 404 && e.code === "RoleAssignmentNotFound");

  for (const r of raws) {
    const json = JSON.parse(r.bodyAsText);
    const definition = "value" in json ? "ra:RoleAssignmentListResult" : "ra:RoleAssignment";
    assert.deepEqual(schemaErrors(definition, json), [], r.bodyAsText);
  }
});

test("role assignments on a resource group and a resource, by id, with doubled slashes", async () => {
  const authz = client(who.Owner);
  const onVm = randomUUID();
  const id = `${vmScope}/providers/Microsoft.Authorization/roleAssignments/${onVm}`;
  const raws = [];
  const created = await authz.roleAssignments.createById(id, {
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roles.Contributor}`,
    principalId: user.objectId,
  }, { onResponse: (r) => raws.push(r) });
  assert.equal(created.scope, vmScope);
  assert.equal(created.principalType, "User");
  checkSchema("ra:RoleAssignment", raws);
  // No filter at the resource group: at, above and below (the VM's assignment included).
  const atGroup = await drain(authz.roleAssignments.listForResourceGroup("rg-prod"));
  assert.ok(atGroup.some((a) => a.name === onVm));
  const atScopeOnly = await drain(authz.roleAssignments.listForResourceGroup("rg-prod", { filter: "atScope()" }));
  assert.ok(!atScopeOnly.some((a) => a.name === onVm));

  // The SDK sends scope "/subscriptions/x" after a literal '/': the server sees "//subscriptions".
  const doubled = await raw(who.Owner, "GET", `/${id}?${version}`);
  assert.equal(doubled.status, 200);
  assert.equal(doubled.body.id, id);
  await authz.roleAssignments.deleteById(id);
});

test("role assignments: $filter with '+' and '%20' as curl users send it", async () => {
  const base = `${subScope}/providers/Microsoft.Authorization/roleAssignments?${version}`;
  const plus = await raw(who.Reader, "GET", `${base}&$filter=principalId+eq+'${who.Reader.objectId}'`);
  const encoded = await raw(who.Reader, "GET", `${base}&$filter=principalId%20eq%20%27${who.Reader.objectId}%27`);
  assert.equal(plus.status, 200);
  assert.deepEqual(plus.body, encoded.body);
  assert.equal(plus.body.value.length, 1);
  assert.equal(plus.body.value[0].properties.principalId, who.Reader.objectId);
  const bad = await raw(who.Reader, "GET", `${base}&$filter=roleName+eq+'Owner'`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "InvalidFilter");
  assert.deepEqual(schemaErrors("ct:ErrorResponse", bad.body), []);
});

test("role assignments: Azure's error codes through the SDK", async () => {
  const authz = client(who.Owner);
  const params = (principalId, role = "Reader") => ({
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roles[role]}`,
    principalId,
  });
  const first = randomUUID();
  await authz.roleAssignments.create(subScope, first, params(user.objectId));
  const expectError = (status, code) => (e) => {
    assert.equal(e.statusCode, status, e.message);
    assert.equal(e.code, code, e.message);
    assert.deepEqual(schemaErrors("ct:ErrorResponse", JSON.parse(e.response.bodyAsText)), []);
    return true;
  };
  await assert.rejects(authz.roleAssignments.create(subScope, randomUUID(), params(user.objectId)),
    expectError(409, "RoleAssignmentExists"));
  await assert.rejects(authz.roleAssignments.create(subScope, randomUUID(), params(randomUUID())),
    expectError(400, "PrincipalNotFound"));
  await assert.rejects(authz.roleAssignments.create(subScope, randomUUID(), {
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`,
    principalId: user.objectId,
  }), expectError(400, "RoleDefinitionDoesNotExist"));
  await assert.rejects(authz.roleAssignments.create(subScope, first, params(user.objectId, "Contributor")),
    expectError(400, "RoleAssignmentUpdateNotPermitted"));
  await assert.rejects(authz.roleAssignments.create(subScope, "not-a-guid", params(user.objectId)),
    expectError(400, "InvalidRoleAssignmentId"));
  await assert.rejects(authz.roleAssignments.create(`${subScope}/resourceGroups/nope`, randomUUID(), params(user.objectId)),
    expectError(404, "ResourceGroupNotFound"));
  await assert.rejects(authz.roleAssignments.create(`/subscriptions/${randomUUID()}`, randomUUID(), params(user.objectId)),
    expectError(404, "SubscriptionNotFound"));
  await authz.roleAssignments.delete(subScope, first);
});

// The authorization matrix. Each row is an operation; `allowed` lists who may do it. Everyone
// else is refused with 403 AuthorizationFailed — but a principal of another tenant, for which
// the subscription is as absent as a random id (404 SubscriptionNotFound: issue 16 found the
// 403 telling that it exists). A refusal changes nothing.
const refusal = (caller) =>
  caller === "another tenant" ? [404, "SubscriptionNotFound"] : [403, "AuthorizationFailed"];
const matrix = [
  { op: "create", allowed: ["Owner"] },
  { op: "get", allowed: ["Owner", "Contributor", "Reader"] },
  { op: "list", allowed: ["Owner", "Contributor", "Reader"] },
  { op: "delete", allowed: ["Owner"] },
];

async function snapshot() {
  const r = await raw(who.Owner, "GET", `${subScope}/providers/Microsoft.Authorization/roleAssignments?${version}`);
  assert.equal(r.status, 200);
  return r.body.value.map((a) => a.id).sort();
}

for (const { op, allowed } of matrix) {
  for (const caller of Object.keys(who)) {
    const allow = allowed.includes(caller);
    test(`authorization matrix: ${op} by ${caller} is ${allow ? "allowed" : "refused"}`, async () => {
      // A target assignment for get/delete, made by the Owner.
      const target = randomUUID();
      const put = await raw(who.Owner, "PUT", assignmentPath(subScope, target), body("Reader", user.objectId, subScope));
      assert.equal(put.status, 201, JSON.stringify(put.body));
      const before = await snapshot();
      const name = op === "create" ? randomUUID() : target;
      let r;
      if (op === "create") {
        await raw(who.Owner, "DELETE", assignmentPath(subScope, target));  // frees the grant
        r = await raw(who[caller], "PUT", assignmentPath(subScope, name), body("Reader", user.objectId, subScope));
      } else if (op === "get") {
        r = await raw(who[caller], "GET", assignmentPath(subScope, name));
      } else if (op === "list") {
        r = await raw(who[caller], "GET", `${subScope}/providers/Microsoft.Authorization/roleAssignments?${version}`);
      } else {
        r = await raw(who[caller], "DELETE", assignmentPath(subScope, name));
      }
      const expected = !allow ? refusal(caller)[0] : op === "create" ? 201 : 200;
      assert.equal(r.status, expected, JSON.stringify(r.body));
      if (!allow) {
        assert.equal(r.body.error.code, refusal(caller)[1]);
        assert.deepEqual(schemaErrors("ct:ErrorResponse", r.body), []);
        const after = await snapshot();
        const expectedAfter = op === "create" ? before.filter((id) => !id.endsWith(target)) : before;
        assert.deepEqual(after, expectedAfter, "a refused request changed nothing");
      } else if (op === "list") {
        assert.ok(r.body.value.some((a) => a.name === target));
      } else {
        assert.equal(r.body.name, name);
      }
      // Clean up whatever is left.
      await raw(who.Owner, "DELETE", assignmentPath(subScope, name));
      await raw(who.Owner, "DELETE", assignmentPath(subScope, target));
    });
  }
}

// The same matrix for resource groups (Microsoft.Resources 2021-04-01): Owner and Contributor
// write, every role reads.
const groupMatrix = [
  { op: "create", allowed: ["Owner", "Contributor"] },
  { op: "get", allowed: ["Owner", "Contributor", "Reader"] },
  { op: "list", allowed: ["Owner", "Contributor", "Reader"] },
  { op: "delete", allowed: ["Owner", "Contributor"] },
];
const groupPath = (name) => `${subScope}/resourcegroups/${name}?api-version=2021-04-01`;
async function groupNames() {
  const r = await raw(who.Owner, "GET", `${subScope}/resourcegroups?api-version=2021-04-01`);
  assert.equal(r.status, 200);
  return r.body.value.map((g) => g.name).sort();
}

for (const { op, allowed } of groupMatrix) {
  for (const caller of Object.keys(who)) {
    const allow = allowed.includes(caller);
    test(`authorization matrix: resource group ${op} by ${caller} is ${allow ? "allowed" : "refused"}`, async () => {
      const existing = `rg-${randomUUID().slice(0, 8)}`;
      assert.equal((await raw(who.Owner, "PUT", groupPath(existing), { location: "westeurope" })).status, 201);
      const before = await groupNames();
      const fresh = `rg-${randomUUID().slice(0, 8)}`;
      let r;
      if (op === "create") r = await raw(who[caller], "PUT", groupPath(fresh), { location: "westeurope" });
      else if (op === "get") r = await raw(who[caller], "GET", groupPath(existing));
      else if (op === "list") r = await raw(who[caller], "GET", `${subScope}/resourcegroups?api-version=2021-04-01`);
      else r = await raw(who[caller], "DELETE", groupPath(existing));
      const expected = !allow ? refusal(caller)[0] : op === "create" ? 201 : 200;
      assert.equal(r.status, expected, JSON.stringify(r.body));
      if (!allow) {
        assert.equal(r.body.error.code, refusal(caller)[1]);
        assert.deepEqual(schemaErrors("ct:ErrorResponse", r.body), []);
        assert.deepEqual(await groupNames(), before, "a refused request changed nothing");
      }
      await raw(who.Owner, "DELETE", groupPath(fresh));
      await raw(who.Owner, "DELETE", groupPath(existing));
    });
  }
}

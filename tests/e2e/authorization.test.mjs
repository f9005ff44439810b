// Microsoft.Authorization role definitions through the real @azure/arm-authorization SDK:
// listing with $filter and getting one, at the root and at a subscription where the caller has
// a role (granted by `pal admin role assignment create`), and refused where it has none.
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { schemaErrors } from "./contract.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const subscriptionScope = `/subscriptions/${ctx.subscriptionA}`;
const readerRoleId = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const ownerRoleId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

function client(principal) {
  const credential = new ClientSecretCredential(ctx.tenantA, principal.appId, principal.secret, {
    authorityHost: ctx.url,
    disableInstanceDiscovery: true,
  });
  return new AuthorizationManagementClient(credential, ctx.subscriptionA, {
    endpoint: ctx.url,
    retryOptions: { maxRetries: 0 },
  });
}

test("role definitions: list with $filter and get, at a subscription the caller can read", async () => {
  const authz = client(ctx.principals.reader);
  const raws = [];
  const found = [];
  for await (const page of authz.roleDefinitions
    .list(subscriptionScope, { filter: "roleName eq 'Reader'", onResponse: (r) => raws.push(r) })
    .byPage()) {
    found.push(...page);
  }
  assert.equal(found.length, 1);
  assert.equal(found[0].name, readerRoleId);
  assert.equal(found[0].roleName, "Reader");
  assert.equal(found[0].roleType, "BuiltInRole");
  assert.equal(found[0].id, `${subscriptionScope}/providers/Microsoft.Authorization/roleDefinitions/${readerRoleId}`);
  assert.deepEqual(found[0].permissions[0].actions, ["*/read"]);
  for (const raw of raws) {
    assert.deepEqual(schemaErrors("rd:RoleDefinitionListResult", JSON.parse(raw.bodyAsText)), []);
  }

  let raw;
  const owner = await authz.roleDefinitions.get(subscriptionScope, ownerRoleId, { onResponse: (r) => (raw = r) });
  assert.equal(owner.roleName, "Owner");
  assert.deepEqual(schemaErrors("rd:RoleDefinition", JSON.parse(raw.bodyAsText)), []);

  const all = [];
  for await (const role of authz.roleDefinitions.list("/")) all.push(role.roleName);
  assert.ok(all.includes("Contributor") && all.includes("User Access Administrator"), all.join());
  assert.ok(all.length >= 15);
});

test("role definitions at a subscription without a role there: 403 AuthorizationFailed", async () => {
  const authz = client(ctx.principals.negA);
  await assert.rejects(
    async () => {
      for await (const _ of authz.roleDefinitions.list(subscriptionScope)) { /* drain */ }
    },
    (e) => {
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, "AuthorizationFailed");
      assert.match(e.message, /Microsoft\.Authorization\/roleDefinitions\/read/);
      return true;
    },
  );
  // The root list needs no role.
  const names = [];
  for await (const role of authz.roleDefinitions.list("/", { filter: "roleName eq 'Owner'" })) names.push(role.name);
  assert.deepEqual(names, [ownerRoleId]);
});

test("role definitions: unknown id is RoleDefinitionDoesNotExist", async () => {
  const authz = client(ctx.principals.reader);
  await assert.rejects(authz.roleDefinitions.get(subscriptionScope, "00000000-0000-4000-8000-000000000000"),
    (e) => e.statusCode === 404 && e.code === "RoleDefinitionDoesNotExist");
});

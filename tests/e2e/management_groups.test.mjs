// Management groups through the real @azure/arm-managementgroups SDK (Microsoft.Management
// 2021-04-01) and the pal CLI (`pal group ...`, `pal account list`): a hierarchy under the
// tenant root group, subscriptions moved into it, role inheritance through it, and the rules
// (rights, cycles, the root group, non-empty groups).
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pal, palJson, specsDir, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const options = { endpoint: ctx.url, retryOptions: { maxRetries: 0 } };

const tenant = randomUUID();
const sub = randomUUID();
admin("tenant", "create", "--tenant-id", tenant, "--name", "MG Customer");
admin("subscription", "create", "--subscription-id", sub, "--tenant-id", tenant, "--name", "Prod");
const sp = (name) => admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", name);
const owner = sp("mg-owner");
const reader = sp("mg-reader");
const partner = sp("mg-partner");
const rootScope = `/providers/Microsoft.Management/managementGroups/${tenant}`;
admin("role", "assignment", "create", "--scope", rootScope, "--role", "Owner", "--assignee", owner.objectId);
admin("role", "assignment", "create", "--scope", `/subscriptions/${sub}`, "--role", "Reader", "--assignee", reader.objectId);

const credential = (p) => new ClientSecretCredential(tenant, p.appId, p.secret,
  { authorityHost: ctx.url, disableInstanceDiscovery: true });
const groups = (p) => new ManagementGroupsAPI(credential(p), options);
const drain = async (it) => { const out = []; for await (const x of it) out.push(x); return out; };

test("management groups: build a hierarchy, move a subscription in, inherit roles through it", async () => {
  const mg = groups(owner);
  const listed = await drain(mg.managementGroups.list());
  assert.deepEqual(listed.map((g) => g.name), [tenant]);
  assert.equal(listed[0].displayName, "Tenant Root Group");

  const platform = await mg.managementGroups.beginCreateOrUpdateAndWait("platform", { displayName: "Platform" });
  assert.equal(platform.name, "platform");
  assert.equal(platform.details.parent.id, rootScope);
  const prod = await mg.managementGroups.beginCreateOrUpdateAndWait("prod", {
    displayName: "Production",
    details: { parent: { id: "/providers/Microsoft.Management/managementGroups/platform" } },
  });
  assert.equal(prod.details.parent.name, "platform");

  const moved = await mg.managementGroupSubscriptions.create("prod", sub);
  assert.equal(moved.name, sub);
  assert.equal(moved.parent.id, "/providers/Microsoft.Management/managementGroups/prod");
  const under = await drain(mg.managementGroupSubscriptions.listSubscriptionsUnderManagementGroup("prod"));
  assert.deepEqual(under.map((s) => s.name), [sub]);

  const tree = await mg.managementGroups.get(tenant, { expand: "children", recurse: true });
  assert.equal(tree.children[0].name, "platform");
  assert.equal(tree.children[0].children[0].name, "prod");
  assert.equal(tree.children[0].children[0].children[0].id, `/subscriptions/${sub}`);
  const withPath = await mg.managementGroups.get("prod", { expand: "path" });
  assert.deepEqual(withPath.details.path.map((p) => p.name), [tenant, "platform", "prod"]);
  const descendants = await drain(mg.managementGroups.listDescendants("platform"));
  assert.deepEqual(descendants.map((d) => d.name), ["prod", sub]);

  // A Reader at "platform" now reaches the subscription below it.
  const authz = new AuthorizationManagementClient(credential(owner), sub, options);
  await authz.roleAssignments.create("/providers/Microsoft.Management/managementGroups/platform", randomUUID(), {
    roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    principalId: partner.objectId,
  });
  const seen = await drain(new SubscriptionClient(credential(partner), options).subscriptions.list());
  assert.deepEqual(seen.map((s) => s.subscriptionId), [sub]);

  const renamed = await mg.managementGroups.update("prod", { displayName: "Prod workloads" });
  assert.equal(renamed.displayName, "Prod workloads");
});

test("management groups: Azure's rules", async () => {
  const mg = groups(owner);
  await assert.rejects(mg.managementGroups.update("platform", {
    parentGroupId: "/providers/Microsoft.Management/managementGroups/prod" }),
  (e) => e.statusCode === 400 && /itself or one of its descendants/.test(e.message));
  await assert.rejects(mg.managementGroups.beginDeleteAndWait(tenant),
    (e) => e.statusCode === 400 && /root group cannot be deleted/.test(e.message));
  await assert.rejects(mg.managementGroups.beginDeleteAndWait("prod"),
    (e) => e.statusCode === 409 && e.code === "ManagementGroupHasChildren");
  await assert.rejects(mg.managementGroups.get("nope"),
    (e) => e.statusCode === 404 && e.code === "ManagementGroupNotFound");
  // A Reader of the subscription cannot create groups, nor see the others.
  const denied = groups(reader);
  await assert.rejects(denied.managementGroups.beginCreateOrUpdateAndWait("mine", {}),
    (e) => e.statusCode === 403 && e.code === "AuthorizationFailed");
  assert.deepEqual(await drain(denied.managementGroups.list()), []);
  // Another tenant's principal does not see this tenant's groups.
  const stranger = admin("principal", "create", "--tenant-id", ctx.tenantB, "--kind", "ServicePrincipal", "--name", `mg-${randomUUID().slice(0, 6)}`);
  const foreign = new ManagementGroupsAPI(new ClientSecretCredential(ctx.tenantB, stranger.appId, stranger.secret,
    { authorityHost: ctx.url, disableInstanceDiscovery: true }), options);
  await assert.rejects(foreign.managementGroups.get("platform"), (e) => e.statusCode === 404);

  // Back to the root, then the empty groups can go.
  await mg.managementGroupSubscriptions.delete("prod", sub);
  const root = await mg.managementGroups.get(tenant, { expand: "children" });
  assert.ok(root.children.some((c) => c.id === `/subscriptions/${sub}`));
  await mg.managementGroups.beginDeleteAndWait("prod");
  await mg.managementGroups.beginDeleteAndWait("platform");
  assert.deepEqual((await drain(mg.managementGroups.list())).map((g) => g.name), [tenant]);
});

test("management groups: a delete answers as the spec says (202 or 204), its status URL Succeeded", async () => {
  const example = JSON.parse(readFileSync(path.join(specsDir, "managementgroups", "examples",
    "DeleteManagementGroup.json"), "utf8"));
  const allowed = Object.keys(example.responses).map(Number);
  assert.deepEqual(allowed, [202, 204]);
  await groups(owner).managementGroups.beginCreateOrUpdateAndWait("scratch", { displayName: "Scratch" });
  const token = (await credential(owner).getToken("https://management.azure.com/.default")).token;
  const auth = { Authorization: `Bearer ${token}` };
  const r = await fetch(`${ctx.url}/providers/Microsoft.Management/managementGroups/scratch?api-version=2021-04-01`,
    { method: "DELETE", headers: auth });
  assert.ok(allowed.includes(r.status), `DELETE answered ${r.status}`);
  assert.equal(r.status, 202);
  const statusUrl = r.headers.get("azure-asyncoperation");
  assert.equal(statusUrl, `${ctx.url}/providers/Microsoft.Management/operationResults/delete/scratch?api-version=2021-04-01`);
  assert.equal(r.headers.get("location"), statusUrl);
  const status = await fetch(statusUrl, { headers: auth });
  assert.equal(status.status, 200);
  assert.equal((await status.json()).status, "Succeeded");
  await assert.rejects(groups(owner).managementGroups.get("scratch"), (e) => e.statusCode === 404);
});

test("pal group and pal account list", () => {
  const env = { PAL_CONFIG_DIR: tempDir("pal-group-cli-") };
  const run = (...args) => pal(args, { env });
  const json = (r) => { assert.equal(r.status, 0, r.stderr); return JSON.parse(r.stdout); };
  json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", tenant,
    "--service-principal", "-u", owner.appId, "-p", owner.secret));
  const created = json(run("group", "create", "--name", "cli-mg", "--display-name", "From the CLI"));
  assert.equal(created.displayName, "From the CLI");
  assert.equal(created.tenantId, tenant);
  json(run("group", "create", "--name", "cli-child", "--parent", "cli-mg"));
  json(run("group", "subscription", "add", "--name", "cli-child", "--subscription", sub));
  const shown = json(run("group", "show", "--name", "cli-mg", "--recurse"));
  assert.equal(shown.children[0].name, "cli-child");
  assert.equal(shown.children[0].children[0].name, sub);
  assert.deepEqual(json(run("group", "list")).map((g) => g.name).sort(), ["cli-child", "cli-mg", tenant].sort());
  const accounts = json(run("account", "list"));
  assert.deepEqual(accounts.map((a) => [a.id, a.name, a.tenantId]), [[sub, "Prod", tenant]]);

  const busy = run("group", "delete", "--name", "cli-mg");
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /^\(ManagementGroupHasChildren\) /);
  assert.equal(run("group", "subscription", "remove", "--name", "cli-child", "--subscription", sub).status, 0);
  assert.equal(run("group", "delete", "--name", "cli-child").status, 0);
  assert.equal(run("group", "delete", "--name", "cli-mg").status, 0);
  const missing = run("group", "show", "--name", "cli-mg");
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^\(ManagementGroupNotFound\) /);
});

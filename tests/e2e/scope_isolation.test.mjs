// Issue 16, findings 5 and 7, as attacks: a Disabled subscription is read-only (every write
// under it 409 ReadOnlyDisabledSubscription, nothing stored changed, reads still answered); a
// Deleted one is gone (404 exactly as a random id, absent from every list); Warned and PastDue
// stay writable; and another tenant's subscriptions, resource groups and management groups
// answer exactly as ids that do not exist (status, code, message with the id replaced) —
// including a PUT of another tenant's existing group id or root group id.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { armCaller, palJson, removeDir, showResponse as show, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const { call } = armCaller(ctx.url);

const roles = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};
const customer = randomUUID();
const stranger = randomUUID();
admin("tenant", "create", "--tenant-id", customer, "--name", "Isolation Customer");
admin("tenant", "create", "--tenant-id", stranger, "--name", "Isolation Stranger");
const subs = {};
for (const [name, offer] of [["enabled", "AzurePlan"], ["disabled", "EnterpriseAgreement"], ["deleted", "AzurePlan"],
  ["warned", "AzurePlan"], ["pastDue", "AzurePlan"]]) {
  subs[name] = randomUUID();
  admin("subscription", "create", "--subscription-id", subs[name], "--tenant-id", customer, "--name", `Iso ${name}`,
    "--offer", offer);
}
const sp = (tenant, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal",
  "--name", `${name}-${randomUUID().slice(0, 6)}`);
const owner = sp(customer, "iso-owner");
const member = sp(customer, "iso-member");
const nobody = sp(customer, "iso-nobody");
const foreignOwner = sp(stranger, "iso-foreign-owner");
const operator = sp(stranger, "iso-operator");
const groupScope = (g) => `/providers/Microsoft.Management/managementGroups/${g}`;
admin("role", "assignment", "create", "--scope", groupScope(customer), "--role", "Owner", "--assignee", owner.objectId);
admin("role", "assignment", "create", "--scope", groupScope(stranger), "--role", "Owner", "--assignee",
  foreignOwner.objectId);

const RG = "api-version=2021-04-01";
const RA = "api-version=2022-04-01";
const LH = "api-version=2022-10-01";
const POR = "api-version=2026-11-01";
const MG = "api-version=2021-04-01";
const SUBS = "api-version=2022-12-01";
const rgUrl = (sub, name = "") => `/subscriptions/${sub}/resourcegroups${name ? `/${name}` : ""}?${RG}`;
const raUrl = (scope, name) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${RA}`;
const raBody = (sub, role = roles.Reader, principal = member) => ({
  properties: {
    roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    principalId: principal.objectId,
  },
});
const lhUrl = (sub, kind, id) => `/subscriptions/${sub}/providers/Microsoft.ManagedServices/${kind}/${id}?${LH}`;
const offer = () => ({
  properties: {
    registrationDefinitionName: "Managed by the stranger",
    managedByTenantId: stranger,
    authorizations: [{ principalId: operator.objectId, roleDefinitionId: roles.Contributor }],
  },
});
const porUrl = (sub) => `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?${POR}`;
const validateUrl = (sub) => `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/validatePartnerId?${POR}`;
const mgSubUrl = (g, sub) => `${groupScope(g)}/subscriptions/${sub}?${MG}`;
const mgUrl = (g, query = "") => `${groupScope(g)}?${MG}${query}`;

// The answer with every occurrence of `ids` replaced, to compare a foreign id's answer with a
// random one's.
function shape(r, ...ids) {
  let text = JSON.stringify(r.body ?? null);
  for (const id of ids) text = text.split(id).join("{id}").split(id.toUpperCase()).join("{id}");
  return { status: r.status, body: JSON.parse(text) };
}

// Everything stored that a request could have changed: the data set export (tenants,
// principals, management groups, subscriptions with their state, role assignments, Lighthouse,
// DPOR), and what the export leaves out, read back through the API by the customer's Owner.
async function snapshot() {
  const dir = tempDir("pal-iso-export-");
  try {
    admin("export", dir);
    const files = {};
    for (const f of readdirSync(dir).sort()) files[f] = readFileSync(path.join(dir, f), "utf8");
    const reads = {};
    for (const sub of Object.values(subs)) {
      reads[`rg ${sub}`] = (await call(owner, "GET", rgUrl(sub))).body;
      reads[`por ${sub}`] = (await call(owner, "GET", porUrl(sub))).body;
    }
    reads.groups = (await call(owner, "GET", mgUrl(customer, "&$expand=children&$recurse=true"))).body;
    return { files, reads };
  } finally {
    removeDir(dir);
  }
}

const kept = "rg-kept";
const keptAssignment = randomUUID();
const groupName = `iso-${randomUUID().slice(0, 8)}`;

test("scope isolation: setup before the subscriptions change state", async () => {
  for (const sub of Object.values(subs)) {
    const r = await call(owner, "PUT", rgUrl(sub, kept), { location: "westeurope" });
    assert.equal(r.status, 201, show(r));
  }
  let r = await call(owner, "PUT", raUrl(`/subscriptions/${subs.disabled}`, keptAssignment), raBody(subs.disabled));
  assert.equal(r.status, 201, show(r));
  r = await call(owner, "PUT", porUrl(subs.disabled), { properties: { partnerId: "719878" } });
  assert.equal(r.status, 200, show(r));
  r = await call(owner, "PUT", mgUrl(groupName), { properties: { displayName: "Isolation group" } });
  assert.equal(r.status, 200, show(r));
  // A role at the group: deleting another tenant's namesake must leave it.
  r = await call(owner, "PUT", raUrl(groupScope(groupName), randomUUID()), {
    properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roles.Reader}`,
      principalId: member.objectId },
  });
  assert.equal(r.status, 201, show(r));
  admin("subscription", "update", "--subscription-id", subs.disabled, "--state", "Disabled");
  admin("subscription", "update", "--subscription-id", subs.deleted, "--state", "Deleted");
  admin("subscription", "update", "--subscription-id", subs.warned, "--state", "Warned");
  admin("subscription", "update", "--subscription-id", subs.pastDue, "--state", "PastDue");
});

test("scope isolation: a Disabled subscription refuses every write with nothing stored changed", async () => {
  const d = subs.disabled;
  const at = `/subscriptions/${d}`;
  const writes = [
    ["create a resource group", "PUT", rgUrl(d, "rg-new"), { location: "westeurope" }],
    ["retag a resource group", "PUT", rgUrl(d, kept), { location: "westeurope", tags: { env: "x" } }],
    ["delete a resource group", "DELETE", rgUrl(d, kept)],
    ["assign a role at the subscription", "PUT", raUrl(at, randomUUID()), raBody(d)],
    ["assign Owner at the subscription", "PUT", raUrl(at, randomUUID()), raBody(d, roles.Owner)],
    ["assign a role at a resource group", "PUT", raUrl(`${at}/resourceGroups/${kept}`, randomUUID()), raBody(d)],
    ["delete a role assignment", "DELETE", raUrl(at, keptAssignment)],
    ["create a Lighthouse definition", "PUT", lhUrl(d, "registrationDefinitions", randomUUID()), offer()],
    ["create a Lighthouse assignment", "PUT", lhUrl(d, "registrationAssignments", randomUUID()), {
      properties: { registrationDefinitionId: `${at}/providers/Microsoft.ManagedServices/registrationDefinitions/${randomUUID()}` },
    }],
    ["change the partner of record", "PUT", porUrl(d), { properties: { partnerId: "1234567" } }],
    ["remove the partner of record", "DELETE", porUrl(d)],
    ["move it into a management group", "PUT", mgSubUrl(groupName, d)],
    ["move it back to the root group", "DELETE", mgSubUrl(customer, d)],
  ];
  const before = await snapshot();
  for (const [what, method, url, body] of writes) {
    const r = await call(owner, method, url, body);
    assert.equal(r.status, 409, `${what}: ${show(r)}`);
    assert.deepEqual(Object.keys(r.body), ["error"], what);
    assert.equal(r.body.error.code, "ReadOnlyDisabledSubscription", `${what}: ${show(r)}`);
    assert.equal(r.body.error.message, `The subscription '${d}' is disabled and therefore marked as read only. ` +
      "You cannot perform any write actions on this subscription until it is re-enabled.", what);
  }
  assert.deepEqual(await snapshot(), before, "nothing stored changed");

  // Reads go on.
  for (const url of [rgUrl(d), rgUrl(d, kept), porUrl(d), `${at}?${SUBS}`, mgSubUrl(customer, d),
    `${at}/providers/Microsoft.Authorization/roleAssignments?${RA}`, raUrl(at, keptAssignment)]) {
    const r = await call(owner, "GET", url);
    assert.equal(r.status, 200, `GET ${url}: ${show(r)}`);
  }
  assert.equal((await call(owner, "GET", `${at}?${SUBS}`)).body.state, "Disabled");
  const checked = await call(owner, "POST", validateUrl(d), { partnerId: "1234567" });
  assert.equal(checked.status, 200, `validating is a read: ${show(checked)}`);

  // Enabled again (pal admin subscription update, Azure's billing path), it is writable again.
  admin("subscription", "update", "--subscription-id", d, "--state", "Enabled");
  try {
    const r = await call(owner, "PUT", rgUrl(d, "rg-after"), { location: "westeurope" });
    assert.equal(r.status, 201, show(r));
    assert.equal((await call(owner, "DELETE", rgUrl(d, "rg-after"))).status, 200);
  } finally {
    admin("subscription", "update", "--subscription-id", d, "--state", "Disabled");
  }
});

test("scope isolation: a Deleted subscription answers as a random id everywhere and is in no list", async () => {
  const gone = subs.deleted;
  const random = randomUUID();
  const requests = (s) => [
    ["GET", `/subscriptions/${s}?${SUBS}`],
    ["GET", rgUrl(s)],
    ["GET", rgUrl(s, kept)],
    ["HEAD", rgUrl(s, kept)],
    ["PUT", rgUrl(s, "rg-new"), { location: "westeurope" }],
    ["DELETE", rgUrl(s, kept)],
    ["GET", `/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments?${RA}`],
    ["PUT", raUrl(`/subscriptions/${s}`, "00000000-0000-4000-8000-00000000a001"), raBody(s)],
    ["PUT", lhUrl(s, "registrationDefinitions", "00000000-0000-4000-8000-00000000a002"), offer()],
    ["GET", porUrl(s)],
    ["PUT", porUrl(s), { properties: { partnerId: "719878" } }],
    ["GET", mgSubUrl(customer, s)],
    ["PUT", mgSubUrl(groupName, s)],
  ];
  const before = await snapshot();
  const randomAnswers = requests(random);
  const goneAnswers = requests(gone);
  for (let i = 0; i < randomAnswers.length; i++) {
    const [method, url, body] = goneAnswers[i];
    const deleted = await call(owner, method, url, body);
    const [rmethod, rurl, rbody] = randomAnswers[i];
    const unknown = await call(owner, rmethod, rurl, rbody);
    assert.equal(deleted.status, 404, `${method} ${url}: ${show(deleted)}`);
    assert.deepEqual(shape(deleted, gone), shape(unknown, random), `${method} ${url}`);
  }
  assert.deepEqual(await snapshot(), before, "nothing stored changed");

  const listed = await call(owner, "GET", `/subscriptions?${SUBS}`);
  assert.equal(listed.status, 200);
  const ids = listed.body.value.map((s) => s.subscriptionId);
  assert.ok(ids.includes(subs.disabled) && ids.includes(subs.enabled), JSON.stringify(ids));
  assert.ok(!ids.includes(gone), "GET /subscriptions leaves a Deleted subscription out");
  const descendants = await call(owner, "GET", `${groupScope(customer)}/descendants?${MG}`);
  assert.ok(!JSON.stringify(descendants.body).includes(gone), "descendants leave it out");
  assert.ok(JSON.stringify(descendants.body).includes(subs.disabled));
  const tree = await call(owner, "GET", mgUrl(customer, "&$expand=children&$recurse=true"));
  assert.ok(!JSON.stringify(tree.body).includes(gone), "children leave it out");
  const under = await call(owner, "GET", `${groupScope(customer)}/subscriptions?${MG}`);
  assert.ok(!JSON.stringify(under.body).includes(gone), "the subscriptions under the group leave it out");
});

test("scope isolation: Warned and PastDue subscriptions stay writable", async () => {
  for (const sub of [subs.warned, subs.pastDue]) {
    let r = await call(owner, "PUT", rgUrl(sub, "rg-more"), { location: "westeurope" });
    assert.equal(r.status, 201, show(r));
    const name = randomUUID();
    r = await call(owner, "PUT", raUrl(`/subscriptions/${sub}`, name), raBody(sub));
    assert.equal(r.status, 201, show(r));
    r = await call(owner, "PUT", mgSubUrl(groupName, sub));
    assert.equal(r.status, 200, show(r));
    r = await call(owner, "DELETE", mgSubUrl(groupName, sub));
    assert.equal(r.status, 200, show(r));
    assert.equal((await call(owner, "DELETE", raUrl(`/subscriptions/${sub}`, name))).status, 200);
    assert.equal((await call(owner, "DELETE", rgUrl(sub, "rg-more"))).status, 200);
  }
});

test("scope isolation: another tenant's subscriptions and resource groups answer as random ids", async () => {
  const theirs = subs.enabled;
  const random = randomUUID();
  const probes = (s) => [
    ["GET", `/subscriptions/${s}?${SUBS}`],
    ["GET", rgUrl(s)],
    ["GET", rgUrl(s, kept)],
    ["GET", rgUrl(s, "rg-never")],
    ["PUT", rgUrl(s, "rg-mine"), { location: "westeurope" }],
    ["DELETE", rgUrl(s, kept)],
    ["GET", `/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments?${RA}`],
    ["PUT", raUrl(`/subscriptions/${s}`, "00000000-0000-4000-8000-00000000b001"), raBody(s, roles.Owner, foreignOwner)],
    ["PUT", lhUrl(s, "registrationDefinitions", "00000000-0000-4000-8000-00000000b002"), offer()],
    ["GET", porUrl(s)],
    ["PUT", porUrl(s), { properties: { partnerId: "719878" } }],
    ["GET", mgSubUrl(customer, s)],
    ["PUT", mgSubUrl(stranger, s)],
  ];
  const before = await snapshot();
  const mine = probes(theirs);
  const unknown = probes(random);
  for (let i = 0; i < mine.length; i++) {
    const [method, url, body] = mine[i];
    const foreign = await call(foreignOwner, method, url, body);
    const [umethod, uurl, ubody] = unknown[i];
    const missing = await call(foreignOwner, umethod, uurl, ubody);
    assert.equal(foreign.status, 404, `${method} ${url}: ${show(foreign)}`);
    assert.deepEqual(shape(foreign, theirs), shape(missing, random), `${method} ${url}`);
  }
  assert.deepEqual(await snapshot(), before, "nothing stored changed");

  // Inside its own tenant, a principal without a role learns nothing of which groups exist.
  const existing = await call(nobody, "GET", rgUrl(theirs, kept));
  const absent = await call(nobody, "GET", rgUrl(theirs, "rg-absent"));
  assert.equal(existing.status, 403, show(existing));
  assert.deepEqual(shape(existing, kept), shape(absent, "rg-absent"));
});

test("scope isolation: another tenant's management group ids, root included, are free names", async () => {
  const before = await snapshot();
  const fresh = `iso-fresh-${randomUUID().slice(0, 8)}`;
  // Reads: as absent as a name nobody has.
  for (const [theirs, none] of [[groupName, fresh], [customer, randomUUID()]]) {
    const foreign = await call(foreignOwner, "GET", mgUrl(theirs));
    const missing = await call(foreignOwner, "GET", mgUrl(none));
    assert.equal(foreign.status, 404, show(foreign));
    assert.deepEqual(shape(foreign, theirs), shape(missing, none));
  }
  // PUT: the customer's group id and root group id are created in the stranger's own tenant,
  // exactly as a fresh name is.
  const made = [];
  try {
    for (const name of [groupName, customer, fresh]) {
      const r = await call(foreignOwner, "PUT", mgUrl(name), { properties: { displayName: "Mine" } });
      assert.equal(r.status, 200, `PUT ${name}: ${show(r)}`);
      made.push(name);
      assert.equal(r.body.properties.tenantId, stranger);
      assert.equal(r.body.properties.details.parent.name, stranger);
      assert.deepEqual(Object.keys(r.body).sort(), ["id", "name", "properties", "type"]);
    }
    // The customer's groups are untouched and still the customer's.
    const after = await snapshot();
    const customerRows = (s) => s.files["management_groups.csv"].split("\n").filter((l) => l.startsWith(customer));
    assert.deepEqual(customerRows(after), customerRows(before));
    assert.deepEqual(after.reads, before.reads);
    const own = await call(owner, "GET", mgUrl(groupName));
    assert.equal(own.status, 200);
    assert.equal(own.body.properties.tenantId, customer);
    assert.equal(own.body.properties.displayName, "Isolation group");
  } finally {
    for (const name of made) {
      const r = await call(foreignOwner, "DELETE", mgUrl(name));
      assert.equal(r.status, 202, `DELETE ${name} (Azure's 202 Accepted): ${show(r)}`);
    }
  }
  assert.deepEqual(await snapshot(), before, "the stranger's groups are gone, the customer's as they were");
});

// Power Platform environment names are each tenant's own, as Azure's tenant-level names are: a
// PUT of a name only another tenant uses was 409 EnvironmentNameUnavailable, which told that
// some tenant has it. Now it creates the caller's own environment exactly as a fresh name does,
// and the owner's environment, its members, resources, owners and history stay as they were.
const PP = "/providers/Pal.PowerPlatform";
const PPV = "api-version=2026-12-01";
const envUrl = (env, rest = "") => `${PP}/environments/${env}${rest}?${PPV}`;
const ppAdmin = sp(customer, "iso-pp-admin");
const ppMaker = sp(customer, "iso-pp-maker");
const strangerPpAdmin = sp(stranger, "iso-pp-stranger-admin");
for (const p of [ppAdmin, strangerPpAdmin]) {
  admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", p.objectId);
}

test("scope isolation: another tenant's Power Platform environment name is a free name, PUT included", async () => {
  const env = `iso-pp-${randomUUID().slice(0, 8)}`;
  const fresh = `iso-pp-fresh-${randomUUID().slice(0, 8)}`;
  const ok = async (status, who, method, url, body) => {
    const r = await call(who, method, url, body);
    assert.equal(r.status, status, `${method} ${url}: ${show(r)}`);
    return r;
  };
  // The customer's environment: a maker, two resources (one handed to the admin), activity.
  await ok(201, ppAdmin, "PUT", envUrl(env), { properties: { displayName: "Customer sales", environmentType: "Production", paid: true } });
  await ok(200, ppAdmin, "PUT", envUrl(env, `/members/${ppMaker.objectId}`), { properties: { role: "EnvironmentMaker" } });
  await ok(201, ppMaker, "PUT", envUrl(env, "/canvasApps/sales"), { properties: { displayName: "Sales" } });
  await ok(201, ppMaker, "PUT", envUrl(env, "/flows/approvals"), { properties: { displayName: "Approvals" } });
  await ok(200, ppMaker, "POST", envUrl(env, "/flows/approvals/setOwner"), { owner: ppAdmin.objectId, channel: "gui" });
  const today = new Date().toISOString().slice(0, 10);
  const sales = `${PP}/environments/${env}/canvasApps/sales`;
  await ok(200, ppAdmin, "POST", envUrl(env, "/activity"), { value: [{ date: today, resourceId: sales, userId: ppMaker.objectId }] });
  // Everything of it, read back as the customer.
  const readBack = async () => {
    const out = {
      list: (await ok(200, ppAdmin, "GET", `${PP}/environments?${PPV}`)).body.value.filter((e) => e.name === env),
      env: (await ok(200, ppAdmin, "GET", envUrl(env))).body,
      members: (await ok(200, ppAdmin, "GET", envUrl(env, "/members"))).body,
      resources: (await ok(200, ppAdmin, "GET", envUrl(env, "/resources"))).body,
    };
    for (const r of out.resources.value) out[r.id] = (await ok(200, ppAdmin, "GET", `${r.id}/ownershipHistory?${PPV}`)).body;
    return out;
  };
  const before = await readBack();
  assert.equal(before.resources.value.length, 2);

  // Reads: as absent as a name nobody has.
  for (const rest of ["", "/members", "/resources", "/canvasApps/sales", "/canvasApps/sales/ownershipHistory"]) {
    const foreign = await call(strangerPpAdmin, "GET", envUrl(env, rest));
    const missing = await call(strangerPpAdmin, "GET", envUrl(fresh, rest));
    assert.equal(foreign.status, 404, show(foreign));
    assert.deepEqual(shape(foreign, env), shape(missing, fresh), `GET ${rest}`);
  }
  // PUT: 201 and the stranger's own environment, exactly as for a fresh name.
  const made = [];
  try {
    const body = { properties: { displayName: "Mine", environmentType: "Sandbox", paid: false } };
    const answers = [];
    for (const name of [env, fresh]) {
      const r = await call(strangerPpAdmin, "PUT", envUrl(name), body);
      assert.equal(r.status, 201, `PUT ${name}: ${show(r)}`);
      made.push(name);
      assert.equal(r.body.properties.tenantId, stranger);
      delete r.body.properties.createdOn;
      answers.push(shape(r, name));
    }
    assert.deepEqual(answers[0], answers[1], "another tenant's name answers as a fresh one");
    // It is the stranger's alone: its own admin, no resources; a namesake resource is its own.
    const members = await ok(200, strangerPpAdmin, "GET", envUrl(env, "/members"));
    assert.deepEqual(members.body.value.map((m) => [m.objectId, m.role]), [[strangerPpAdmin.objectId, "EnvironmentAdmin"]]);
    assert.deepEqual((await ok(200, strangerPpAdmin, "GET", envUrl(env, "/resources"))).body.value, []);
    const theirs = await ok(201, strangerPpAdmin, "PUT", envUrl(env, "/canvasApps/sales"), { properties: { displayName: "Not yours" } });
    assert.equal(theirs.body.id, sales);
    assert.equal(theirs.body.properties.tenantId, stranger);
    assert.equal(theirs.body.properties.owner, strangerPpAdmin.objectId);
    await ok(200, strangerPpAdmin, "POST", envUrl(env, "/activity"),
      { value: [{ date: today, resourceId: sales, userId: strangerPpAdmin.objectId }] });
    await ok(200, strangerPpAdmin, "PUT", envUrl(env), { properties: { displayName: "Mine, renamed", paid: true } });
    // The customer's environment, members, resources, owners and history are as they were.
    assert.deepEqual(await readBack(), before);
    await ok(200, strangerPpAdmin, "DELETE", envUrl(env, "/canvasApps/sales"));
  } finally {
    for (const name of made) await ok(200, strangerPpAdmin, "DELETE", envUrl(name));
  }
  assert.deepEqual(await readBack(), before, "the stranger's namesake is gone, the customer's as it was");
  assert.equal((await call(strangerPpAdmin, "GET", envUrl(env))).status, 404);
});

// Management group ids are each tenant's own, so `pal admin role assignment create` at a group
// scope must pick the group of the assignee's tenant, not whichever tenant's namesake it finds.
test("scope isolation: the administrator's grant at a namesake group lands in the assignee's tenant", async () => {
  const first = randomUUID();
  const second = randomUUID();
  admin("tenant", "create", "--tenant-id", first, "--name", "Namesake One");
  admin("tenant", "create", "--tenant-id", second, "--name", "Namesake Two");
  const firstOwner = sp(first, "ns-owner-1");
  const secondOwner = sp(second, "ns-owner-2");
  const secondReader = sp(second, "ns-reader-2");
  for (const p of [firstOwner, secondOwner]) {
    admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", p.objectId);
  }
  const name = `ns-${randomUUID().slice(0, 8)}`;
  for (const p of [firstOwner, secondOwner]) {
    const r = await call(p, "PUT", mgUrl(name), { properties: { displayName: "Namesake" } });
    assert.equal(r.status, 200, show(r));
  }
  const granted = admin("role", "assignment", "create", "--scope", groupScope(name), "--role", "Reader",
    "--assignee", secondReader.objectId);
  assert.equal(granted.tenantId, second);
  const listed = async (p) => {
    const r = await call(p, "GET", `${groupScope(name)}/providers/Microsoft.Authorization/roleAssignments?${RA}`);
    assert.equal(r.status, 200, show(r));
    return r.body.value.map((a) => a.properties.principalId);
  };
  assert.ok((await listed(secondOwner)).includes(secondReader.objectId), "the grant is on the second tenant's group");
  assert.ok(!(await listed(firstOwner)).includes(secondReader.objectId), "nothing on the first tenant's group");
});

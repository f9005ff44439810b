// Issue 16, findings 2, 3, 4 and the Lighthouse part of 7, attempted as an attacker would, each
// asserting the refusal and that nothing stored changed (the state is read back before and after
// by the customer's Owner and the environment's admin):
// - a delegate holding User Access Administrator makes a guest (or itself) Owner, deletes the
//   customer's Owner assignment, or assigns roles its delegation does not list (Azure: User Access
//   Administrator only with delegatedRoleDefinitionIds, only to managed identities of the customer);
// - a delegate re-delegates the customer's subscription to a third tenant;
// - another customer's registration ids answer as missing ones, and a PUT of them creates the
//   caller's own registration (201, as for a fresh id), leaving the other customer's untouched;
// - a maker takes over others' Power Platform resources by importing a solution naming them.
// And the happy paths: the customer onboards a compliant User Access Administrator; the delegate
// assigns an allowed role to a customer managed identity; revocation leaves no access to the
// managing tenant.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { armCaller, assertArmError, palJson, showResponse } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const show = showResponse;
const tag = randomUUID().slice(0, 8);
const LH = "api-version=2022-10-01";
const RA = "api-version=2022-04-01";
const roles = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  UserAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  VirtualMachineContributor: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
};

// Contoso (customer), its managing partner, Fabrikam (a third tenant) and a second customer.
const customer = randomUUID();
const managing = randomUUID();
const fabrikam = randomUUID();
const otherCustomer = randomUUID();
admin("tenant", "create", "--tenant-id", customer, "--name", `Escalation Customer ${tag}`);
admin("tenant", "create", "--tenant-id", managing, "--name", `Escalation Partner ${tag}`);
admin("tenant", "create", "--tenant-id", fabrikam, "--name", `Escalation Fabrikam ${tag}`);
admin("tenant", "create", "--tenant-id", otherCustomer, "--name", `Escalation Other ${tag}`);
const sub = randomUUID();
const otherSub = randomUUID();
admin("subscription", "create", "--subscription-id", sub, "--tenant-id", customer, "--name", "Escalation Prod",
  "--offer", "EnterpriseAgreement");
admin("subscription", "create", "--subscription-id", otherSub, "--tenant-id", otherCustomer, "--name", "Other Prod");
const principal = (tenant, kind, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", kind, "--name", name);
const owner = principal(customer, "ServicePrincipal", `esc-owner-${tag}`);
const secondOwner = principal(customer, "ServicePrincipal", `esc-owner2-${tag}`);
const managedIdentity = principal(customer, "ServicePrincipal", `esc-mi-${tag}`);
const guest = principal(customer, "Guest", `ops_${tag}_partner.example#EXT#@customer.example`);
const customerUser = principal(customer, "User", `esc-user-${tag}@customer.example`);
const operator = principal(managing, "ServicePrincipal", `esc-operator-${tag}`);
const fabrikamOps = principal(fabrikam, "ServicePrincipal", `esc-fabrikam-${tag}`);
const otherOwner = principal(otherCustomer, "ServicePrincipal", `esc-other-owner-${tag}`);
for (const p of [owner, secondOwner]) {
  admin("role", "assignment", "create", "--scope", `/subscriptions/${sub}`, "--role", "Owner", "--assignee", p.objectId);
}
admin("role", "assignment", "create", "--scope", `/subscriptions/${otherSub}`, "--role", "Owner", "--assignee", otherOwner.objectId);

const { call } = armCaller(ctx.url);
const lighthouse = (kind, id = "", scope = `/subscriptions/${sub}`) =>
  `${scope}/providers/Microsoft.ManagedServices/${kind}${id ? `/${id}` : ""}?${LH}`;
const assignmentUrl = (name, scope = `/subscriptions/${sub}`) =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${RA}`;
const dpor = `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=2026-11-01`;
const roleAssignment = (role, p) => ({ properties: { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId: p.objectId } });
const definition = (tenant, authorizations) => ({
  properties: { registrationDefinitionName: `Managed ${tag}`, description: "", managedByTenantId: tenant, authorizations },
});
const authorization = (p, role, delegated) => ({
  principalId: p.objectId, principalIdDisplayName: p.name, roleDefinitionId: role,
  ...(delegated ? { delegatedRoleDefinitionIds: delegated } : {}),
});

// What is stored, as the customer's Owner reads it: role assignments, registrations, the DPOR.
async function customerState() {
  const read = async (url) => {
    const r = await call(owner, "GET", url);
    assert.ok(r.status === 200 || r.status === 404, `${url}: ${show(r)}`);
    return r.status === 200 ? r.body : r.status;
  };
  const assignments = await read(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?${RA}`);
  return {
    assignments: assignments.value.map((a) => [a.name, a.properties.principalId, a.properties.roleDefinitionId.split("/").pop(),
      a.properties.scope]).sort(),
    definitions: (await read(lighthouse("registrationDefinitions"))).value,
    registrations: (await read(lighthouse("registrationAssignments"))).value,
    dpor: await read(dpor),
  };
}

const definitionId = randomUUID();
const registrationId = randomUUID();

test("escalation: the customer's User Access Administrator authorization must list the roles it may assign", async () => {
  const before = await customerState();
  const id = randomUUID();
  for (const [what, authorizations, words] of [
    ["UAA without delegatedRoleDefinitionIds", [authorization(operator, roles.UserAccessAdministrator)], /delegatedRoleDefinitionIds/],
    ["UAA with an empty list", [authorization(operator, roles.UserAccessAdministrator, [])], /delegatedRoleDefinitionIds/],
    ["UAA delegating Owner", [authorization(operator, roles.UserAccessAdministrator, [roles.Owner])], /is restricted/],
    ["UAA delegating UAA", [authorization(operator, roles.UserAccessAdministrator, [roles.UserAccessAdministrator])], /is restricted/],
    ["delegated roles on Contributor", [authorization(operator, roles.Contributor, [roles.Reader])], /cannot have 'delegatedRoleDefinitionIds'/],
    ["Owner", [authorization(operator, roles.Owner)], /is restricted for registration definition/],
    ["a delegated id that is no GUID", [authorization(operator, roles.UserAccessAdministrator, ["reader"])], /GUID/],
  ]) {
    const message = assertArmError(await call(owner, "PUT", lighthouse("registrationDefinitions", id), definition(managing, authorizations)),
      400, "InvalidRegistrationDefinitionCreateRequest", what);
    assert.match(message, words, what);
  }
  assert.deepEqual(await customerState(), before, "no refused definition was stored");

  // The compliant one: Contributor, and User Access Administrator assigning Reader or Contributor.
  let r = await call(owner, "PUT", lighthouse("registrationDefinitions", definitionId), definition(managing, [
    authorization(operator, roles.Contributor),
    authorization(operator, roles.UserAccessAdministrator, [roles.Reader, roles.Contributor]),
  ]));
  assert.equal(r.status, 201, show(r));
  r = await call(owner, "GET", lighthouse("registrationDefinitions", definitionId));
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.properties.authorizations[0].delegatedRoleDefinitionIds, undefined);
  assert.deepEqual(r.body.properties.authorizations[1].delegatedRoleDefinitionIds, [roles.Reader, roles.Contributor]);
  r = await call(owner, "PUT", lighthouse("registrationAssignments", registrationId), {
    properties: { registrationDefinitionId: `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${definitionId}` },
  });
  assert.equal(r.status, 201, show(r));
  // The delegate works on the subscription with Contributor.
  r = await call(operator, "PUT", `/subscriptions/${sub}/resourcegroups/rg-${tag}?api-version=2021-04-01`, { location: "westeurope" });
  assert.equal(r.status, 201, show(r));
});

test("escalation (finding 2): the delegate can make nobody Owner, touch the customer's assignments, or assign unlisted roles", async () => {
  const before = await customerState();
  const ownerAssignment = before.assignments.find((a) => a[1] === secondOwner.objectId && a[2] === roles.Owner);
  assert.ok(ownerAssignment, JSON.stringify(before.assignments));
  for (const [what, role, who] of [
    ["Owner for a guest of its tenant", roles.Owner, guest],
    ["Owner for a customer managed identity", roles.Owner, managedIdentity],
    ["User Access Administrator for a managed identity", roles.UserAccessAdministrator, managedIdentity],
    ["a listed role for a guest", roles.Contributor, guest],
    ["a listed role for a customer user", roles.Reader, customerUser],
    ["a role the delegation does not list", roles.VirtualMachineContributor, managedIdentity],
  ]) {
    const message = assertArmError(await call(operator, "PUT", assignmentUrl(randomUUID()), roleAssignment(role, who)),
      403, "AuthorizationFailed", what);
    assert.ok(message.includes(operator.objectId), `${what}: names the principal: ${message}`);
    assert.ok(message.includes("Microsoft.Authorization/roleAssignments/write"), `${what}: names the action: ${message}`);
    assert.ok(message.includes(`/subscriptions/${sub}`), `${what}: names the scope: ${message}`);
  }
  // Its own principal is no principal of the customer's directory.
  assertArmError(await call(operator, "PUT", assignmentUrl(randomUUID()), roleAssignment(roles.Reader, operator)),
    400, "PrincipalNotFound", "a role for the delegate itself");
  // The customer's Owner assignment: neither deleted nor rewritten.
  assertArmError(await call(operator, "DELETE", assignmentUrl(ownerAssignment[0])), 403, "AuthorizationFailed",
    "delete the customer's Owner assignment");
  assertArmError(await call(operator, "PUT", assignmentUrl(ownerAssignment[0]),
    { properties: { ...roleAssignment(roles.Owner, secondOwner).properties, description: "mine now" } }),
  403, "AuthorizationFailed", "rewrite the customer's Owner assignment");
  // The guest holds nothing, so it cannot set the partner of record.
  assertArmError(await call(guest, "PUT", dpor, { properties: { partnerId: "719878" } }), 403, "AuthorizationFailed",
    "the guest sets the DPOR");
  assert.deepEqual(await customerState(), before, "nothing stored changed");
});

let miAssignment;
test("escalation: the delegate assigns a listed role to a customer managed identity, and removes only its own", async () => {
  miAssignment = randomUUID();
  let r = await call(operator, "PUT", assignmentUrl(miAssignment), roleAssignment(roles.Contributor, managedIdentity));
  assert.equal(r.status, 201, show(r));
  assert.equal(r.body.properties.principalType, "ServicePrincipal");
  // The customer sees it among its assignments; the managed identity works with it.
  const state = await customerState();
  assert.ok(state.assignments.some((a) => a[0] === miAssignment && a[1] === managedIdentity.objectId && a[2] === roles.Contributor));
  r = await call(managedIdentity, "PUT", `/subscriptions/${sub}/resourcegroups/rg-mi-${tag}?api-version=2021-04-01`, { location: "westeurope" });
  assert.equal(r.status, 201, show(r));
  // A second one, removed again by the delegate.
  const second = randomUUID();
  r = await call(operator, "PUT", assignmentUrl(second, `/subscriptions/${sub}/resourceGroups/rg-${tag}`),
    { properties: { roleDefinitionId: roles.Reader, principalId: managedIdentity.objectId } });
  assert.equal(r.status, 201, show(r));
  r = await call(operator, "DELETE", assignmentUrl(second, `/subscriptions/${sub}/resourceGroups/rg-${tag}`));
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(await customerState(), state);
});

test("escalation (finding 3): the delegate cannot re-delegate the subscription to a third tenant", async () => {
  const before = await customerState();
  const id = randomUUID();
  const attempts = [
    ["PUT", lighthouse("registrationDefinitions", id), definition(fabrikam, [authorization(fabrikamOps, roles.Contributor)])],
    ["PUT", lighthouse("registrationDefinitions", id), definition(managing, [authorization(operator, roles.Reader)])],
    ["PUT", lighthouse("registrationAssignments", randomUUID()), {
      properties: { registrationDefinitionId: `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${definitionId}` },
    }],
    ["DELETE", lighthouse("registrationAssignments", registrationId)],
    ["DELETE", lighthouse("registrationDefinitions", definitionId)],
  ];
  for (const [method, url, body] of attempts) {
    assertArmError(await call(operator, method, url, body), 403, "AuthorizationFailed", `${method} ${url}`);
  }
  assert.deepEqual(await customerState(), before, "no registration was written or deleted");
  // Fabrikam sees nothing of the subscription.
  assertArmError(await call(fabrikamOps, "GET", `/subscriptions/${sub}?api-version=2022-12-01`), 404, "SubscriptionNotFound", "Fabrikam");
  const listed = await call(fabrikamOps, "GET", "/subscriptions?api-version=2022-12-01");
  assert.equal(listed.status, 200, show(listed));
  assert.ok(!listed.body.value.some((s) => s.subscriptionId === sub));
});

test("escalation (finding 7): another customer's registration ids answer as missing ones", async () => {
  // The other customer onboards the same partner with ids of its own.
  const theirDefinition = randomUUID();
  const theirRegistration = randomUUID();
  let r = await call(otherOwner, "PUT", lighthouse("registrationDefinitions", theirDefinition, `/subscriptions/${otherSub}`),
    definition(managing, [authorization(operator, roles.Reader)]));
  assert.equal(r.status, 201, show(r));
  r = await call(otherOwner, "PUT", lighthouse("registrationAssignments", theirRegistration, `/subscriptions/${otherSub}`), {
    properties: { registrationDefinitionId: theirDefinition },
  });
  assert.equal(r.status, 201, show(r));
  const before = await customerState();
  const same = async (method, kind, theirs, body) => {
    const missing = randomUUID();
    const a = await call(owner, method, lighthouse(kind, theirs), body);
    const b = await call(owner, method, lighthouse(kind, missing), body);
    assert.equal(a.status, b.status, `${method} ${kind}: ${show(a)} vs ${show(b)}`);
    assert.equal(JSON.stringify(a.body ?? null).replaceAll(theirs, "ID"), JSON.stringify(b.body ?? null).replaceAll(missing, "ID"),
      `${method} ${kind}`);
    return a;
  };
  assert.equal((await same("GET", "registrationDefinitions", theirDefinition)).status, 404);
  assert.equal((await same("GET", "registrationAssignments", theirRegistration)).status, 404);
  await same("DELETE", "registrationDefinitions", theirDefinition);
  await same("DELETE", "registrationAssignments", theirRegistration);
  // An assignment naming their definition: as one naming a missing definition.
  const viaTheirs = await call(owner, "PUT", lighthouse("registrationAssignments", randomUUID()), { properties: { registrationDefinitionId: theirDefinition } });
  const missingDefinition = randomUUID();
  const viaMissing = await call(owner, "PUT", lighthouse("registrationAssignments", randomUUID()), { properties: { registrationDefinitionId: missingDefinition } });
  assertArmError(viaTheirs, 404, "RegistrationDefinitionNotFound", "assignment of another customer's definition");
  assert.equal(viaTheirs.body.error.message.replace(theirDefinition, "ID"), viaMissing.body.error.message.replace(missingDefinition, "ID"));
  assert.deepEqual(await customerState(), before);
  // Theirs are intact.
  r = await call(otherOwner, "GET", lighthouse("registrationAssignments", theirRegistration, `/subscriptions/${otherSub}`));
  assert.equal(r.status, 200, show(r));
});

test("escalation (finding 7): a PUT of the customer's existing registration ids by another customer answers as for fresh ids", async () => {
  // The other customer's Owner knows (or guesses) Contoso's definition and assignment ids.
  const before = await customerState();
  const readContoso = async () => {
    const d = await call(owner, "GET", lighthouse("registrationDefinitions", definitionId));
    const a = await call(owner, "GET", `${lighthouse("registrationAssignments", registrationId)}&$expandRegistrationDefinition=true`);
    assert.equal(d.status, 200, show(d));
    assert.equal(a.status, 200, show(a));
    return { definition: d.body, assignment: a.body };
  };
  const contoso = await readContoso();
  const at = `/subscriptions/${otherSub}`;
  const offer = definition(managing, [authorization(operator, roles.Reader)]);
  const freshDefinition = randomUUID();
  const freshAssignment = randomUUID();
  const shape = (r, ...ids) => {
    let text = JSON.stringify(r.body ?? null);
    for (const id of ids) text = text.split(id).join("{id}");
    return { status: r.status, body: JSON.parse(text) };
  };

  // The definition: 201 created in the caller's tenant, exactly as a fresh GUID is.
  const taken = await call(otherOwner, "PUT", lighthouse("registrationDefinitions", definitionId, at), offer);
  const fresh = await call(otherOwner, "PUT", lighthouse("registrationDefinitions", freshDefinition, at), offer);
  assert.equal(taken.status, 201, show(taken));
  assert.deepEqual(shape(taken, definitionId), shape(fresh, freshDefinition), "definition PUT: Contoso's id vs a fresh one");
  assert.equal(taken.body.properties.manageeTenantId, otherCustomer);
  // The assignment: the same, each naming the caller's own definition of that id.
  const assigned = await call(otherOwner, "PUT", lighthouse("registrationAssignments", registrationId, at),
    { properties: { registrationDefinitionId: definitionId } });
  const assignedFresh = await call(otherOwner, "PUT", lighthouse("registrationAssignments", freshAssignment, at),
    { properties: { registrationDefinitionId: freshDefinition } });
  assert.equal(assigned.status, 201, show(assigned));
  assert.deepEqual(shape(assigned, registrationId, definitionId), shape(assignedFresh, freshAssignment, freshDefinition),
    "assignment PUT: Contoso's id vs a fresh one");
  // Again: 200, the caller's own (not Contoso's, which differs).
  let r = await call(otherOwner, "PUT", lighthouse("registrationDefinitions", definitionId, at), offer);
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(r.body.properties.authorizations.map((x) => x.roleDefinitionId), [roles.Reader]);

  // Contoso's are unchanged, read back as Contoso; its delegate still works with Contributor.
  assert.deepEqual(await readContoso(), contoso);
  assert.deepEqual(await customerState(), before);
  r = await call(operator, "PUT", `/subscriptions/${sub}/resourcegroups/rg-after-${tag}?api-version=2021-04-01`, { location: "westeurope" });
  assert.equal(r.status, 201, show(r));
  // The other customer removes its namesakes; Contoso's stay.
  r = await call(otherOwner, "DELETE", lighthouse("registrationAssignments", registrationId, at));
  assert.equal(r.status, 200, show(r));
  r = await call(otherOwner, "DELETE", lighthouse("registrationDefinitions", definitionId, at));
  assert.equal(r.status, 200, show(r));
  for (const [kind, id] of [["registrationAssignments", freshAssignment], ["registrationDefinitions", freshDefinition]]) {
    r = await call(otherOwner, "DELETE", lighthouse(kind, id, at));
    assert.equal(r.status, 200, show(r));
  }
  assert.deepEqual(await readContoso(), contoso);
  r = await call(operator, "DELETE", `/subscriptions/${sub}/resourcegroups/rg-after-${tag}?api-version=2021-04-01`);
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(await customerState(), before);
});

test("escalation: revocation leaves the managing tenant nothing; the managed identity's assignment stays the customer's", async () => {
  let r = await call(owner, "DELETE", lighthouse("registrationAssignments", registrationId));
  assert.equal(r.status, 200, show(r));
  const after = await customerState();
  assert.deepEqual(after.registrations, []);
  // As Azure: what the delegate assigned to the customer's managed identity stays, the customer's.
  assert.ok(after.assignments.some((a) => a[0] === miAssignment), JSON.stringify(after.assignments));
  // No principal of the managing tenant (nor the guest) holds anything in the customer's tenant.
  for (const p of [operator, guest]) {
    assert.ok(!after.assignments.some((a) => a[1] === p.objectId), `${p.name} holds nothing`);
  }
  const gone = await call(operator, "GET", `/subscriptions/${sub}/resourcegroups/rg-${tag}?api-version=2021-04-01`);
  assert.ok(gone.status === 403 || gone.status === 404, `the delegate after revocation: ${show(gone)}`);
  r = await call(operator, "GET", "/subscriptions?api-version=2022-12-01");
  assert.ok(!r.body.value.some((s) => s.subscriptionId === sub), "no longer listed to the delegate");
  const refused = await call(operator, "DELETE", assignmentUrl(miAssignment));
  assert.ok(refused.status === 403 || refused.status === 404, show(refused));
  assert.deepEqual(await customerState(), after, "the former delegate changed nothing");
});

// --- Finding 4: Power Platform solution takeover.
const PP = "api-version=2026-12-01";
const env = `takeover-${tag}`;
const envUrl = (rest = "") => `/providers/Pal.PowerPlatform/environments/${env}${rest}?${PP}`;
const resUrl = (collection, name, rest = "") => envUrl(`/${collection}/${name}${rest}`);
const ppAdmin = principal(customer, "User", `esc-ppadmin-${tag}@customer.example`);
const victim = principal(customer, "User", `esc-victim-${tag}@customer.example`);
const attacker = principal(customer, "User", `esc-attacker-${tag}@customer.example`);
admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", ppAdmin.objectId);

async function ppState() {
  const r = await call(ppAdmin, "GET", envUrl("/resources"));
  assert.equal(r.status, 200, show(r));
  const resources = [...r.body.value].sort((a, b) => a.id.localeCompare(b.id));
  const histories = [];
  for (const res of resources) {
    const h = await call(ppAdmin, "GET", `${res.id}/ownershipHistory?${PP}`);
    assert.equal(h.status, 200, show(h));
    histories.push(h.body);
  }
  return { resources, histories };
}

test("escalation (finding 4): a maker cannot take others' resources over by importing a solution naming them", async () => {
  let r = await call(ppAdmin, "PUT", envUrl(), { properties: { displayName: "Takeover", environmentType: "Production", paid: true } });
  assert.equal(r.status, 201, show(r));
  for (const p of [victim, attacker]) {
    r = await call(ppAdmin, "PUT", envUrl(`/members/${p.objectId}`), { properties: { role: "EnvironmentMaker" } });
    assert.equal(r.status, 200, show(r));
  }
  for (const [collection, name] of [["canvasApps", "victim-app"], ["flows", "victim-flow"]]) {
    r = await call(victim, "PUT", resUrl(collection, name), { properties: { displayName: name } });
    assert.equal(r.status, 201, show(r));
  }
  r = await call(attacker, "PUT", resUrl("canvasApps", "attacker-app"), { properties: { displayName: "Mine" } });
  assert.equal(r.status, 201, show(r));
  const before = await ppState();

  // Export reads what any maker of the environment may list: allowed, changes nothing.
  r = await call(attacker, "POST", envUrl("/exportSolution"),
    { solutionName: "Takeover", version: "1.0.0.0", managed: false, components: ["canvasApps/victim-app", "flows/victim-flow", "canvasApps/attacker-app"] });
  assert.equal(r.status, 200, show(r));
  const solution = r.body;
  // Importing it back would make the attacker the owner of the victim's app and flow: refused whole.
  const message = assertArmError(await call(attacker, "POST", envUrl("/importSolution"), solution), 403, "AuthorizationFailed",
    "import over the victim's components");
  assert.ok(message.includes(attacker.objectId), message);
  assert.match(message, /setOwner/);
  // Named alone, or with a new component, the same.
  assertArmError(await call(attacker, "POST", envUrl("/importSolution"),
    { ...solution, components: [{ product: "Flow", name: "victim-flow", displayName: "x" }, { product: "CanvasApp", name: "brand-new", displayName: "New" }] }),
  403, "AuthorizationFailed", "import naming the victim's flow and a new app");
  // And the takeover's goal, deleting the victim's app, stays refused.
  assertArmError(await call(attacker, "DELETE", resUrl("canvasApps", "victim-app")), 403, "AuthorizationFailed", "delete the victim's app");
  assert.deepEqual(await ppState(), before, "nothing imported, no owner changed, brand-new not created");

  // The owner imports its own components; the environment's admin may import over anyone's.
  r = await call(attacker, "POST", envUrl("/importSolution"), { ...solution, components: solution.components.filter((c) => c.name === "attacker-app") });
  assert.equal(r.status, 200, show(r));
  r = await call(victim, "POST", envUrl("/importSolution"), { ...solution, components: solution.components.filter((c) => c.name.startsWith("victim")) });
  assert.equal(r.status, 200, show(r));
  assert.ok(r.body.components.every((c) => c.properties.owner === victim.objectId), show(r));
  r = await call(ppAdmin, "POST", envUrl("/importSolution"), solution);
  assert.equal(r.status, 200, show(r));
  assert.ok(r.body.components.every((c) => c.properties.owner === ppAdmin.objectId), show(r));
});

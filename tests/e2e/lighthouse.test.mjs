// Azure Lighthouse (Microsoft.ManagedServices 2022-10-01) over raw HTTPS — no JS SDK exists for
// it: the customer's Owner onboards a service principal of the partner's (managing) tenant as
// Contributor on a subscription; the delegated principal then works there with its own
// tenant's token and sees the subscription in its list; Owner is refused as an authorization;
// a non-Owner of the customer cannot onboard; deleting the assignment revokes the access.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { schemaErrors } from "./contract.mjs";
import { clientCredentialsToken, pal, palJson, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const version = "api-version=2022-10-01";
const roles = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};

const customer = randomUUID();
const partnerTenant = randomUUID();
const sub = randomUUID();
admin("tenant", "create", "--tenant-id", customer, "--name", "Lighthouse Customer");
admin("tenant", "create", "--tenant-id", partnerTenant, "--name", "Managing Partner");
admin("subscription", "create", "--subscription-id", sub, "--tenant-id", customer, "--name", "Managed Prod");
const sp = (tenant, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", name);
const owner = sp(customer, "lh-customer-owner");
const contributor = sp(customer, "lh-customer-contributor");
const operator = sp(partnerTenant, "lh-partner-operator");
const outsider = sp(partnerTenant, "lh-partner-outsider");
admin("role", "assignment", "create", "--scope", `/subscriptions/${sub}`, "--role", "Owner", "--assignee", owner.objectId);
admin("role", "assignment", "create", "--scope", `/subscriptions/${sub}`, "--role", "Contributor", "--assignee", contributor.objectId);

const tokens = new Map();
async function call(principal, method, path, body) {
  if (!tokens.has(principal.objectId)) {
    const t = await clientCredentialsToken(ctx.url, principal.tenantId, principal.appId, principal.secret);
    assert.equal(t.status, 200);
    tokens.set(principal.objectId, t.body.access_token);
  }
  const r = await fetch(`${ctx.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.get(principal.objectId)}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

const definitionId = randomUUID();
const assignmentId = randomUUID();
const definitionPath = `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${definitionId}?${version}`;
const assignmentPath = `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationAssignments/${assignmentId}?${version}`;
const offer = (role, principal = operator) => ({
  properties: {
    registrationDefinitionName: "Managed by the partner",
    description: "PAL-recognised management",
    managedByTenantId: partnerTenant,
    authorizations: [{ principalId: principal.objectId, principalIdDisplayName: "Partner ops", roleDefinitionId: role }],
  },
});
const rgPath = (name) => `/subscriptions/${sub}/resourcegroups/${name}?api-version=2021-04-01`;

test("lighthouse: Owner is refused as an authorization, principals must be of the managing tenant", async () => {
  let r = await call(owner, "PUT", definitionPath, offer(roles.Owner));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, "InvalidRegistrationDefinitionCreateRequest");
  assert.match(r.body.error.message, /is restricted for registration definition/);
  assert.deepEqual(schemaErrors("ct:ErrorResponse", r.body), []);
  r = await call(owner, "PUT", definitionPath, offer(roles.Contributor, contributor));
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /does not exist in the managing tenant/);
  // A Contributor of the customer may not onboard anyone: nothing is created.
  r = await call(contributor, "PUT", definitionPath, offer(roles.Contributor));
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, "AuthorizationFailed");
  r = await call(owner, "GET", definitionPath);
  assert.equal(r.status, 404);
});

test("lighthouse: onboarding delegates Contributor; the partner's principal works on the customer's subscription", async () => {
  // Before: the subscription does not exist for the partner's tenant.
  let r = await call(operator, "GET", `/subscriptions/${sub}?api-version=2022-12-01`);
  assert.equal(r.status, 404);

  r = await call(owner, "PUT", definitionPath, offer(roles.Contributor));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.properties.managedByTenantId, partnerTenant);
  assert.equal(r.body.properties.manageeTenantId, customer);
  r = await call(owner, "PUT", assignmentPath, {
    properties: { registrationDefinitionId: `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationDefinitions/${definitionId}` },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await call(owner, "GET", `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationAssignments?${version}&$expandRegistrationDefinition=true`);
  assert.equal(r.status, 200);
  assert.equal(r.body.value.length, 1);
  assert.equal(r.body.value[0].properties.registrationDefinition.properties.authorizations[0].principalId, operator.objectId);
  const filtered = (tenant) => call(owner, "GET", `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationDefinitions?${version}&$filter=${encodeURIComponent(`managedByTenantId eq '${tenant}'`)}`);
  assert.equal((await filtered(partnerTenant)).body.value.length, 1);
  assert.equal((await filtered(customer)).body.value.length, 0);
  r = await call(owner, "GET", `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationAssignments?${version}&$filter=name+eq+'x'`);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, "InvalidFilter");
  // The customer sees who manages its subscription.
  r = await call(owner, "GET", `/subscriptions/${sub}?api-version=2022-12-01`);
  assert.deepEqual(r.body.managedByTenants, [{ tenantId: partnerTenant }]);

  // The delegated principal, with its own tenant's token, sees and works on the subscription.
  r = await call(operator, "GET", `/subscriptions?api-version=2022-12-01`);
  const listed = r.body.value.find((s) => s.subscriptionId === sub);
  assert.ok(listed, JSON.stringify(r.body));
  assert.equal(listed.tenantId, customer);
  assert.deepEqual(listed.managedByTenants, [{ tenantId: partnerTenant }]);
  r = await call(operator, "PUT", rgPath("rg-managed"), { location: "westeurope" });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await call(operator, "GET", `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`);
  assert.equal(r.status, 200);
  // Lighthouse grants are not role assignments of either tenant.
  assert.ok(!r.body.value.some((a) => a.properties.principalId === operator.objectId));
  // Contributor cannot grant roles, and another principal of the partner has no access.
  r = await call(operator, "PUT", `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
    { properties: { roleDefinitionId: roles.Reader, principalId: contributor.objectId } });
  assert.equal(r.status, 403);
  r = await call(outsider, "GET", rgPath("rg-managed"));
  assert.equal(r.status, 404, "not delegated: as absent as a random subscription");
  assert.equal(r.body.error.code, "SubscriptionNotFound");
  // The partner links 719878 in its own tenant; its audit shows the customer reached through
  // Lighthouse, complete.
  r = await call(operator, "PUT", "/providers/Microsoft.ManagementPartner/partners/719878?api-version=2018-02-01");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const dir = tempDir("pal-lighthouse-audit-");
  writeFileSync(path.join(dir, "accounts.json"), JSON.stringify([operator]));
  const audit = pal(["audit", "--partner-id", "719878", "--accounts", path.join(dir, "accounts.json"),
    "--server", ctx.url, "--ca-cert", ctx.certFile], { env: { PAL_CONFIG_DIR: dir } });
  assert.equal(audit.status, 0, audit.stderr);
  const report = JSON.parse(audit.stdout);
  assert.deepEqual(report.tenants.map((t) => t.tenantId), [customer]);
  const seen = report.tenants[0].subscriptions[0];
  assert.equal(seen.subscriptionId, sub);
  assert.equal(seen.complete, true, JSON.stringify(seen));
  assert.deepEqual(seen.accounts[0].roles.map((x) => [x.roleDefinitionName, x.scope]),
    [["Contributor (Lighthouse)", `/subscriptions/${sub}`]]);

  // The definition cannot go while an assignment uses it.
  r = await call(owner, "DELETE", definitionPath);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, "RegistrationDefinitionInUse");
});

test("lighthouse: deleting the assignment revokes the delegated access", async () => {
  let r = await call(owner, "DELETE", assignmentPath);
  assert.equal(r.status, 200);
  r = await call(owner, "DELETE", assignmentPath);
  assert.equal(r.status, 204);
  r = await call(operator, "GET", rgPath("rg-managed"));
  assert.equal(r.status, 404, "revoked: the subscription is gone for the operator");
  assert.equal(r.body.error.code, "SubscriptionNotFound");
  r = await call(operator, "GET", `/subscriptions?api-version=2022-12-01`);
  assert.ok(!r.body.value.some((s) => s.subscriptionId === sub));
  r = await call(owner, "DELETE", definitionPath);
  assert.equal(r.status, 200);
  r = await call(owner, "GET", `/subscriptions/${sub}/providers/Microsoft.ManagedServices/registrationDefinitions?${version}`);
  assert.deepEqual(r.body.value, []);
});

test("pal managedservices: the same onboarding from the CLI", async () => {
  const env = { PAL_CONFIG_DIR: tempDir("pal-lighthouse-cli-") };
  const run = (...args) => pal(args, { env });
  const json = (r) => { assert.equal(r.status, 0, r.stderr); return JSON.parse(r.stdout); };
  json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", customer,
    "--service-principal", "-u", owner.appId, "-p", owner.secret));
  const refused = run("managedservices", "definition", "create", "--subscription", sub, "--name", "x",
    "--tenant-id", partnerTenant, "--principal-id", operator.objectId, "--role", "Owner");
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^\(InvalidRegistrationDefinitionCreateRequest\) The role definition '8e3af657/);
  const definition = json(run("managedservices", "definition", "create", "--subscription", sub,
    "--name", "CLI offer", "--tenant-id", partnerTenant, "--principal-id", operator.objectId, "--role", "Reader"));
  assert.equal(definition.registrationDefinitionName, "CLI offer");
  const assignment = json(run("managedservices", "assignment", "create", "--subscription", sub,
    "--definition", definition.name));
  assert.equal(assignment.provisioningState, "Succeeded");
  assert.deepEqual(json(run("managedservices", "assignment", "list", "--subscription", sub)).map((a) => a.name),
    [assignment.name]);
  let r = await call(operator, "GET", `/subscriptions/${sub}?api-version=2022-12-01`);
  assert.equal(r.status, 200);
  r = await call(operator, "PUT", rgPath("rg-reader-may-not"), { location: "westeurope" });
  assert.equal(r.status, 403, "Reader was delegated, not Contributor");
  assert.equal(run("managedservices", "assignment", "delete", "--subscription", sub, "--id", assignment.name).status, 0);
  assert.equal(run("managedservices", "definition", "delete", "--subscription", sub, "--id", definition.name).status, 0);
  const gone = run("managedservices", "definition", "show", "--subscription", sub, "--id", definition.name);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /^\(RegistrationDefinitionNotFound\) /);
});

test("pal managedservices: --delegated-role gives a User Access Administrator authorization the roles it may assign", async () => {
  const env = { PAL_CONFIG_DIR: tempDir("pal-lighthouse-cli-uaa-") };
  const run = (...args) => pal(args, { env });
  const json = (r) => { assert.equal(r.status, 0, r.stderr); return JSON.parse(r.stdout); };
  json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", customer,
    "--service-principal", "-u", owner.appId, "-p", owner.secret));
  const create = (...more) => run("managedservices", "definition", "create", "--subscription", sub, "--name", "UAA offer",
    "--tenant-id", partnerTenant, "--principal-id", operator.objectId, "--role", "User Access Administrator", ...more);
  // Without the roles it may assign, Lighthouse refuses User Access Administrator.
  const bare = create();
  assert.equal(bare.status, 1);
  assert.match(bare.stderr, /^\(InvalidRegistrationDefinitionCreateRequest\) .*delegatedRoleDefinitionIds/);
  // An unknown role name is the CLI's own error; nothing is sent.
  const unknown = create("--delegated-role", "Nobody");
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^\(RoleNotFound\) Role 'Nobody' doesn't exist/);
  // Names or ids, repeated (also under the long name); the server still checks what they are.
  const restricted = create("--delegated-role", "Owner");
  assert.equal(restricted.status, 1);
  assert.match(restricted.stderr, /^\(InvalidRegistrationDefinitionCreateRequest\) .*is restricted/);
  const definition = json(create("--delegated-role", "Reader", "--delegated-role-definition-ids", roles.Contributor));
  assert.deepEqual(definition.authorizations.map((a) => [a.roleDefinitionId, a.delegatedRoleDefinitionIds]),
    [["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", [roles.Reader, roles.Contributor]]]);
  const shown = json(run("managedservices", "definition", "show", "--subscription", sub, "--id", definition.name));
  assert.deepEqual(shown.authorizations[0].delegatedRoleDefinitionIds, [roles.Reader, roles.Contributor]);
  assert.equal(run("managedservices", "definition", "delete", "--subscription", sub, "--id", definition.name).status, 0);
});

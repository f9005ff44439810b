// The onboarding flow of a customer, as the issue describes it, with the real SDKs:
// the customer's admin creates a service principal for the partner, grants it Reader on each
// production subscription (Access control (IAM) > Add role assignment), the service principal
// signs in and links partner ID 719878 — and `pal audit` shows the customer complete. Removing
// the role makes the audit show it incomplete. Every response is checked against the specs.
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ACEProvisioningManagementPartnerAPI } from "@azure/arm-managementpartner";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { ClientSecretCredential, UsernamePasswordCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { schemaErrors } from "./contract.mjs";
import { pal, palJson, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const readerRole = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const options = { endpoint: ctx.url, retryOptions: { maxRetries: 0 } };
const authority = { authorityHost: ctx.url, disableInstanceDiscovery: true };

// The customer: a tenant with two production subscriptions and a disabled one, and its admin
// (a user who is Owner at the tenant root group).
const customer = randomUUID();
const prod1 = randomUUID();
const prod2 = randomUUID();
const old = randomUUID();
admin("tenant", "create", "--tenant-id", customer, "--name", "Onboarding Customer");
admin("subscription", "create", "--subscription-id", prod1, "--tenant-id", customer, "--name", "Prod EU");
admin("subscription", "create", "--subscription-id", prod2, "--tenant-id", customer, "--name", "Prod US",
  "--offer", "EnterpriseAgreement");
admin("subscription", "create", "--subscription-id", old, "--tenant-id", customer, "--name", "Old");
const customerAdmin = admin("principal", "create", "--tenant-id", customer, "--kind", "User",
  "--name", "admin@customer.example");
admin("role", "assignment", "create", "--scope", `/providers/Microsoft.Management/managementGroups/${customer}`,
  "--role", "Owner", "--assignee", customerAdmin.objectId);

const workDir = tempDir("pal-onboarding-");
function audit(accounts, ...extra) {
  const file = path.join(workDir, `accounts-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(accounts));
  return pal(["audit", "--partner-id", "719878", "--accounts", file, "--server", ctx.url,
    "--ca-cert", ctx.certFile, ...extra], { env: { PAL_CONFIG_DIR: workDir } });
}
const auditJson = (accounts) => {
  const r = audit(accounts);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

let partnerSp;
const assignments = {};

test("onboarding: admin creates the partner's service principal and grants Reader on production", async () => {
  // Entra step (pal has no Graph API): the customer's admin creates the service principal.
  partnerSp = admin("principal", "create", "--tenant-id", customer, "--kind", "ServicePrincipal",
    "--name", "partner-719878-automation");
  assert.ok(partnerSp.secretExpiresOn, "service principal secrets expire");

  // Access control (IAM) > Add role assignment, signed in as the admin user.
  const adminCredential = new UsernamePasswordCredential(customer, "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    "admin@customer.example", customerAdmin.secret, authority);
  const authz = new AuthorizationManagementClient(adminCredential, prod1, options);
  for (const sub of [prod1, prod2]) {
    let raw;
    const name = randomUUID();
    const created = await authz.roleAssignments.create(`/subscriptions/${sub}`, name, {
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${readerRole}`,
      principalId: partnerSp.objectId,
      principalType: "ServicePrincipal",
    }, { onResponse: (r) => (raw = r) });
    assert.equal(raw.status, 201);
    assert.deepEqual(schemaErrors("ra:RoleAssignment", JSON.parse(raw.bodyAsText)), []);
    assert.equal(created.createdBy, customerAdmin.objectId);
    assignments[sub] = name;
  }

  // Before the link, the audit says what is missing.
  const before = auditJson([{ ...partnerSp }]);
  assert.equal(before.complete, false);
  const missing = before.tenants[0].subscriptions.flatMap((s) => s.accounts.flatMap((a) => a.missing));
  assert.ok(missing.includes("not linked to partner ID 719878"), JSON.stringify(before));
});

test("onboarding: the service principal signs in, sees its subscriptions and links 719878", async () => {
  const credential = new ClientSecretCredential(customer, partnerSp.appId, partnerSp.secret, authority);
  const subscriptions = new SubscriptionClient(credential, options);
  const raws = [];
  const seen = [];
  for await (const s of subscriptions.subscriptions.list({ onResponse: (r) => raws.push(r) })) seen.push(s);
  assert.deepEqual(seen.map((s) => s.displayName).sort(), ["Prod EU", "Prod US"]);
  const prodUs = seen.find((s) => s.subscriptionId === prod2);
  assert.equal(prodUs.tenantId, customer);
  assert.equal(prodUs.state, "Enabled");
  assert.equal(prodUs.subscriptionPolicies.quotaId, "EnterpriseAgreement_2014-09-01");
  const got = await subscriptions.subscriptions.get(prod1);
  assert.equal(got.displayName, "Prod EU");
  await assert.rejects(subscriptions.subscriptions.get(old),
    (e) => e.statusCode === 404 && e.code === "SubscriptionNotFound");
  const tenants = [];
  for await (const t of subscriptions.tenants.list()) tenants.push(t);
  assert.deepEqual(tenants.map((t) => t.tenantId), [customer]);
  assert.equal(raws[0].status, 200);

  const mp = new ACEProvisioningManagementPartnerAPI(credential, options);
  const linked = await mp.partner.create("719878");
  assert.equal(linked.partnerId, "719878");
  assert.equal(linked.objectId, partnerSp.objectId);
});

test("onboarding: the audit shows the customer complete, as JSON and as a table", () => {
  const accounts = [{ ...partnerSp, productionSubscriptions: [prod1, prod2] }];
  const report = auditJson(accounts);
  assert.equal(report.partnerId, "719878");
  assert.equal(report.complete, true, JSON.stringify(report, null, 1));
  assert.equal(report.tenants.length, 1);
  assert.equal(report.tenants[0].tenantId, customer);
  assert.deepEqual(report.tenants[0].subscriptions.map((s) => s.displayName).sort(), ["Prod EU", "Prod US"]);
  for (const s of report.tenants[0].subscriptions) {
    assert.equal(s.complete, true);
    const [account] = s.accounts;
    assert.equal(account.appId, partnerSp.appId);
    assert.equal(account.objectId, partnerSp.objectId);
    assert.equal(account.linked, true);
    assert.deepEqual(account.roles.map((r) => [r.roleDefinitionName, r.scope]), [["Reader", `/subscriptions/${s.subscriptionId}`]]);
    assert.deepEqual(account.missing, []);
  }
  const table = audit(accounts, "-o", "table");
  assert.equal(table.status, 0, table.stderr);
  const lines = table.stdout.trimEnd().split("\n");
  // pal's tables order their columns by name.
  assert.match(lines[0], /^Account\s+Linked\s+Missing\s+Roles\s+Status\s+Subscription\s+Tenant$/);
  assert.equal(lines.length, 4);
  assert.ok(lines.slice(2).every((l) => /complete/.test(l) && !/INCOMPLETE/.test(l)), table.stdout);
});

test("onboarding: removing the role makes the audit show the customer incomplete", async () => {
  const adminCredential = new UsernamePasswordCredential(customer, "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    "admin@customer.example", customerAdmin.secret, authority);
  const authz = new AuthorizationManagementClient(adminCredential, prod2, options);
  await authz.roleAssignments.delete(`/subscriptions/${prod2}`, assignments[prod2]);

  const report = auditJson([{ ...partnerSp, productionSubscriptions: [prod1, prod2] }]);
  assert.equal(report.complete, false);
  const us = report.tenants[0].subscriptions.find((s) => s.subscriptionId === prod2);
  assert.equal(us.complete, false);
  assert.deepEqual(us.accounts[0].missing, ["no Reader-or-better role on this production subscription"]);
  const eu = report.tenants[0].subscriptions.find((s) => s.subscriptionId === prod1);
  assert.equal(eu.complete, true);

  // Without the list of production subscriptions, losing every role still shows.
  await authz.roleAssignments.delete(`/subscriptions/${prod1}`, assignments[prod1]);
  const none = auditJson([{ ...partnerSp }]);
  assert.equal(none.complete, false);
  assert.deepEqual(none.tenants[0].subscriptions[0].accounts[0].missing,
    ["no role on any production subscription of the tenant"]);
  const table = audit([{ ...partnerSp }], "-o", "table");
  assert.match(table.stdout, /INCOMPLETE/);
});

test("audit: accounts of several customers, a wrong link, a bad secret and bad input", () => {
  const other = randomUUID();
  const otherSub = randomUUID();
  admin("tenant", "create", "--tenant-id", other, "--name", "Second Customer");
  admin("subscription", "create", "--subscription-id", otherSub, "--tenant-id", other, "--name", "Main");
  const sp = admin("principal", "create", "--tenant-id", other, "--kind", "ServicePrincipal", "--name", "p2",
    "--secret-expires-in-days", "10");
  admin("role", "assignment", "create", "--scope", `/subscriptions/${otherSub}`, "--role", "Contributor",
    "--assignee", sp.objectId);
  const report = auditJson([{ ...sp }, { ...partnerSp, secret: "wrong" }]);
  assert.equal(report.complete, false);
  assert.deepEqual(report.tenants.map((t) => t.tenantId).sort(), [customer, other].sort());
  const second = report.tenants.find((t) => t.tenantId === other).subscriptions[0].accounts[0];
  assert.deepEqual(second.roles.map((r) => r.roleDefinitionName), ["Contributor"]);
  assert.equal(second.missing[0], "not linked to partner ID 719878");
  assert.match(second.missing[1], /^credentials expire on \d{4}-\d\d-\d\d \(within 30 days\)$/);
  const first = report.tenants.find((t) => t.tenantId === customer).subscriptions[0].accounts[0];
  assert.match(first.missing[0], /^cannot sign in: \(invalid_client\) AADSTS7000215/);

  for (const [accounts, pattern] of [
    [{ nope: 1 }, /^\(InvalidAccountsFile\) .*account 1: 'tenantId' must be a GUID$/],
    ["not json", /^\(InvalidAccountsFile\) .*expected a JSON array of accounts\.$/],
  ]) {
    const r = audit(accounts);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr.trimEnd(), pattern);
  }
  const badPartner = pal(["audit", "--partner-id", "abc", "--accounts", "x.json"]);
  assert.notEqual(badPartner.status, 0);
  assert.equal(badPartner.stderr.trimEnd().split("\n").length, 1);
});

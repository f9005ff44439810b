// Digital Partner of Record through pal's ARM-style API and `pal dpor`: the customer's Owner
// validates, sets, changes and removes it; Contributor, Reader, a Lighthouse principal and the
// partner itself are refused with no change; a non-EA subscription is refused; every step is
// in the history.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { clientCredentialsToken, pal, palJson, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const customer = randomUUID();
const partnerTenant = randomUUID();
const ea = randomUUID();
const plan = randomUUID();
admin("tenant", "create", "--tenant-id", customer, "--name", "DPOR Customer");
admin("tenant", "create", "--tenant-id", partnerTenant, "--name", "DPOR Partner");
admin("subscription", "create", "--subscription-id", ea, "--tenant-id", customer, "--name", "EA Prod", "--offer", "EnterpriseAgreement");
admin("subscription", "create", "--subscription-id", plan, "--tenant-id", customer, "--name", "Plan Prod", "--offer", "AzurePlan");
const sp = (t, n) => admin("principal", "create", "--tenant-id", t, "--kind", "ServicePrincipal", "--name", n);
const who = {
  Owner: sp(customer, "dpor-owner"),
  Contributor: sp(customer, "dpor-contributor"),
  Reader: sp(customer, "dpor-reader"),
  "User Access Administrator": sp(customer, "dpor-uaa"),
  partner: sp(partnerTenant, "dpor-partner"),
};
for (const sub of [ea, plan]) {
  for (const role of ["Owner", "Contributor", "Reader", "User Access Administrator"]) {
    admin("role", "assignment", "create", "--scope", `/subscriptions/${sub}`, "--role", role, "--assignee", who[role].objectId);
  }
}

const tokens = new Map();
async function call(principal, method, path, body) {
  if (!tokens.has(principal.objectId)) {
    const t = await clientCredentialsToken(ctx.url, principal.tenantId, principal.appId, principal.secret);
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
const record = (sub) => `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=2026-11-01`;
const validate = (sub) => `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/validatePartnerId?api-version=2026-11-01`;

test("dpor: the customer's Owner validates, sets, changes and removes the partner of record", async () => {
  let r = await call(who.Owner, "POST", validate(ea), { partnerId: "719878" });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { partnerId: "719878", partnerName: "Mekorma", valid: true });
  assert.equal((await call(who.Owner, "GET", record(ea))).status, 404, "validating saves nothing");
  r = await call(who.Owner, "POST", validate(ea), { partnerId: "4960815" });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /global account ID of Mekorma; link a location ID/);

  r = await call(who.Owner, "PUT", record(ea), { properties: { partnerId: "719878" } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.properties.partnerName, "Mekorma");
  assert.equal(r.body.properties.assignedBy, who.Owner.objectId);
  r = await call(who.Reader, "GET", record(ea));
  assert.equal(r.status, 200);
  assert.equal(r.body.properties.partnerId, "719878");
  r = await call(who.Owner, "PUT", record(ea), { properties: { partnerId: "1234567" } });
  assert.equal(r.body.properties.partnerName, "Northwind Traders");
  assert.equal((await call(who.Owner, "DELETE", record(ea))).status, 200);
  assert.equal((await call(who.Owner, "DELETE", record(ea))).status, 204);
  assert.equal((await call(who.Owner, "GET", record(ea))).status, 404);
});

test("dpor: only the Owner may change it; a non-EA subscription is refused", async () => {
  await call(who.Owner, "PUT", record(ea), { properties: { partnerId: "719878" } });
  for (const name of ["Contributor", "Reader", "User Access Administrator", "partner"]) {
    for (const [method, path, body] of [["PUT", record(ea), { properties: { partnerId: "1234567" } }],
      ["DELETE", record(ea)], ["POST", validate(ea), { partnerId: "1234567" }]]) {
      const r = await call(who[name], method, path, body);
      // The partner's tenant has no delegation there: the subscription is as absent as a random id.
      const [status, code] = name === "partner" ? [404, "SubscriptionNotFound"] : [403, "AuthorizationFailed"];
      assert.equal(r.status, status, `${name} ${method}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, code);
    }
  }
  const kept = await call(who.Owner, "GET", record(ea));
  assert.equal(kept.body.properties.partnerId, "719878", "refusals changed nothing");
  const r = await call(who.Owner, "PUT", record(plan), { properties: { partnerId: "719878" } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, "PartnerOfRecordRequiresEnterpriseAgreement");
  assert.match(r.body.error.message, /Use Partner Admin Link \(PAL\)/);
});

test("pal dpor: the same from the CLI", () => {
  const env = { PAL_CONFIG_DIR: tempDir("pal-dpor-cli-") };
  const run = (...args) => pal(args, { env });
  const json = (r) => { assert.equal(r.status, 0, r.stderr); return JSON.parse(r.stdout); };
  json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", customer,
    "--service-principal", "-u", who.Owner.appId, "-p", who.Owner.secret));
  assert.equal(json(run("dpor", "validate", "--subscription", ea, "--partner-id", "1234567")).partnerName, "Northwind Traders");
  assert.equal(json(run("dpor", "set", "--subscription", ea, "--partner-id", "1234567")).partnerId, "1234567");
  assert.equal(json(run("dpor", "show", "--subscription", ea)).partnerName, "Northwind Traders");
  assert.equal(run("dpor", "delete", "--subscription", ea).status, 0);
  const none = run("dpor", "show", "--subscription", ea);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /^\(PartnerOfRecordNotFound\) /);
  const unknown = run("dpor", "set", "--subscription", ea, "--partner-id", "999");
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^\(BadRequest\) We don't have a record for partner ID '999'/);
});

test("dpor: migrating to an Azure plan ends it; the history shows every step", async () => {
  const migrating = randomUUID();
  admin("subscription", "create", "--subscription-id", migrating, "--tenant-id", customer, "--name", "EA moving", "--offer", "EnterpriseAgreement");
  admin("role", "assignment", "create", "--scope", `/subscriptions/${migrating}`, "--role", "Owner", "--assignee", who.Owner.objectId);
  let r = await call(who.Owner, "PUT", record(migrating), { properties: { partnerId: "719878" } });
  assert.equal(r.status, 200);
  const moved = admin("subscription", "migrate", "--subscription-id", migrating, "--to", "AzurePlan");
  assert.equal(moved.endedPartnerOfRecord, "719878");
  assert.equal((await call(who.Owner, "GET", record(migrating))).status, 404);
  r = await call(who.Owner, "PUT", record(migrating), { properties: { partnerId: "719878" } });
  assert.equal(r.body.error.code, "PartnerOfRecordRequiresEnterpriseAgreement");
  const again = pal(["admin", "subscription", "migrate", "--subscription-id", migrating, "--data", ctx.dataDir]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^\(NotAnEnterpriseAgreementSubscription\) /);

  const history = admin("dpor", "history");
  const mine = history.filter((h) => h.subscriptionId === migrating);
  assert.deepEqual(mine.map((h) => [h.partnerId, h.endReason, h.assignedBy]), [["719878", "migrated", who.Owner.objectId]]);
  assert.ok(mine[0].removedAt > mine[0].assignedAt);
  const steps = history.filter((h) => h.subscriptionId === ea).map((h) => [h.partnerId, h.endReason]);
  assert.deepEqual(steps.slice(0, 3), [["719878", "replaced"], ["1234567", "removed"], ["719878", "replaced"]]);
});

test("dpor customers: a partner sees exactly the subscriptions where its partner ID is DPOR", async () => {
  const other = randomUUID();
  admin("subscription", "create", "--subscription-id", other, "--tenant-id", customer, "--name", "EA Other", "--offer", "EnterpriseAgreement");
  admin("role", "assignment", "create", "--scope", `/subscriptions/${other}`, "--role", "Owner", "--assignee", who.Owner.objectId);
  assert.equal((await call(who.Owner, "PUT", record(ea), { properties: { partnerId: "719878" } })).status, 200);
  assert.equal((await call(who.Owner, "PUT", record(other), { properties: { partnerId: "1234567" } })).status, 200);

  const customers = "/providers/Pal.PartnerOfRecord/customers?api-version=2026-11-01";
  let r = await call(who.partner, "GET", customers);
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, "PartnerRoleRequired");
  // A PAL link is a customer-side claim: it shows the partner's customers to nobody.
  r = await call(who.partner, "PUT", "/providers/Microsoft.ManagementPartner/partners/719878?api-version=2018-02-01");
  assert.equal(r.status, 200);
  r = await call(who.partner, "GET", customers);
  assert.equal(r.status, 403, JSON.stringify(r.body));
  assert.equal(r.body.error.code, "PartnerRoleRequired");
  // A Report viewer of the partner's organisation, in its home tenant, sees them.
  admin("partner", "update", "--partner-id", "4960815", "--tenant-id", partnerTenant);
  admin("partner", "role", "add", "--partner-id", "719878", "--assignee", who.partner.objectId, "--role", "ReportViewer");
  r = await call(who.partner, "GET", customers);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.value.map((c) => [c.customerTenantId, c.customerName, c.subscriptionId, c.subscriptionName, c.partnerId]),
    [[customer, "DPOR Customer", ea, "EA Prod", "719878"]]);
  assert.ok(r.body.value[0].dporAssignedOn >= r.body.value[0].subscriptionStartDate);

  const env = { PAL_CONFIG_DIR: tempDir("pal-dpor-partner-") };
  const login = pal(["login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", partnerTenant,
    "--service-principal", "-u", who.partner.appId, "-p", who.partner.secret], { env });
  assert.equal(login.status, 0, login.stderr);
  const listed = pal(["dpor", "customers"], { env });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout).map((c) => c.subscriptionId), [ea]);
});

test("partner registry: show lists a global id's locations; a retired id can no longer be linked or made DPOR", async () => {
  const global = admin("partner", "show", "--partner-id", "4960815");
  assert.equal(global.kind, "global");
  assert.deepEqual(global.locationIds, ["719878"]);
  const id = String(7000000 + Math.floor(Math.random() * 999999));
  admin("partner", "add", "--partner-id", id, "--name", "Soon Retired Ltd");
  assert.equal((await call(who.Owner, "PUT", record(ea), { properties: { partnerId: id } })).status, 200);
  const retired = admin("partner", "retire", "--partner-id", id);
  assert.equal(retired.status, "Retired");
  assert.ok(retired.retiredTime);
  let r = await call(who.Owner, "GET", record(ea));
  assert.equal(r.body.properties.partnerId, id, "the record stays; attribution ends at the retirement instant");
  r = await call(who.Owner, "POST", validate(ea), { partnerId: id });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /has been retired/);
  r = await call(who.Contributor, "PUT", `/providers/Microsoft.ManagementPartner/partners/${id}?api-version=2018-02-01`);
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /has been retired/);
  const again = pal(["admin", "partner", "retire", "--partner-id", id, "--data", ctx.dataDir]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^\(PartnerRetired\) /);
  await call(who.Owner, "DELETE", record(ea));
});

test("dpor: a Lighthouse-delegated Contributor is refused too; export writes dpor.csv as the history has it", async () => {
  const operator = sp(partnerTenant, "dpor-lighthouse-operator");
  const definition = randomUUID();
  const base = `/subscriptions/${ea}/providers/Microsoft.ManagedServices`;
  let r = await call(who.Owner, "PUT", `${base}/registrationDefinitions/${definition}?api-version=2022-10-01`, {
    properties: { registrationDefinitionName: "ops", managedByTenantId: partnerTenant,
      authorizations: [{ principalId: operator.objectId, roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c" }] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await call(who.Owner, "PUT", `${base}/registrationAssignments/${randomUUID()}?api-version=2022-10-01`,
    { properties: { registrationDefinitionId: definition } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal((await call(operator, "GET", `/subscriptions/${ea}/resourcegroups?api-version=2021-04-01`)).status, 200,
    "the delegation works");
  r = await call(operator, "PUT", record(ea), { properties: { partnerId: "719878" } });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, "AuthorizationFailed");

  const dir = tempDir("pal-dpor-export-");
  admin("export", dir);
  const rows = readFileSync(`${dir}/dpor.csv`, "utf8").trim().split("\n");
  assert.equal(rows[0], "subscription_id,partner_id,assigned_at,removed_at");
  const exported = rows.slice(1).filter((l) => l.startsWith(ea)).map((l) => l.split(",").slice(1, 2)[0]);
  const history = admin("dpor", "history").filter((h) => h.subscriptionId === ea).map((h) => h.partnerId);
  assert.deepEqual(exported, history);
  assert.ok(history.length >= 5);
});

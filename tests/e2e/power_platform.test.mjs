// Power Platform and Customer Insights through pal's Pal.PowerPlatform API (api-version
// 2026-12-01, docs/api.md) and `pal attribute --power-platform-out` (rules B1-B6):
// the seed scenario end to end — a customer's Power Platform admin creates a paid Production
// environment, makes the partner's service account a maker, the account links 719878 and
// imports a managed solution (two canvas apps and a flow) from development; users use the apps
// in the month and the partner is credited with each one's MAU; a second partner's co-owner
// with later activity takes one app (B3); a dataset published by an unlinked user credits
// nobody; eligibility follows the environment (B5). Then rights and tenant isolation, solutions
// refusing datasets, bots and Customer Insights instances all-or-nothing, and activity posting.
// The ownership-change tables (B6 of docs/attribution-rules.md) are in power_platform_ownership.test.mjs.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { armCaller, assertArmError, pal, palJson, parseCsv, showResponse, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const tag = randomUUID().slice(0, 8);

// --- The customer tenant and its people.
const customer = randomUUID();
const otherTenant = randomUUID();
admin("tenant", "create", "--tenant-id", customer, "--name", "Contoso Power Platform");
admin("tenant", "create", "--tenant-id", otherTenant, "--name", "Fabrikam Power Platform");
const principal = (tenant, kind, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", kind, "--name", name);
const rootRole = (p, role) => admin("role", "assignment", "create", "--scope", "/", "--role", role, "--assignee", p.objectId);

const ppAdmin = principal(customer, "User", `ppadmin-${tag}@contoso.example`); // the Power Platform admin
const svc = principal(customer, "ServicePrincipal", `partner-719878-service-account-${tag}`);
const consultant = principal(customer, "Guest", `consultant-${tag}@northwind.example`); // second partner (1234567)
const analyst = principal(customer, "User", `analyst-${tag}@contoso.example`); // an unlinked maker
const users = [1, 2, 3].map((i) => principal(customer, "User", `user${i}-${tag}@contoso.example`));
const outsider = principal(customer, "ServicePrincipal", `no-membership-${tag}`);
const rootReader = principal(customer, "User", `root-reader-${tag}@contoso.example`);
const rootContributor = principal(customer, "User", `root-contributor-${tag}@contoso.example`);
const otherAdmin = principal(otherTenant, "User", `ppadmin-${tag}@fabrikam.example`);
const rootGrant = {
  ppAdmin: rootRole(ppAdmin, "Owner"),
  rootReader: rootRole(rootReader, "Reader"),
  rootContributor: rootRole(rootContributor, "Contributor"),
  otherAdmin: rootRole(otherAdmin, "Owner"),
};

// --- HTTP: bearer tokens from the server's token endpoint, raw fetch.
const { call } = armCaller(ctx.url);
const show = showResponse;

const V = "api-version=2026-12-01";
const PP = "/providers/Pal.PowerPlatform";
const envUrl = (env, rest = "") => `${PP}/environments/${env}${rest}?${V}`;
const resourceId = (env, collection, name) => `${PP}/environments/${env}/${collection}/${name}`;
const resUrl = (env, collection, name, rest = "") => `${resourceId(env, collection, name)}${rest}?${V}`;
const link = (p, partnerId) =>
  call(p, "PUT", `/providers/Microsoft.ManagementPartner/partners/${partnerId}?api-version=2018-02-01`);

async function createEnvironment(p, env, displayName, environmentType, paid) {
  const r = await call(p, "PUT", envUrl(env), { properties: { displayName, environmentType, paid } });
  assert.equal(r.status, 201, `create ${env}: ${show(r)}`);
  return r.body;
}
async function addMember(p, env, member, role) {
  const r = await call(p, "PUT", envUrl(env, `/members/${member.objectId}`), { properties: { role } });
  assert.equal(r.status, 200, `member ${member.name} of ${env}: ${show(r)}`);
}
async function createResource(p, env, collection, name, displayName) {
  const r = await call(p, "PUT", resUrl(env, collection, name), { properties: { displayName } });
  assert.equal(r.status, 201, `create ${collection}/${name}: ${show(r)}`);
  assert.equal(r.body.properties.owner, p.objectId, `the creator owns ${name}`);
  return r.body;
}
async function getResource(p, env, collection, name) {
  const r = await call(p, "GET", resUrl(env, collection, name));
  assert.equal(r.status, 200, `get ${collection}/${name}: ${show(r)}`);
  return r.body;
}
async function postActivity(env, rows, by = ppAdmin) {
  const r = await call(by, "POST", envUrl(env, "/activity"), { value: rows });
  assert.equal(r.status, 200, `activity: ${show(r)}`);
  return r.body;
}
// Everything a refused request could have changed in an environment, for before/after checks.
async function snapshot(env) {
  const r = await call(ppAdmin, "GET", envUrl(env, "/resources"));
  assert.equal(r.status, 200, show(r));
  const resources = [...r.body.value].sort((a, b) => a.id.localeCompare(b.id));
  const histories = [];
  for (const res of resources) {
    const h = await call(ppAdmin, "GET", `${res.id}/ownershipHistory?${V}`);
    assert.equal(h.status, 200, show(h));
    histories.push(h.body);
  }
  return { resources, histories };
}

// The refusal of a bad row at index `index` is the refusal of the same row alone (index 0) with
// the index changed (0-based, or 1-based throughout).
function assertNamesIndex(alone, message, index, what) {
  const swap = (m, from, to) => m.replace(new RegExp(`(^|[^0-9A-Za-z])${from}(?![0-9A-Za-z])`), `$1${to}`);
  assert.ok(alone !== message && (swap(alone, "0", String(index)) === message || swap(alone, "1", String(index + 1)) === message),
    `${what}: the message names the row's index:\n  alone: ${alone}\n  at ${index}: ${message}`);
}

// --- Months: links are stamped now and in force at the end of the current month (B2), not at
// the end of a past one. Activity goes on the first day of the month and a later day.
const now = new Date();
const month = now.toISOString().slice(0, 7);
const day = (n) => `${month}-${String(n).padStart(2, "0")}`;
const early = day(1);
const late = day(Math.max(now.getUTCDate(), 2));
const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 10);


const ppHeader = ["month", "partner_id", "partner_name", "tenant_id", "resource_id", "product", "metric", "value", "eligible"];
// `pal attribute` on the running server's data directory: the customer's Power Platform rows as
// "partner resource product metric value eligible" lines, sorted.
function attributeCustomer(forMonth) {
  const dir = tempDir("pal-pp-attribute-");
  const usage = path.join(dir, "usage.csv");
  writeFileSync(usage, "SubscriptionId,ResourceId,Date,CostInBillingCurrency\n");
  const out = path.join(dir, "power-platform.csv");
  const r = pal(["attribute", "--data", ctx.dataDir, "--month", forMonth, "--usage", usage,
    "--power-platform-out", out, "--no-progress"]);
  assert.equal(r.status, 0, r.stderr);
  const rows = parseCsv(readFileSync(out, "utf8"));
  assert.deepEqual(rows[0], ppHeader);
  for (const row of rows.slice(1)) assert.equal(row.length, ppHeader.length, row.join(","));
  const mine = rows.slice(1).filter((row) => row[3].toLowerCase() === customer);
  for (const row of mine) assert.equal(row[0], forMonth);
  return mine.map((row) => [row[1], row[2], row[4], row[5], row[6], row[7], row[8]].join(" ")).sort();
}
const credit = (partner, id, product, metric, value, eligible) =>
  [partner, partner === "719878" ? "Mekorma" : "Northwind Traders", id, product, metric, String(value), String(eligible)].join(" ");

// --- The scenario's environments and resources.
const prod = `contoso-prod-${tag}`;
const dev = `contoso-dev-${tag}`;
const unpaid = `contoso-unpaid-${tag}`;
const lab = `contoso-lab-${tag}`;
const ids = {
  expense: resourceId(prod, "canvasApps", "expense-app"),
  field: resourceId(prod, "canvasApps", "field-app"),
  flow: resourceId(prod, "flows", "approval-flow"),
  salesDataset: resourceId(prod, "datasets", "sales-dataset"),
  svcDataset: resourceId(prod, "datasets", "partner-dataset"),
  ci: resourceId(prod, "customerInsightsInstances", "contoso-ci"),
  sandboxFlow: resourceId(dev, "flows", "sandbox-flow"),
  devExpense: resourceId(dev, "canvasApps", "expense-app"),
  unpaidFlow: resourceId(unpaid, "flows", "unpaid-flow"),
};

test("seed: the admin creates a paid Production environment and makes the partner's service account a maker", async () => {
  assert.equal(rootGrant.ppAdmin.scope, "/");
  const env = await createEnvironment(ppAdmin, prod, "Contoso Production", "Production", true);
  assert.equal(env.id, `${PP}/environments/${prod}`);
  assert.equal(env.name, prod);
  assert.equal(env.type, "Pal.PowerPlatform/environments");
  assert.equal(env.properties.tenantId, customer);
  assert.equal(env.properties.displayName, "Contoso Production");
  assert.equal(env.properties.environmentType, "Production");
  assert.equal(env.properties.paid, true);
  assert.ok(JSON.stringify(env.properties.createdBy).includes(ppAdmin.objectId), JSON.stringify(env));
  assert.ok(!Number.isNaN(Date.parse(env.properties.createdOn)), env.properties.createdOn);
  const got = await call(svc, "GET", envUrl(prod));
  assert.equal(got.status, 200, show(got));
  assert.deepEqual(got.body, env);

  await createEnvironment(ppAdmin, dev, "Contoso Development", "Sandbox", true);
  await createEnvironment(ppAdmin, unpaid, "Contoso Pilot", "Production", false);
  for (const env of [prod, dev, unpaid]) await addMember(ppAdmin, env, svc, "EnvironmentMaker");
  for (const env of [prod, dev]) await addMember(ppAdmin, env, analyst, "EnvironmentMaker");

  const members = await call(svc, "GET", envUrl(prod, "/members"));
  assert.equal(members.status, 200, show(members));
  const byId = new Map(members.body.value.map((m) => [m.objectId, m]));
  assert.equal(byId.size, 3, JSON.stringify(members.body));
  assert.equal(byId.get(ppAdmin.objectId).role, "EnvironmentAdmin", "the creator is its admin");
  assert.equal(byId.get(ppAdmin.objectId).principalType, "User");
  assert.equal(byId.get(svc.objectId).role, "EnvironmentMaker");
  assert.equal(byId.get(svc.objectId).principalType, "ServicePrincipal");
  assert.equal(byId.get(analyst.objectId).role, "EnvironmentMaker");
  assert.ok(!Number.isNaN(Date.parse(byId.get(svc.objectId).addedOn)));

  const listed = await call(svc, "GET", `${PP}/environments?${V}`);
  assert.equal(listed.status, 200, show(listed));
  assert.deepEqual(listed.body.value.map((e) => e.name).sort(), [dev, prod, unpaid].sort(), "only the tenant's");
});

test("seed: the service account links 719878, exports a managed solution from development and imports it into production", async () => {
  let r = await link(svc, "719878");
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.properties.objectId, svc.objectId);

  // The apps and the flow were built in development by a colleague.
  await createResource(analyst, dev, "canvasApps", "expense-app", "Expense App");
  await createResource(analyst, dev, "canvasApps", "field-app", "Field Service App");
  await createResource(analyst, dev, "flows", "approval-flow", "Approval Flow");
  r = await call(svc, "POST", envUrl(dev, "/exportSolution"), {
    solutionName: "ContosoField", version: "1.0.0.0", managed: true,
    components: [ids.devExpense, "canvasApps/field-app", "flows/approval-flow"],
  });
  assert.equal(r.status, 200, show(r));
  const solution = r.body;
  assert.equal(solution.solutionName, "ContosoField");
  assert.equal(solution.version, "1.0.0.0");
  assert.equal(solution.managed, true);
  assert.equal(solution.exportedFrom, dev);
  assert.ok(!Number.isNaN(Date.parse(solution.exportedOn)), solution.exportedOn);
  assert.deepEqual(solution.components.map((c) => [c.product, c.name, c.displayName]).sort(), [
    ["CanvasApp", "expense-app", "Expense App"],
    ["CanvasApp", "field-app", "Field Service App"],
    ["Flow", "approval-flow", "Approval Flow"],
  ]);

  r = await call(svc, "POST", envUrl(prod, "/importSolution"), solution);
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.solutionName, "ContosoField");
  assert.equal(r.body.version, "1.0.0.0");
  assert.equal(r.body.managed, true);
  assert.ok(JSON.stringify(r.body.importedBy).includes(svc.objectId), JSON.stringify(r.body.importedBy));
  assert.deepEqual(r.body.components.map((c) => c.id).sort(), [ids.flow, ids.expense, ids.field].sort());
  for (const c of r.body.components) {
    assert.equal(c.properties.owner, svc.objectId, `${c.id}: the importer owns it`);
    assert.equal(c.properties.environment, prod);
    assert.equal(c.properties.tenantId, customer);
    assert.equal(c.properties.solution, "ContosoField");
    assert.equal(c.type, `Pal.PowerPlatform/${c.id.split("/")[5]}`);
  }
  const app = await getResource(ppAdmin, prod, "canvasApps", "expense-app");
  assert.equal(app.id, ids.expense);
  assert.equal(app.name, "expense-app");
  assert.equal(app.type, "Pal.PowerPlatform/canvasApps");
  assert.equal(app.properties.product, "CanvasApp");
  assert.equal(app.properties.displayName, "Expense App");
  assert.equal(app.properties.owner, svc.objectId);
  assert.deepEqual(app.properties.coOwners, []);
  const flow = await getResource(ppAdmin, prod, "flows", "approval-flow");
  assert.equal(flow.properties.product, "Flow");
  assert.equal(flow.properties.owner, svc.objectId, "the flow's owner is the importer");
  const history = await call(ppAdmin, "GET", resUrl(prod, "canvasApps", "expense-app", "/ownershipHistory"));
  assert.equal(history.status, 200, show(history));
  const open = history.body.value.filter((h) => h.validTo === null || h.validTo === undefined);
  assert.deepEqual(open.map((h) => [h.principalId, h.role, h.channel]), [[svc.objectId, "Owner", "solution-import"]]);
  assert.ok(JSON.stringify(open[0].actor).includes(svc.objectId));
  // Development keeps its own owner.
  assert.equal((await getResource(ppAdmin, dev, "canvasApps", "expense-app")).properties.owner, analyst.objectId);
});

test("seed: a month of use credits 719878 with each app's and the flow's MAU; eligible only in the paid Production environment", async () => {
  const [u1, u2, u3] = users;
  // The service account's own resources: a dataset published as the linked account, a Customer
  // Insights instance it uses, and flows in the Sandbox and the unpaid Production environments.
  await createResource(svc, prod, "datasets", "partner-dataset", "Partner Dataset");
  await createResource(svc, prod, "customerInsightsInstances", "contoso-ci", "Contoso CI");
  await createResource(svc, dev, "flows", "sandbox-flow", "Sandbox Flow");
  await createResource(svc, unpaid, "flows", "unpaid-flow", "Pilot Flow");
  // A dataset published by an unlinked user.
  const sales = await createResource(analyst, prod, "datasets", "sales-dataset", "Sales");
  assert.equal(sales.properties.product, "Dataset");

  const row = (date, id, p) => ({ date, resourceId: id, userId: p.objectId });
  const prodRows = [
    row(early, ids.expense, u1), row(early, ids.expense, u2), row(late, ids.expense, u3), row(late, ids.expense, u1),
    row(early, ids.field, u1), row(late, ids.field, u2),
    row(early, ids.flow, u1), row(late, ids.flow, u3),
    row(early, ids.salesDataset, u1), row(late, ids.salesDataset, u2),
    row(early, ids.svcDataset, u3),
    row(early, ids.ci, u1), row(late, ids.ci, svc),
  ];
  assert.deepEqual(await postActivity(prod, prodRows), { received: prodRows.length, added: prodRows.length });
  assert.deepEqual(await postActivity(dev, [row(early, ids.sandboxFlow, u2), row(early, ids.devExpense, u3)]),
    { received: 2, added: 2 });
  assert.deepEqual(await postActivity(unpaid, [row(late, ids.unpaidFlow, u1)]), { received: 1, added: 1 });
  let r = await call(ppAdmin, "POST", envUrl(prod, "/unifiedProfiles"), {
    value: [{ date: early, resourceId: ids.ci, unifiedProfiles: 1000 }, { date: late, resourceId: ids.ci, unifiedProfiles: 1200 }],
  });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.received, 2);
  assert.equal(r.body.added, 2);
  r = await call(ppAdmin, "POST", envUrl(prod, "/unifiedProfiles"), {
    value: [{ date: late, resourceId: ids.ci, unifiedProfiles: 1500 }],
  });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.received, 1);

  assert.deepEqual(attributeCustomer(month), [
    credit("719878", ids.expense, "CanvasApp", "MonthlyActiveUsers", 3, true),
    credit("719878", ids.field, "CanvasApp", "MonthlyActiveUsers", 2, true),
    credit("719878", ids.flow, "Flow", "MonthlyActiveUsers", 2, true),
    credit("719878", ids.svcDataset, "Dataset", "MonthlyActiveUsers", 1, true),
    credit("719878", ids.ci, "CustomerInsightsInstance", "UnifiedProfiles", 1500, true),
    credit("719878", ids.sandboxFlow, "Flow", "MonthlyActiveUsers", 1, false),
    credit("719878", ids.unpaidFlow, "Flow", "MonthlyActiveUsers", 1, false),
  ].sort(), "the sales dataset (unlinked publisher) and the development apps (unlinked owner) credit nobody");
});

test("seed: a month whose end precedes the links credits nobody (B2)", async () => {
  const prevMonth = previous.slice(0, 7);
  assert.deepEqual(await postActivity(prod, [{ date: previous, resourceId: ids.expense, userId: users[0].objectId }]),
    { received: 1, added: 1 });
  assert.deepEqual(attributeCustomer(prevMonth), [], "the link made now is not in force at the end of " + prevMonth);
});

test("seed: a second partner's co-owner with later activity takes one app (B3); the other app stays", async () => {
  let r = await link(consultant, "1234567");
  assert.equal(r.status, 200, show(r));
  // The owner (the service account) makes the second partner's account co-owner of both apps.
  for (const app of ["field-app", "expense-app"]) {
    r = await call(svc, "PUT", resUrl(prod, "canvasApps", app, `/coOwners/${consultant.objectId}`));
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.properties.owner, svc.objectId);
    assert.deepEqual(r.body.properties.coOwners, [consultant.objectId]);
  }
  // Field app: the second partner's account is active after the first's. Expense app: the
  // other way round, so the first partner keeps it despite the newer link.
  const row = (date, id, p) => ({ date, resourceId: id, userId: p.objectId });
  assert.deepEqual(await postActivity(prod, [
    row(early, ids.field, svc), row(late, ids.field, consultant),
    row(early, ids.expense, consultant), row(late, ids.expense, svc),
  ]), { received: 4, added: 4 });

  const rows = attributeCustomer(month);
  assert.ok(rows.includes(credit("1234567", ids.field, "CanvasApp", "MonthlyActiveUsers", 4, true)), rows.join("\n"));
  assert.ok(rows.includes(credit("719878", ids.expense, "CanvasApp", "MonthlyActiveUsers", 5, true)), rows.join("\n"));
  assert.ok(rows.includes(credit("719878", ids.flow, "Flow", "MonthlyActiveUsers", 2, true)), rows.join("\n"));
  assert.equal(rows.filter((x) => x.includes(ids.field)).length, 1, "one partner per resource");
  assert.equal(rows.filter((x) => x.includes(ids.expense)).length, 1, "one partner per resource");
  assert.equal(rows.length, 7, rows.join("\n"));
});

test("rights: another tenant's principal gets 404 EnvironmentNotFound for the environment and all it holds", async () => {
  const before = await snapshot(prod);
  const missing = `missing-${tag}`;
  const notFound = async (who, method, env, rest, body) => {
    const r = await call(who, method, envUrl(env, rest), body);
    return assertArmError(r, 404, "EnvironmentNotFound", `${who.name} ${method} ${env}${rest}`);
  };
  const solution = { solutionName: "X", version: "1.0.0.0", managed: true, exportedFrom: missing,
    exportedOn: new Date().toISOString(), components: [{ product: "CanvasApp", name: "x-app", displayName: "X" }] };
  const requests = [
    ["GET", ""], ["GET", "/members"], ["PUT", `/members/${otherAdmin.objectId}`, { properties: { role: "EnvironmentAdmin" } }],
    ["DELETE", `/members/${svc.objectId}`], ["GET", "/resources"], ["GET", "/canvasApps"],
    ["GET", "/canvasApps/expense-app"], ["PUT", "/canvasApps/intruder-app", { properties: { displayName: "Intruder" } }],
    ["PUT", "/canvasApps/expense-app", { properties: { displayName: "Renamed" } }],
    ["DELETE", "/canvasApps/expense-app"], ["DELETE", "/canvasApps/none-here"],
    ["GET", "/canvasApps/expense-app/ownershipHistory"],
    ["POST", "/canvasApps/expense-app/setOwner", { owner: otherAdmin.objectId, channel: "gui" }],
    ["PUT", `/canvasApps/expense-app/coOwners/${otherAdmin.objectId}`],
    ["DELETE", `/canvasApps/field-app/coOwners/${consultant.objectId}`],
    ["POST", "/exportSolution", { solutionName: "X", version: "1.0.0.0", managed: true, components: ["canvasApps/expense-app"] }],
    ["POST", "/importSolution", solution],
    ["POST", "/activity", { value: [{ date: early, resourceId: ids.expense, userId: otherAdmin.objectId }] }],
    ["POST", "/unifiedProfiles", { value: [{ date: early, resourceId: ids.ci, unifiedProfiles: 1 }] }],
  ];
  for (const who of [otherAdmin, ctx.principals.negB]) {
    for (const [method, rest, body] of requests) {
      const theirs = await notFound(who, method, prod, rest, body);
      // Exactly as a missing environment.
      const none = await notFound(who, method, missing, rest, body);
      assert.equal(theirs.replaceAll(prod, "ENV"), none.replaceAll(missing, "ENV"), `${method} ${rest}`);
    }
    // DELETE of a missing environment is ARM's 204 (the docs list no status for it); another
    // tenant's answers the same and deletes nothing.
    const gone = await call(who, "DELETE", envUrl(missing));
    const theirs = await call(who, "DELETE", envUrl(prod));
    assert.deepEqual(theirs, gone, `DELETE another tenant's environment: ${show(theirs)}`);
    assert.ok(theirs.status === 204 || theirs.status === 404, show(theirs));
    if (theirs.status === 404) assertArmError(theirs, 404, "EnvironmentNotFound", "DELETE");
    const listed = await call(who, "GET", `${PP}/environments?${V}`);
    assert.equal(listed.status, 200, show(listed));
    assert.ok(!listed.body.value.some((e) => e.name === prod), "not listed to another tenant");
  }
  // Names are each tenant's own: the other tenant's admin PUT of the name creates its own
  // environment (201, as for a fresh name; scope_isolation.test.mjs compares the two), and takes
  // nothing of the customer's.
  const own = await call(otherAdmin, "PUT", envUrl(prod), { properties: { displayName: "Mine", environmentType: "Sandbox", paid: false } });
  assert.equal(own.status, 201, `PUT another tenant's environment name: ${show(own)}`);
  assert.equal(own.body.properties.tenantId, otherTenant);
  const ownResources = await call(otherAdmin, "GET", envUrl(prod, "/resources"));
  assert.deepEqual(ownResources.body, { value: [] }, show(ownResources));
  const dropped = await call(otherAdmin, "DELETE", envUrl(prod));
  assert.equal(dropped.status, 200, show(dropped));
  const env = await call(ppAdmin, "GET", envUrl(prod));
  assert.equal(env.body.properties.displayName, "Contoso Production");
  assert.equal(env.body.properties.environmentType, "Production");
  assert.equal(env.body.properties.tenantId, customer);
  assert.deepEqual(await snapshot(prod), before, "nothing changed");
});

test("rights: without membership nothing is created or posted; a maker cannot touch others' resources", async () => {
  const before = await snapshot(prod);
  // Any principal of the tenant reads.
  for (const rest of ["", "/resources", "/canvasApps", "/canvasApps/expense-app", "/members"]) {
    const r = await call(outsider, "GET", envUrl(prod, rest));
    assert.equal(r.status, 200, `outsider GET ${rest}: ${show(r)}`);
  }
  const solution = (await call(svc, "POST", envUrl(dev, "/exportSolution"),
    { solutionName: "Outsider", version: "1.0.0.0", managed: true, components: ["canvasApps/field-app"] })).body;
  assert.equal(solution.solutionName, "Outsider");
  const forbidden = async (who, method, rest, body) => {
    const r = await call(who, method, envUrl(prod, rest), body);
    assertArmError(r, 403, "AuthorizationFailed", `${who.name} ${method} ${rest}`);
  };
  const row = { date: early, resourceId: ids.expense, userId: outsider.objectId };
  for (const [method, rest, body] of [
    ["PUT", "/canvasApps/outsider-app", { properties: { displayName: "Outsider" } }],
    ["PUT", "/flows/outsider-flow", { properties: { displayName: "Outsider" } }],
    ["PUT", "/datasets/outsider-dataset", { properties: { displayName: "Outsider" } }],
    ["PUT", "/bots/outsider-bot", { properties: { displayName: "Outsider" } }],
    ["POST", "/activity", { value: [row] }],
    ["POST", "/unifiedProfiles", { value: [{ date: early, resourceId: ids.ci, unifiedProfiles: 7 }] }],
    ["POST", "/exportSolution", { solutionName: "X", version: "1.0.0.0", managed: true, components: ["canvasApps/expense-app"] }],
    ["POST", "/importSolution", solution],
    ["PUT", `/members/${outsider.objectId}`, { properties: { role: "EnvironmentAdmin" } }],
    ["POST", "/canvasApps/expense-app/setOwner", { owner: outsider.objectId, channel: "gui" }],
    ["PUT", "", { properties: { displayName: "Taken", environmentType: "Sandbox", paid: false } }],
  ]) {
    await forbidden(outsider, method, rest, body);
  }
  for (const rest of ["/canvasApps/outsider-app", "/flows/outsider-flow", "/datasets/outsider-dataset", "/bots/outsider-bot"]) {
    assert.equal((await call(ppAdmin, "GET", envUrl(prod, rest))).status, 404, `${rest} was not created`);
  }

  // A maker (the analyst) on the service account's app, and on admin-only operations.
  for (const [method, rest, body] of [
    ["POST", "/canvasApps/expense-app/setOwner", { owner: analyst.objectId, channel: "gui" }],
    ["POST", "/flows/approval-flow/setOwner", { owner: analyst.objectId, channel: "pp-cli" }],
    ["PUT", `/canvasApps/expense-app/coOwners/${analyst.objectId}`],
    ["DELETE", `/canvasApps/field-app/coOwners/${consultant.objectId}`],
    ["PUT", "/canvasApps/expense-app", { properties: { displayName: "Hijacked" } }],
    ["DELETE", "/canvasApps/expense-app"],
    ["POST", "/activity", { value: [{ ...row, userId: analyst.objectId }] }],
    ["PUT", `/members/${analyst.objectId}`, { properties: { role: "EnvironmentAdmin" } }],
    ["DELETE", `/members/${svc.objectId}`],
    ["PUT", "", { properties: { displayName: "Renamed", environmentType: "Production", paid: true } }],
    ["DELETE", ""],
  ]) {
    await forbidden(analyst, method, rest, body);
  }
  // The service account is a maker too: it may not post activity.
  await forbidden(svc, "POST", "/activity", { value: [{ ...row, userId: svc.objectId }] });
  assert.deepEqual(await snapshot(prod), before, "nothing changed");
  const members = await call(ppAdmin, "GET", envUrl(prod, "/members"));
  assert.deepEqual(members.body.value.map((m) => [m.objectId, m.role]).sort(),
    [[ppAdmin.objectId, "EnvironmentAdmin"], [svc.objectId, "EnvironmentMaker"], [analyst.objectId, "EnvironmentMaker"]].sort());
  const activity = await postActivity(prod, [row, { ...row, userId: analyst.objectId }, { ...row, userId: svc.objectId }]);
  assert.equal(activity.added, 3, "the refused activity was not stored");
});

test("rights: environments are created only with Owner or Contributor at the tenant root scope /", async () => {
  const attempt = (who, name, type = "Sandbox") =>
    call(who, "PUT", envUrl(name), { properties: { displayName: "Attempt", environmentType: type, paid: false } });
  for (const who of [svc, analyst, rootReader, outsider, consultant]) {
    const name = `attempt-${tag}-${who.objectId.slice(0, 8)}`;
    assertArmError(await attempt(who, name), 403, "AuthorizationFailed", `${who.name} creates an environment`);
    assertArmError(await call(ppAdmin, "GET", envUrl(name)), 404, "EnvironmentNotFound", "not created");
  }
  const name = `contributed-${tag}`;
  const r = await attempt(rootContributor, name, "Trial");
  assert.equal(r.status, 201, show(r));
  assert.equal(r.body.properties.environmentType, "Trial");
  assert.equal(r.body.properties.paid, false);
  const members = await call(rootContributor, "GET", envUrl(name, "/members"));
  assert.deepEqual(members.body.value.map((m) => [m.objectId, m.role]), [[rootContributor.objectId, "EnvironmentAdmin"]]);
  // Its admin updates it (200) and deletes it while empty; a non-empty one stays.
  const updated = await call(rootContributor, "PUT", envUrl(name), { properties: { displayName: "Renamed", environmentType: "Developer", paid: false } });
  assert.equal(updated.status, 200, show(updated));
  assert.equal(updated.body.properties.displayName, "Renamed");
  assert.equal(updated.body.properties.environmentType, "Developer");
  assert.equal((await call(rootContributor, "DELETE", envUrl(name))).status, 200);
  assertArmError(await call(ppAdmin, "GET", envUrl(name)), 404, "EnvironmentNotFound", "deleted");
  assertArmError(await call(ppAdmin, "DELETE", envUrl(prod)), 409, "EnvironmentNotEmpty", "delete a non-empty environment");
  // Well-formed requests only.
  assertArmError(await attempt(ppAdmin, `typed-${tag}`, "Staging"), 400, "InvalidEnvironmentType", "environmentType Staging");
  assertArmError(await attempt(ppAdmin, "x".repeat(65)), 400, "InvalidEnvironmentName", "a 65-character name");
  assertArmError(await attempt(ppAdmin, "bad%20name"), 400, "InvalidEnvironmentName", "a name with a space");
});

test("solutions: datasets, bots and Customer Insights instances are refused (ComponentNotSolutionAware); import is all-or-nothing", async () => {
  await createEnvironment(ppAdmin, lab, "Contoso Lab", "Trial", false);
  await addMember(ppAdmin, lab, svc, "EnvironmentMaker");
  await addMember(ppAdmin, lab, analyst, "EnvironmentMaker");
  await createResource(svc, lab, "canvasApps", "lab-app", "Lab App");
  await createResource(svc, lab, "flows", "lab-flow", "Lab Flow");
  await createResource(analyst, lab, "datasets", "lab-dataset", "Lab Dataset");
  await createResource(analyst, lab, "bots", "lab-bot", "Lab Bot");
  await createResource(analyst, lab, "customerInsightsInstances", "lab-ci", "Lab CI");
  let r = await call(svc, "PUT", resUrl(lab, "canvasApps", "lab-app", `/coOwners/${users[0].objectId}`));
  assert.equal(r.status, 200, show(r));
  const before = await snapshot(lab);

  const exportOf = (components) => call(analyst, "POST", envUrl(lab, "/exportSolution"),
    { solutionName: "LabSolution", version: "2.1.0.3", managed: false, components });
  for (const [component, name] of [["datasets/lab-dataset", "lab-dataset"], [resourceId(lab, "bots", "lab-bot"), "lab-bot"],
    ["customerInsightsInstances/lab-ci", "lab-ci"]]) {
    const message = assertArmError(await exportOf(["canvasApps/lab-app", component]), 400, "ComponentNotSolutionAware", `export ${component}`);
    assert.ok(message.includes(name), `the refusal names ${name}: ${message}`);
  }
  r = await exportOf(["canvasApps/lab-app", "flows/lab-flow"]);
  assert.equal(r.status, 200, show(r));
  const good = r.body;
  assert.equal(good.managed, false);
  assert.equal(good.version, "2.1.0.3");

  // Imported by the analyst: would take lab-app and lab-flow over and create new-app.
  const withComponents = (extra) => ({ ...good, components: [...good.components, { product: "CanvasApp", name: "new-app", displayName: "New" }, ...extra] });
  for (const [document, code, names] of [
    [withComponents([{ product: "Dataset", name: "lab-dataset", displayName: "Lab Dataset" }]), "ComponentNotSolutionAware", "lab-dataset"],
    [withComponents([{ product: "Bot", name: "lab-bot", displayName: "Lab Bot" }]), "ComponentNotSolutionAware", "lab-bot"],
    [withComponents([{ product: "CustomerInsightsInstance", name: "other-ci", displayName: "CI" }]), "ComponentNotSolutionAware", "other-ci"],
    [withComponents([{ product: "Dataset", name: "brand-new-dataset", displayName: "New" }]), "ComponentNotSolutionAware", "brand-new-dataset"],
  ]) {
    const message = assertArmError(await call(analyst, "POST", envUrl(lab, "/importSolution"), document), 400, code, `import with ${names}`);
    assert.ok(message.includes(names), `the refusal names ${names}: ${message}`);
    assertArmError(await call(analyst, "POST", envUrl(prod, "/importSolution"), document), 400, code, `import into prod with ${names}`);
  }
  // Other malformed documents: refused with 400, nothing imported.
  for (const [what, document] of [
    ["a duplicate component", withComponents([{ product: "CanvasApp", name: "new-app", displayName: "Again" }])],
    ["an invalid component name", withComponents([{ product: "Flow", name: "bad name", displayName: "Bad" }])],
    ["an unknown product", withComponents([{ product: "Widget", name: "w", displayName: "W" }])],
    ["a three-part version", { ...withComponents([]), version: "1.0.0" }],
    ["a solution name with a space", { ...withComponents([]), solutionName: "Lab Solution" }],
    ["no components", { ...good, components: [] }],
  ]) {
    const r2 = await call(analyst, "POST", envUrl(lab, "/importSolution"), document);
    assert.equal(r2.status, 400, `${what}: ${show(r2)}`);
    assert.deepEqual(Object.keys(r2.body), ["error"], what);
    assert.equal(typeof r2.body.error.code, "string", what);
  }
  assert.deepEqual(await snapshot(lab), before, "no refused import or export changed anything");
  for (const name of ["new-app", "lab-app"]) {
    assert.equal((await call(ppAdmin, "GET", resUrl(prod, "canvasApps", name))).status, 404, `${name} not in prod`);
  }
  assert.equal((await call(ppAdmin, "GET", resUrl(lab, "canvasApps", "new-app"))).status, 404, "new-app was not created");

  // A maker importing over components someone else owns (svc's lab-app and lab-flow) would take
  // them over: refused whole (issue 16), nothing imported, new-app not created.
  assertArmError(await call(analyst, "POST", envUrl(lab, "/importSolution"), withComponents([])), 403,
    "AuthorizationFailed", "a maker importing over another's components");
  assert.deepEqual(await snapshot(lab), before, "the refused takeover changed nothing");
  assert.equal((await call(ppAdmin, "GET", resUrl(lab, "canvasApps", "new-app"))).status, 404, "new-app was not created");

  // The valid import, by an environment admin (who may change any owner): the analyst, made one
  // for it, now owns every component; the canvas app keeps its co-owner.
  await addMember(ppAdmin, lab, analyst, "EnvironmentAdmin");
  r = await call(analyst, "POST", envUrl(lab, "/importSolution"), withComponents([]));
  assert.equal(r.status, 200, show(r));
  await addMember(ppAdmin, lab, analyst, "EnvironmentMaker");
  assert.deepEqual(r.body.components.map((c) => [c.id, c.properties.owner]).sort(), [
    [resourceId(lab, "canvasApps", "lab-app"), analyst.objectId],
    [resourceId(lab, "canvasApps", "new-app"), analyst.objectId],
    [resourceId(lab, "flows", "lab-flow"), analyst.objectId],
  ].sort());
  const app = await getResource(ppAdmin, lab, "canvasApps", "lab-app");
  assert.equal(app.properties.owner, analyst.objectId);
  assert.deepEqual(app.properties.coOwners, [users[0].objectId], "a canvas app keeps its co-owners");
  assert.equal(app.properties.solution, "LabSolution");
  const history = (await call(ppAdmin, "GET", resUrl(lab, "canvasApps", "lab-app", "/ownershipHistory"))).body.value;
  const owners = history.filter((h) => h.role === "Owner");
  assert.deepEqual(owners.map((h) => [h.principalId, h.validTo === null || h.validTo === undefined]),
    [[svc.objectId, false], [analyst.objectId, true]]);
  assert.equal(owners[1].channel, "solution-import");
  assert.ok(owners[0].validTo <= owners[1].validFrom, `one owner at a time: ${JSON.stringify(owners)}`);
  assert.ok(history.some((h) => h.role === "CoOwner" && h.principalId === users[0].objectId && (h.validTo ?? null) === null));
  // The dataset, bot and CI instance were never touched.
  for (const [collection, name] of [["datasets", "lab-dataset"], ["bots", "lab-bot"], ["customerInsightsInstances", "lab-ci"]]) {
    assert.equal((await getResource(ppAdmin, lab, collection, name)).properties.owner, analyst.objectId);
  }
  assert.equal((await getResource(ppAdmin, lab, "flows", "lab-flow")).properties.solution, "LabSolution");
});

test("activity: repeated rows add nothing; an unknown resource or a malformed date refuses the whole request", async () => {
  const [u1, u2, u3] = users;
  const app = resourceId(lab, "canvasApps", "lab-app");
  const flow = resourceId(lab, "flows", "lab-flow");
  const rows = [
    { date: early, resourceId: app, userId: u1.objectId },
    { date: early, resourceId: app, userId: u2.objectId },
    { date: late, resourceId: flow, userId: consultant.objectId },
  ];
  assert.deepEqual(await postActivity(lab, rows), { received: 3, added: 3 });
  assert.deepEqual(await postActivity(lab, rows), { received: 3, added: 0 }, "the same rows again add nothing");
  const fresh = { date: late, resourceId: app, userId: u3.objectId };
  assert.deepEqual(await postActivity(lab, [rows[1], fresh, fresh, rows[0]]), { received: 4, added: 1 },
    "only the new row is added, once");

  // Unified profiles belong to Customer Insights instances only.
  const ci = resourceId(lab, "customerInsightsInstances", "lab-ci");
  const r = await call(ppAdmin, "POST", envUrl(lab, "/unifiedProfiles"),
    { value: [{ date: early, resourceId: ci, unifiedProfiles: 10 }, { date: early, resourceId: app, unifiedProfiles: 10 }] });
  const second = assertArmError(r, 400, "InvalidActivity", "unified profiles of a canvas app");
  const lone = assertArmError(await call(ppAdmin, "POST", envUrl(lab, "/unifiedProfiles"),
    { value: [{ date: early, resourceId: app, unifiedProfiles: 10 }] }), 400, "InvalidActivity", "alone");
  assertNamesIndex(lone, second, 1, "unified profiles of a canvas app");
  const ok = await call(ppAdmin, "POST", envUrl(lab, "/unifiedProfiles"), { value: [{ date: early, resourceId: ci, unifiedProfiles: 10 }] });
  assert.equal(ok.status, 200, show(ok));
  assert.deepEqual(ok.body, { received: 1, added: 1 }, "the refused request stored nothing");

  // Each bad row comes third, after two good, new rows of a day of its own: the request is
  // refused naming index 2, and nothing of it is stored (reposting the good rows adds both).
  const stranger = ctx.principals.negB;
  const problems = [];
  for (const [k, [what, bad]] of [
    ["an unknown resource", { date: early, resourceId: resourceId(lab, "canvasApps", "no-such-app"), userId: u1.objectId }],
    ["a resource of another environment", { date: early, resourceId: ids.expense, userId: u1.objectId }],
    ["a resource id that is no resource id", { date: early, resourceId: "lab-app", userId: u1.objectId }],
    ["month 13", { date: `${month.slice(0, 4)}-13-01`, resourceId: app, userId: u1.objectId }],
    ["February 30", { date: `${month.slice(0, 4)}-02-30`, resourceId: app, userId: u1.objectId }],
    ["a one-digit day", { date: `${month}-1`, resourceId: app, userId: u1.objectId }],
    ["a US date (MM/DD/YYYY)", { date: `${month.slice(5)}/01/${month.slice(0, 4)}`, resourceId: app, userId: u1.objectId }],
    ["a date with a time", { date: `${early}T10:00:00Z`, resourceId: app, userId: u1.objectId }],
    ["an empty date", { date: "", resourceId: app, userId: u1.objectId }],
    ["no date", { resourceId: app, userId: u1.objectId }],
    ["a user of another tenant", { date: early, resourceId: app, userId: stranger.objectId }],
    ["a user that does not exist", { date: early, resourceId: app, userId: randomUUID() }],
    ["a user id that is no GUID", { date: early, resourceId: app, userId: "someone" }],
  ].entries()) {
    const good = [{ date: day(3 + k), resourceId: flow, userId: u1.objectId }, { date: day(3 + k), resourceId: flow, userId: u2.objectId }];
    const alone = await call(ppAdmin, "POST", envUrl(lab, "/activity"), { value: [bad] });
    const third = await call(ppAdmin, "POST", envUrl(lab, "/activity"), { value: [...good, bad] });
    try {
      const a = assertArmError(alone, 400, "InvalidActivity", `${what}, alone`);
      const m = assertArmError(third, 400, "InvalidActivity", `${what}, after two good rows`);
      assertNamesIndex(a, m, 2, what);
    } catch (e) {
      problems.push(e.message.split("\n")[0]);
    }
    const again = await postActivity(lab, good);
    if (again.added !== 2) {
      problems.push(`${what}: ${third.status === 200 ? "accepted, with its two good rows" : "refused, but its good rows were stored"} (reposting them added ${again.added} of 2)`);
    }
  }
  assert.deepEqual(problems, [], `refusals that did not hold:\n${problems.join("\n")}`);
});

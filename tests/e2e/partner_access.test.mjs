// Who may see partner data (issue 16, finding 1): the partner-side views (insights, explain, the
// partner-of-record customer list, the organisation's members) are for the people of a partner
// organisation who hold one of its Partner Center roles in its home tenant. A PAL link is a claim
// a customer-side credential makes and shows nobody anything. Each refusal is checked as an
// attacker would try it, and that nothing stored changed.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { armCaller, pal, palJson, removeDir, startServer, storeIn, tempDir } from "./harness.mjs";

const root = tempDir("pal-partner-access-");
const dataDir = storeIn(path.join(root, "data"));
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
const t = { contoso: randomUUID(), fabrikam: randomUUID(), mekorma: randomUUID(), northwind: randomUUID() };
const sub = { ea: randomUUID(), plan: randomUUID(), secret: randomUUID(), fabrikam: randomUUID() };
const month = new Date().toISOString().slice(0, 7);
const insights = "api-version=2026-12-01";
const attribution = `/providers/Pal.Insights/attribution?${insights}&from=${month}&to=${month}`;
const explainOf = (tenant, extra = "") => `/providers/Pal.Insights/explain?${insights}&tenant=${tenant}&month=${month}${extra}`;
const customers = "/providers/Pal.PartnerOfRecord/customers?api-version=2026-11-01";
const organisations = `/providers/Pal.Insights/organizations?${insights}`;
const members = (org) => `/providers/Pal.Insights/organizations/${org}/members?${insights}`;
const member = (org, id) => `/providers/Pal.Insights/organizations/${org}/members/${id}?${insights}`;
const link = (id) => `/providers/Microsoft.ManagementPartner/partners/${id}?api-version=2018-02-01`;

let server;
let call;
let p;
// What the store holds that an attack could change: the roles of both organisations, the link
// history and the registry.
const snapshot = () => JSON.stringify({
  mekorma: admin("partner", "role", "list", "--partner-id", "4960815"),
  northwind: admin("partner", "role", "list", "--partner-id", "1234567"),
  links: admin("link", "history"),
  registry: admin("partner", "list"),
});

// Every string anywhere in a JSON value.
function strings(value, out = []) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.entries(value).forEach(([k, v]) => (out.push(k), strings(v, out)));
  return out;
}

function assertRefused(r, status, code, what) {
  assert.equal(r.status, status, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.equal(r.body?.error?.code, code, `${what}: ${JSON.stringify(r.body)}`);
  // Nothing of any customer in a refusal.
  const text = JSON.stringify(r.body);
  for (const secret of [t.contoso, sub.ea, sub.plan, sub.secret, "Contoso", "Secret"]) {
    assert.ok(!text.includes(secret), `${what} names ${secret}: ${text}`);
  }
}

describe("partner access", () => {
  before(async () => {
    for (const [name, id] of Object.entries(t)) admin("tenant", "create", "--tenant-id", id, "--name", name[0].toUpperCase() + name.slice(1));
    admin("partner", "add", "--partner-id", "4960815", "--name", "Mekorma", "--kind", "global", "--tenant-id", t.mekorma);
    const location = admin("partner", "add", "--partner-id", "719878", "--name", "Mekorma", "--global-id", "4960815");
    assert.equal(location.homeTenantId, t.mekorma, "a location inherits its organisation's home tenant");
    admin("partner", "add", "--partner-id", "1234567", "--name", "Northwind Traders", "--tenant-id", t.northwind);
    admin("partner", "add", "--partner-id", "5127255", "--name", "Adatum Consulting");
    admin("subscription", "create", "--subscription-id", sub.ea, "--tenant-id", t.contoso, "--name", "Contoso EA", "--offer", "EnterpriseAgreement");
    admin("subscription", "create", "--subscription-id", sub.plan, "--tenant-id", t.contoso, "--name", "Contoso Plan", "--offer", "AzurePlan");
    admin("subscription", "create", "--subscription-id", sub.secret, "--tenant-id", t.contoso, "--name", "Contoso Secret Project", "--offer", "AzurePlan");
    admin("subscription", "create", "--subscription-id", sub.fabrikam, "--tenant-id", t.fabrikam, "--name", "Fabrikam Plan", "--offer", "AzurePlan");
    const sp = (tenant, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", name);
    const user = (tenant, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", "User", "--name", name);
    p = {
      contosoOwner: sp(t.contoso, "contoso-owner"),
      contosoUser: user(t.contoso, "carol@contoso.example"),
      mekormaOps: sp(t.contoso, "mekorma-ops-in-contoso"), // the partner's credential in the customer
      northwindOps: sp(t.contoso, "northwind-ops-in-contoso"),
      fabrikamSp: sp(t.fabrikam, "fabrikam-automation"),
      admin: user(t.mekorma, "mia@mekorma.example"),
      viewer: sp(t.mekorma, "mekorma-reports"),
      executive: user(t.mekorma, "ceo@mekorma.example"),
      noRole: sp(t.mekorma, "mekorma-build"),
      guest: admin("principal", "create", "--tenant-id", t.mekorma, "--kind", "Guest", "--name", "eve_other.example#EXT#@mekorma.example"),
      northwindAdmin: sp(t.northwind, "northwind-admin"),
    };
    admin("role", "assignment", "create", "--scope", `/subscriptions/${sub.ea}`, "--role", "Owner", "--assignee", p.contosoOwner.objectId);
    admin("role", "assignment", "create", "--scope", `/subscriptions/${sub.plan}`, "--role", "Reader", "--assignee", p.mekormaOps.objectId);
    admin("role", "assignment", "create", "--scope", `/subscriptions/${sub.secret}`, "--role", "Contributor", "--assignee", p.northwindOps.objectId);
    admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", p.admin.objectId, "--role", "Admin");
    admin("partner", "role", "add", "--partner-id", "719878", "--assignee", p.viewer.objectId, "--role", "ReportViewer");
    admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", p.executive.objectId, "--role", "ExecutiveReportViewer");
    admin("partner", "role", "add", "--partner-id", "1234567", "--assignee", p.northwindAdmin.objectId, "--role", "Admin");

    const usage = ["SubscriptionId,ResourceId,Date,CostInBillingCurrency,BillingCurrencyCode"];
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
    for (const [s, cost] of [[sub.ea, "100.5"], [sub.plan, "20.25"], [sub.secret, "7777.77"], [sub.fabrikam, "3.5"]]) {
      usage.push(`${s},/subscriptions/${s}/resourceGroups/rg/providers/Microsoft.Web/sites/app,${month}-${String(lastDay).padStart(2, "0")},${cost},USD`);
    }
    const usageFile = path.join(root, "usage.csv");
    writeFileSync(usageFile, `${usage.join("\n")}\n`);
    server = await startServer(["--data", dataDir, "--port", "0", "--http", "--usage", usageFile]);
    call = armCaller(server.url).call;
    const ok = async (who, method, url, body) => {
      const r = await call(who, method, url, body);
      assert.ok([200, 201].includes(r.status), `${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await ok(p.mekormaOps, "PUT", link("719878"));
    await ok(p.northwindOps, "PUT", link("1234567"));
    await ok(p.contosoOwner, "PUT", `/subscriptions/${sub.ea}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=2026-11-01`,
      { properties: { partnerId: "719878" } });
  });

  after(async () => {
    if (server) await server.stop();
    removeDir(root);
  });

  test("a PAL link shows nobody the partner's data: customer principals linked to 719878 are refused every view", async () => {
    const before = snapshot();
    // Fabrikam's service principal and a Contoso user link themselves to Mekorma's id.
    assert.equal((await call(p.fabrikamSp, "PUT", link("719878"))).status, 200);
    assert.equal((await call(p.contosoUser, "PUT", link("719878"))).status, 200);
    const linked = snapshot();
    for (const who of [p.fabrikamSp, p.contosoUser, p.mekormaOps]) {
      for (const [what, url] of [
        ["attribution", attribution],
        ["attribution for 719878", `${attribution}&partnerId=719878`],
        ["attribution for the global id", `${attribution}&partnerId=4960815`],
        ["explain Contoso", explainOf(t.contoso)],
        ["explain Contoso for 719878", explainOf(t.contoso, "&partnerId=719878")],
        ["customers", customers],
        ["customers for 719878", `${customers}&partnerId=719878`],
        ["members", members("4960815")],
        ["organisation", `/providers/Pal.Insights/organizations/4960815?${insights}`],
      ]) {
        assertRefused(await call(who, "GET", url), 403, "PartnerRoleRequired", `${who.name}: ${what}`);
      }
      const mine = await call(who, "GET", organisations);
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.body.value, [], `${who.name} belongs to no organisation`);
      assertRefused(await call(who, "PUT", member("4960815", who.objectId), { properties: { roles: ["Admin"] } }),
        403, "PartnerRoleRequired", `${who.name} makes itself Admin`);
    }
    assert.equal(snapshot(), linked, "the refusals changed nothing");
    assert.notEqual(before, linked);
  });

  test("a principal of the home tenant without a role sees nothing; a guest there cannot be given one", async () => {
    const before = snapshot();
    assertRefused(await call(p.noRole, "GET", attribution), 403, "PartnerRoleRequired", "no role: attribution");
    assertRefused(await call(p.noRole, "GET", explainOf(t.contoso, "&partnerId=719878")), 403, "PartnerRoleRequired", "no role: explain");
    assertRefused(await call(p.noRole, "GET", customers), 403, "PartnerRoleRequired", "no role: customers");
    const r = await call(p.admin, "PUT", member("4960815", p.guest.objectId), { properties: { roles: ["ReportViewer"] } });
    assertRefused(r, 400, "GuestCannotHoldPartnerRole", "a guest of the home tenant");
    // The CLI refuses a principal of a customer tenant with one line and a non-zero exit.
    const cli = pal(["admin", "partner", "role", "add", "--partner-id", "4960815", "--assignee", p.contosoUser.objectId,
      "--role", "Admin", "--data", dataDir]);
    assert.notEqual(cli.status, 0);
    assert.match(cli.stderr, /^\(PrincipalNotFound\) .+\n$/);
    assert.equal(snapshot(), before, "nothing stored changed");
  });

  test("a Report viewer sees its organisation's customers and subscriptions without revenue; an Executive report viewer with it", async () => {
    const viewer = await call(p.viewer, "GET", attribution);
    assert.equal(viewer.status, 200, JSON.stringify(viewer.body));
    assert.equal(viewer.body.organizationId, "4960815");
    assert.deepEqual(viewer.body.roles, ["ReportViewer"]);
    assert.equal(viewer.body.revenueVisible, false);
    const rows = (b) => b.value.map((v) => `${v.partnerId},${v.subscriptionId},${v.association}`).sort();
    assert.deepEqual(rows(viewer.body), [`719878,${sub.ea},DPOR`, `719878,${sub.plan},PAL`].sort());
    assert.ok(viewer.body.value.every((v) => v.cost === null), "no costs for a Report viewer");

    const executive = await call(p.executive, "GET", attribution);
    assert.equal(executive.status, 200, JSON.stringify(executive.body));
    assert.equal(executive.body.revenueVisible, true);
    assert.deepEqual(rows(executive.body), rows(viewer.body));
    assert.deepEqual(executive.body.value.map((v) => v.cost).sort(), ["100.500000", "20.250000"]);
    // Nothing of Northwind's subscription, customer-only data or another partner.
    for (const body of [viewer.body, executive.body]) {
      const all = strings(body).join("\n");
      for (const hidden of [sub.secret, sub.fabrikam, "Secret", "7777", "1234567", "Northwind"]) {
        assert.ok(!all.includes(hidden), `attribution shows ${hidden}`);
      }
    }
    const c = await call(p.viewer, "GET", customers);
    assert.equal(c.status, 200);
    assert.deepEqual(c.body.value.map((x) => x.subscriptionId), [sub.ea]);
    // Northwind's Admin sees Northwind's data only, and asks for Mekorma's in vain, answered as
    // for an id that does not exist.
    const northwind = await call(p.northwindAdmin, "GET", attribution);
    assert.equal(northwind.status, 200);
    assert.deepEqual(rows(northwind.body), [`1234567,${sub.secret},PAL`]);
    const foreign = await call(p.northwindAdmin, "GET", `${attribution}&partnerId=719878`);
    const missing = await call(p.northwindAdmin, "GET", `${attribution}&partnerId=9999999`);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, missing.body.error.code);
    assert.equal(foreign.body.error.message.replace("719878", "X"), missing.body.error.message.replace("9999999", "X"));
  });

  test("explain answers only what the partner is credited for or could be; other tenants answer as missing ones", async () => {
    const e = await call(p.viewer, "GET", explainOf(t.contoso));
    assert.equal(e.status, 200, JSON.stringify(e.body));
    assert.equal(e.body.revenueVisible, false);
    assert.deepEqual(e.body.subscriptions.map((s) => s.subscriptionId).sort(), [sub.ea, sub.plan].sort());
    const all = strings(e.body).join("\n");
    for (const hidden of [sub.secret, "Contoso Secret Project", "7777", "1234567", "Northwind", p.northwindOps.objectId,
      "usageCost", "usageRows", "palCost", "dporCost", "100.5", "20.25"]) {
      assert.ok(!all.includes(hidden), `explain shows ${hidden}: ${JSON.stringify(e.body)}`);
    }
    const x = await call(p.executive, "GET", explainOf(t.contoso));
    assert.equal(x.status, 200);
    assert.equal(x.body.revenueVisible, true);
    assert.ok(strings(x.body).join("\n").includes("palCost"));
    assert.ok(!strings(x.body).join("\n").includes("7777"), "no cost of a subscription the partner has no part in");
    // The same as `pal explain --partner-view` of the store (with revenue).
    const cli = palJson(["explain", "--data", dataDir, "--usage", path.join(root, "usage.csv"), "--tenant", t.contoso,
      "--partner", "719878", "--month", month, "--partner-view"]);
    assert.deepEqual(x.body, cli);

    // Fabrikam, where Mekorma has no part, and a tenant that does not exist: the same answer.
    const fabrikam = await call(p.executive, "GET", explainOf(t.fabrikam));
    const nobody = randomUUID();
    const missing = await call(p.executive, "GET", explainOf(nobody));
    assert.equal(fabrikam.status, 404, JSON.stringify(fabrikam.body));
    assert.equal(missing.status, fabrikam.status);
    assert.equal(fabrikam.body.error.code, "TenantNotFound");
    assert.equal(missing.body.error.code, fabrikam.body.error.code);
    assert.equal(fabrikam.body.error.message.replace(t.fabrikam, "T"), missing.body.error.message.replace(nobody, "T"));
  });

  test("the organisation's Admin manages its roles; removal takes effect on the next request; nobody else can", async () => {
    const list = await call(p.admin, "GET", members("4960815"));
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.value.map((m) => [m.name, m.properties.roles]).sort(),
      [[p.admin.objectId, ["Admin"]], [p.viewer.objectId, ["ReportViewer"]], [p.executive.objectId, ["ExecutiveReportViewer"]]].sort());
    const before = snapshot();
    // A Report viewer cannot manage roles, nor make itself Admin.
    assertRefused(await call(p.viewer, "PUT", member("4960815", p.viewer.objectId), { properties: { roles: ["Admin"] } }),
      403, "PartnerAdminRequired", "a viewer promotes itself");
    assertRefused(await call(p.viewer, "GET", members("4960815")), 403, "PartnerAdminRequired", "a viewer lists members");
    // Northwind's Admin cannot touch Mekorma's organisation.
    assertRefused(await call(p.northwindAdmin, "PUT", member("4960815", p.northwindAdmin.objectId), { properties: { roles: ["Admin"] } }),
      403, "PartnerRoleRequired", "another organisation's Admin");
    // A principal of another tenant cannot be given a role.
    const outsider = await call(p.admin, "PUT", member("4960815", p.contosoUser.objectId), { properties: { roles: ["ReportViewer"] } });
    assert.equal(outsider.status, 404, JSON.stringify(outsider.body));
    assert.equal(outsider.body.error.code, "PrincipalNotFound");
    // Bad bodies.
    for (const body of [{ properties: { roles: ["Owner"] } }, { properties: { roles: [] } }, { properties: {} }, [1]]) {
      const r = await call(p.admin, "PUT", member("4960815", p.noRole.objectId), body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
    }
    // The only Admin cannot drop its role.
    const last = await call(p.admin, "DELETE", member("4960815", p.admin.objectId));
    assert.equal(last.status, 409, JSON.stringify(last.body));
    assert.equal(last.body.error.code, "LastPartnerAdmin");
    assert.equal(snapshot(), before, "the refused changes changed nothing");

    // Give noRole a role: it sees the data on its next request; take it away: refused on the next.
    const given = await call(p.admin, "PUT", member("4960815", p.noRole.objectId), { properties: { roles: ["ReportViewer"] } });
    assert.equal(given.status, 201, JSON.stringify(given.body));
    assert.equal((await call(p.noRole, "GET", attribution)).status, 200);
    assert.equal((await call(p.admin, "DELETE", member("4960815", p.noRole.objectId))).status, 200);
    assertRefused(await call(p.noRole, "GET", attribution), 403, "PartnerRoleRequired", "after the role was removed");
    // The CLI takes a role away the same way.
    admin("partner", "role", "remove", "--partner-id", "4960815", "--assignee", p.viewer.objectId, "--role", "ReportViewer");
    assertRefused(await call(p.viewer, "GET", customers), 403, "PartnerRoleRequired", "after pal admin partner role remove");
    admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", p.viewer.objectId, "--role", "ReportViewer");
  });

  test("an organisation without a home tenant: nobody can hold its roles, and the error says how to set one", async () => {
    const before = snapshot();
    const r = pal(["admin", "partner", "role", "add", "--partner-id", "5127255", "--assignee", p.admin.objectId,
      "--role", "Admin", "--data", dataDir]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /^\(NoPartnerHomeTenant\) .*pal admin partner update --partner-id 5127255 --tenant-id/);
    assert.equal(admin("partner", "role", "list", "--partner-id", "5127255").length, 0);
    assert.equal(snapshot(), before);
    // Setting it: a principal of that tenant can then hold a role.
    admin("partner", "update", "--partner-id", "5127255", "--tenant-id", t.mekorma);
    const added = admin("partner", "role", "add", "--partner-id", "5127255", "--assignee", p.noRole.objectId, "--role", "ReportViewer");
    assert.equal(added.role, "ReportViewer");
    // Moving the home tenant ends the roles held in the old one.
    admin("partner", "update", "--partner-id", "5127255", "--tenant-id", t.northwind);
    assert.deepEqual(admin("partner", "role", "list", "--partner-id", "5127255"), []);
  });
});

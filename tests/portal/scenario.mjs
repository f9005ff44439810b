// The portal tests' data directory, made with `pal admin` before the server starts, and the
// usage file of the current UTC month for `pal serve --usage`.
//
// Contoso (customer) has an Enterprise Agreement subscription and two Azure plan ones (USD and
// EUR usage). alice is Owner of all three, carol only Contributor on the EA one. Mekorma
// (partner) has bob, who also has a guest account in Contoso with Reader on the two Azure plan
// subscriptions. During the test bob's guest account links 719878 (PAL) and alice makes
// 719878 the EA subscription's partner of record (DPOR); both are in force at the end of
// today's UTC day and later (rule A3), which is where the usage rows are dated.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { palJson } from "../e2e/harness.mjs";
import { microText } from "./lib.mjs";

export const ids = {
  customer: "c0570000-0000-4000-8000-0000000000c1",
  partner: "3e4a0000-0000-4000-8000-0000000000b1",
  eaSub: "ea000000-0000-4000-8000-0000000000e1",
  planSub: "a2000000-0000-4000-8000-0000000000a1",
  euroSub: "e0000000-0000-4000-8000-0000000000e2",
};

export function prepare(dataDir) {
  const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
  const principal = (tenantId, kind, name) =>
    admin("principal", "create", "--tenant-id", tenantId, "--kind", kind, "--name", name);
  const grant = (scope, role, who) =>
    admin("role", "assignment", "create", "--scope", scope, "--role", role, "--assignee", who.objectId);

  admin("tenant", "create", "--tenant-id", ids.customer, "--name", "Contoso");
  admin("tenant", "create", "--tenant-id", ids.partner, "--name", "Mekorma");
  admin("partner", "add", "--partner-id", "719878", "--name", "Mekorma", "--global-id", "4960815");
  admin("partner", "add", "--partner-id", "4960815", "--name", "Mekorma", "--kind", "global");
  admin("partner", "add", "--partner-id", "1234567", "--name", "Northwind Traders");
  const subs = {
    ea: { id: ids.eaSub, name: "Contoso Production (EA)", offer: "EnterpriseAgreement" },
    plan: { id: ids.planSub, name: "Contoso Development", offer: "AzurePlan" },
    euro: { id: ids.euroSub, name: "Contoso Europe", offer: "AzurePlan" },
  };
  for (const s of Object.values(subs)) {
    admin("subscription", "create", "--subscription-id", s.id, "--tenant-id", ids.customer,
      "--name", s.name, "--offer", s.offer);
  }

  const users = {
    alice: principal(ids.customer, "User", "alice@customer.example"),
    carol: principal(ids.customer, "User", "carol@customer.example"),
    dave: principal(ids.customer, "User", "dave@customer.example"),
    bot: principal(ids.customer, "ServicePrincipal", "reporting-bot"),
    bob: principal(ids.partner, "User", "bob@partner.example"),
    bobGuest: principal(ids.customer, "Guest", "bob_partner.example#EXT#@customer.example"),
  };
  // Mekorma's organisation (global account 4960815, location 719878) has its home tenant, where
  // bob is its Admin: he sees its insights. Links made in Contoso show nobody anything.
  admin("partner", "update", "--partner-id", "4960815", "--tenant-id", ids.partner);
  admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", users.bob.objectId, "--role", "Admin");
  for (const s of Object.values(subs)) grant(`/subscriptions/${s.id}`, "Owner", users.alice);
  grant(`/subscriptions/${subs.ea.id}`, "Contributor", users.carol);
  grant(`/subscriptions/${subs.plan.id}`, "Reader", users.bobGuest);
  grant(`/subscriptions/${subs.euro.id}`, "Reader", users.bobGuest);

  // Usage of the current UTC month: days from today on are credited once the link and the
  // partner of record are made (today); an earlier day (when there is one) is credited to
  // nobody.
  const now = new Date();
  const year = now.getUTCFullYear();
  const monthIndex = now.getUTCMonth();
  const month = `${year}-${String(monthIndex + 1).padStart(2, "0")}`;
  const today = now.getUTCDate();
  const last = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const creditedDays = [...new Set([today, Math.min(today + 2, last), last])];
  const day = (d) => `${month}-${String(d).padStart(2, "0")}`;
  const rg = (s, name) => `/subscriptions/${s.id}/resourceGroups/${name}`;
  const usage = [];
  const add = (s, resource, d, cost, currency) => usage.push({ s, resource, date: day(d), cost, currency });
  creditedDays.forEach((d, i) => {
    add(subs.ea, `${rg(subs.ea, "prod")}/providers/Microsoft.Compute/virtualMachines/vm-${i}`, d, `${120 + i}.123456`, "USD");
    add(subs.ea, `${rg(subs.ea, "prod")}/providers/Microsoft.Sql/servers/sql1/databases/db1`, d, "0.000001", "USD");
    add(subs.plan, `${rg(subs.plan, "dev")}/providers/Microsoft.Web/sites/app1`, d, `${33 + i}.5`, "USD");
    add(subs.euro, `${rg(subs.euro, "eu")}/providers/Microsoft.Storage/storageAccounts/euro1`, d, "1000.25", "EUR");
  });
  if (today > 1) {
    add(subs.ea, `${rg(subs.ea, "prod")}/providers/Microsoft.Compute/virtualMachines/early`, 1, "999.000000", "USD");
    add(subs.plan, `${rg(subs.plan, "dev")}/providers/Microsoft.Web/sites/app1`, 1, "77.7", "USD");
  }
  const usageFile = path.join(dataDir, "usage.csv");
  writeFileSync(usageFile, [
    "SubscriptionId,ResourceId,Date,CostInBillingCurrency,BillingCurrencyCode",
    ...usage.map((u) => [u.s.id, u.resource, u.date, u.cost, u.currency].join(",")),
  ].join("\n") + "\n");

  // What pal attribute should credit 719878 with once the test has made the link and the DPOR.
  const micro = (c) => {
    const [w, f = ""] = c.split(".");
    return BigInt(w) * 1_000_000n + BigInt((f + "000000").slice(0, 6));
  };
  const expected = new Map();
  for (const u of usage.filter((u) => Number(u.date.slice(8)) >= today)) {
    const association = u.s === subs.ea ? "DPOR" : "PAL";
    const key = `${u.s.id},${association},${u.currency}`;
    expected.set(key, (expected.get(key) ?? 0n) + micro(u.cost));
  }
  const expectedRows = [...expected].map(([k, v]) => {
    const [subscription_id, association, currency] = k.split(",");
    return { subscription_id, association, currency, cost: microText(v) };
  });

  return { ids, subs, users, month, usageFile, expectedRows };
}

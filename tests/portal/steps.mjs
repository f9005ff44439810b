// The portal's pages, step by step, as docs/portal.md names them; the API state behind every
// change is checked too (over HTTPS or with the pal CLI on the data directory).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { palJson } from "../e2e/harness.mjs";
import {
  choose, column, definition, desktop, eventually, h1, optionTexts, overflowsSideways, phone, readTable,
  unlabelledControls,
} from "./browser.mjs";
import { csvObjects, jwtClaims, show, totalsByCurrency } from "./lib.mjs";

const partnersPath = "/providers/Microsoft.ManagementPartner/partners";
const linkApi = (id = "") => `${partnersPath}${id ? `/${id}` : ""}?api-version=2018-02-01`;
const readerRoleId = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

export async function portalSteps({ step, s, api, origin, scenario, dataDir, attribute }) {
  const { ids, subs, users, month } = scenario;
  const portal = `${origin}/portal/`;
  const home = { ...users.bob, tenant: ids.partner };
  const alice = { ...users.alice, tenant: ids.customer };
  const carol = { ...users.carol, tenant: ids.customer };

  // Tokens as the portal gets them: the `organizations` authority for the home tenant, the
  // guest tenant's authority with the home sign-in name and password.
  const tokenCache = new Map();
  const token = async (authority, user) => {
    const key = `${authority}/${user.name}`;
    if (!tokenCache.has(key)) tokenCache.set(key, await api.passwordToken(authority, user.name, user.secret));
    return tokenCache.get(key);
  };
  const bobHome = () => token("organizations", users.bob);
  const bobGuest = () => token(ids.customer, users.bob);
  const aliceToken = () => token("organizations", users.alice);
  const carolToken = () => token("organizations", users.carol);
  const dporApi = (sub) => `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=2026-11-01`;
  const eligibility = async (sub, t) => {
    const r = await api.call("GET", `/subscriptions/${sub}/providers/Pal.PartnerOfRecord/eligibility?api-version=2026-11-01`, { token: t });
    assert.equal(r.status, 200, `eligibility of ${sub}: ${show(r)}`);
    return r.body;
  };
  const assignmentsOf = async (principal) => {
    const filter = encodeURIComponent(`principalId eq '${principal.objectId}'`);
    const r = await api.call("GET",
      `/subscriptions/${subs.ea.id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${filter}`,
      { token: await aliceToken() });
    assert.equal(r.status, 200, show(r));
    return r.body.value;
  };

  // Signs in as the portal does: its "Sign in" button leads to the token service's sign-in page
  // (the portal never sees the password), which redirects back with a code.
  async function signIn(page, user, { keyboard = false } = {}) {
    await page.goto(portal);
    const start = page.getByRole("button", { name: "Sign in", exact: true });
    await start.waitFor();
    await start.click();
    const username = page.getByRole("textbox", { name: "Username", exact: true });
    await username.waitFor();
    assert.match(page.url(), /\/organizations\/oauth2\/v2\.0\/authorize\?/, "the token service's sign-in page");
    if (keyboard) {
      await username.focus();
      await page.keyboard.type(user.name);
      await page.keyboard.press("Tab");
      await page.keyboard.type(user.secret);
      await page.keyboard.press("Enter");
    } else {
      await username.fill(user.name);
      await page.getByLabel("Password", { exact: true }).fill(user.secret);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
    }
    await page.getByRole("button", { name: "Sign out", exact: true }).waitFor();
    assert.ok(!page.url().includes("code="), "the code is left in the address bar");
  }

  // Follows a navigation link (through the "Menu" button when the navigation is collapsed).
  async function go(page, link, heading = link) {
    const a = page.getByRole("link", { name: link, exact: true });
    if (!(await a.isVisible())) {
      const menu = page.getByRole("button", { name: "Menu", exact: true });
      if (await menu.isVisible()) await menu.click();
    }
    await a.click();
    await h1(page, heading).waitFor();
    assert.equal(await page.getByRole("heading", { level: 1 }).count(), 1, `one h1 on ${heading}`);
    assert.deepEqual(await unlabelledControls(page), [], `controls without a visible label on ${heading}`);
  }

  async function withPage(fn, viewport = desktop) {
    const { context, page } = await s.open({ viewport });
    try {
      return await fn(page);
    } finally {
      await context.close();
    }
  }

  const directory = (page) => page.getByRole("combobox", { name: "Directory", exact: true });
  const partnerIdBox = (page) => page.getByRole("textbox", { name: "Partner ID", exact: true });
  const button = (scope, name) => scope.getByRole("button", { name, exact: true });
  const alert = (page) => page.getByRole("alert");
  const confirm = async (page, name) => {
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await button(dialog, name).click();
    await dialog.waitFor({ state: "hidden" });
  };
  const linkShown = async (page, partnerId, partnerName) => {
    await eventually(async () => {
      assert.equal((await definition(page, "Partner ID").textContent()).trim(), partnerId);
      assert.equal((await definition(page, "Partner name").textContent()).trim(), partnerName);
    }, `the link page shows ${partnerId} (${partnerName})`);
    assert.notEqual((await definition(page, "Linked since").textContent()).trim(), "", "Linked since is empty");
  };
  const linkOf = async (t) => api.call("GET", linkApi(), { token: t });

  // --- the server side the portal stands on -------------------------------------------------
  let portalServed = false;
  await step("server: /portal/ is served with CSP default-src 'self'", async () => {
    const r = await api.call("GET", "/portal/");
    assert.equal(r.status, 200, `GET /portal/: ${r.status} ${r.text.slice(0, 200)} (is web/dist built? scripts/build-portal)`);
    assert.match(String(r.headers["content-type"]), /^text\/html/, "content type of /portal/");
    assert.match(String(r.headers["content-security-policy"]), /default-src 'self'/, "CSP of /portal/");
    portalServed = true;
  });

  await step("server: organizations and guest token authorities, /tenants, principals, insights without a link", async () => {
    const h = jwtClaims(await bobHome());
    assert.equal(h.tid, ids.partner, "organizations token of bob: home tenant");
    assert.equal(h.oid, users.bob.objectId, "organizations token of bob: his object id");
    const g = jwtClaims(await bobGuest());
    assert.equal(g.tid, ids.customer, "guest token of bob: the customer tenant");
    assert.equal(g.oid, users.bobGuest.objectId, "guest token of bob: the guest principal");
    assert.equal(jwtClaims(await aliceToken()).tid, ids.customer, "organizations token of alice");

    const t = await api.call("GET", "/tenants?api-version=2022-12-01", { token: await bobHome() });
    assert.equal(t.status, 200, show(t));
    const byId = Object.fromEntries(t.body.value.map((v) => [v.tenantId, v]));
    assert.deepEqual(Object.keys(byId).sort(), [ids.customer, ids.partner].sort(), `GET /tenants as bob: ${t.text}`);
    assert.equal(byId[ids.partner].accountType, "Member", t.text);
    assert.equal(byId[ids.partner].displayName, "Mekorma", t.text);
    assert.equal(byId[ids.customer].accountType, "Guest", t.text);
    assert.equal(byId[ids.customer].displayName, "Contoso", t.text);

    const p = await api.call("GET", "/providers/Pal.Directory/principals?api-version=2026-12-01", { token: await aliceToken() });
    assert.equal(p.status, 200, show(p));
    const names = p.body.value.map((v) => v.displayName);
    for (const n of ["alice@customer.example", "carol@customer.example", "reporting-bot", users.bobGuest.name]) {
      assert.ok(names.includes(n), `principals of Contoso lack ${n}: ${p.text}`);
    }
    assert.ok(!names.includes("bob@partner.example"), `principals of Contoso include another tenant's: ${p.text}`);
    const bot = p.body.value.find((v) => v.displayName === "reporting-bot");
    assert.deepEqual(bot, { objectId: users.bot.objectId, displayName: "reporting-bot", principalType: "ServicePrincipal", tenantId: ids.customer });
    const q = await api.call("GET", "/providers/Pal.Directory/principals?api-version=2026-12-01&search=reporting", { token: await aliceToken() });
    assert.equal(q.status, 200, show(q));
    assert.deepEqual(q.body.value.map((v) => v.displayName), ["reporting-bot"], `search=reporting: ${q.text}`);

    const i = await api.call("GET", `/providers/Pal.Insights/attribution?api-version=2026-12-01&from=${month}&to=${month}`, { token: await bobGuest() });
    assert.equal(i.status, 403, `insights as a customer-side guest: ${show(i)}`);
    assert.equal(i.body?.error?.code, "PartnerRoleRequired", `insights as a customer-side guest: ${show(i)}`);
  });

  // docs/portal.md: "`eligible` only for EnterpriseAgreement, `canManage` only for the Owner".
  await step("server: DPOR eligibility (EA Owner, Azure plan Owner, EA Contributor)", async () => {
    const ea = await eligibility(subs.ea.id, await aliceToken());
    assert.deepEqual([ea.subscriptionId, ea.offer, ea.eligible, ea.canManage], [subs.ea.id, "EnterpriseAgreement", true, true], JSON.stringify(ea));
    const plan = await eligibility(subs.plan.id, await aliceToken());
    assert.deepEqual([plan.offer, plan.eligible], ["AzurePlan", false], JSON.stringify(plan));
    assert.ok(typeof plan.reason === "string" && plan.reason.length > 0, `reason on the Azure plan: ${JSON.stringify(plan)}`);
    const c = await eligibility(subs.ea.id, await carolToken());
    assert.deepEqual([c.eligible, c.canManage], [true, false], JSON.stringify(c));
    assert.ok(typeof c.reason === "string" && c.reason.length > 0, `reason for the Contributor: ${JSON.stringify(c)}`);
    assert.equal(plan.canManage, true,
      `the Owner of an Azure plan subscription: docs/portal.md has canManage "only for the Owner": ${JSON.stringify(plan)}`);
  });

  if (!portalServed) return;

  // --- sign-in --------------------------------------------------------------------------------
  await step("sign-in at 1280×800: header, Directory, navigation, sign out", async () => {
    await withPage(async (page) => {
      await page.goto(portal);
      await button(page, "Sign in").waitFor();
      assert.match(page.url(), /#\/signin$/, "signed out, the portal shows #/signin");
      assert.equal(await page.getByRole("heading", { level: 1 }).count(), 1, "one h1 on the sign-in page");
      await s.shoot(page, "signin");

      // The token service's sign-in page: a wrong password is shown there, nothing reaches the portal.
      await button(page, "Sign in").click();
      await page.getByRole("textbox", { name: "Username", exact: true }).fill(users.bob.name);
      await page.getByLabel("Password", { exact: true }).fill("not-the-password");
      await button(page, "Sign in").click();
      await alert(page).waitFor();
      assert.match(await alert(page).textContent(), /AADSTS50126/, "the sign-in page's error");
      assert.equal(await page.getByRole("heading", { level: 1 }).count(), 1, "one h1 on the token service's page");
      await s.shoot(page, "signin-page");

      await signIn(page, home);
      const banner = page.getByRole("banner");
      const bannerText = await banner.textContent();
      assert.ok(bannerText.includes(users.bob.name), `the header shows the user's name: ${bannerText}`);
      const options = await optionTexts(directory(page));
      assert.equal(options.length, 2, `Directory options: ${options.join(" | ")}`);
      assert.ok(options.some((o) => o.includes("Mekorma") && !o.includes("(guest)")), `Directory: ${options.join(" | ")}`);
      assert.ok(options.some((o) => o.includes("Contoso") && o.includes("(guest)")), `Directory: ${options.join(" | ")}`);
      for (const l of ["Link to a partner ID", "Subscriptions", "Access control (IAM)", "Partner insights"]) {
        assert.ok(await page.getByRole("link", { name: l, exact: true }).isVisible(), `navigation link "${l}" visible`);
      }
      assert.ok(!(await button(page, "Menu").isVisible()), "no Menu button at 1280 px");
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
      assert.ok(!stored.includes(users.bob.secret), "the password is in web storage or a cookie");
      await s.shoot(page, "signed-in");

      await button(page, "Sign out").click();
      await button(page, "Sign in").waitFor();
    });
  });

  // --- PAL link in the home directory ---------------------------------------------------------
  await step("link, change and remove a partner ID (home directory)", async () => {
    await withPage(async (page) => {
      await signIn(page, home);
      await go(page, "Link to a partner ID");
      await page.getByText("No partner ID is linked").waitFor();
      assert.ok(!(await button(page, "Change").isVisible()), "Change shown without a link");

      const bad = await api.call("PUT", linkApi("999"), { token: await bobHome() });
      assert.equal(bad.status, 400, show(bad));
      await partnerIdBox(page).fill("999");
      await button(page, "Link").click();
      await eventually(async () => {
        const text = (await alert(page).textContent()).trim();
        assert.ok(text.includes(bad.body.error.message), `alert "${text}" is not the API's message "${bad.body.error.message}"`);
        assert.ok(!text.includes("BadRequest"), `alert "${text}" carries the code`);
      }, "the error for partner ID 999");

      await partnerIdBox(page).fill("719878");
      await button(page, "Link").click();
      await linkShown(page, "719878", "Mekorma");
      let r = await linkOf(await bobHome());
      assert.equal(r.status, 200, show(r));
      assert.equal(r.body.properties.partnerId, "719878");
      assert.equal(r.body.properties.objectId, users.bob.objectId);
      await s.shoot(page, "link");

      await partnerIdBox(page).fill("1234567");
      await button(page, "Change").click();
      await linkShown(page, "1234567", "Northwind Traders");
      r = await linkOf(await bobHome());
      assert.equal(r.body.properties.partnerId, "1234567", show(r));

      await button(page, "Remove link").click();
      await confirm(page, "Cancel");
      await linkShown(page, "1234567", "Northwind Traders");
      await button(page, "Remove link").click();
      await confirm(page, "Remove");
      await page.getByText("No partner ID is linked").waitFor();
      r = await linkOf(await bobHome());
      assert.equal(r.status, 404, `after Remove: ${show(r)}`);

      const history = palJson(["admin", "link", "history", "--data", dataDir])
        .filter((h) => h.objectId === users.bob.objectId);
      assert.deepEqual(history.map((h) => [h.newPartnerId, h.newState]),
        [["719878", "Active"], ["1234567", "Active"], [history[2]?.newPartnerId ?? null, "Deleted"]],
        `link history of bob: ${JSON.stringify(history)}`);

      // Linked again: Partner insights needs the caller's own link.
      await partnerIdBox(page).fill("719878");
      await button(page, "Link").click();
      await linkShown(page, "719878", "Mekorma");
    });
  });

  // --- the guest directory -------------------------------------------------------------------
  await step("switch Directory to the guest tenant, link there, and back", async () => {
    await withPage(async (page) => {
      await signIn(page, home);
      await go(page, "Link to a partner ID");
      await choose(page, directory(page), "Contoso");
      await page.getByText("No partner ID is linked").waitFor();
      await partnerIdBox(page).fill("719878");
      await button(page, "Link").click();
      await linkShown(page, "719878", "Mekorma");
      const r = await linkOf(await bobGuest());
      assert.equal(r.status, 200, show(r));
      assert.equal(r.body.properties.objectId, users.bobGuest.objectId, "the link is the guest principal's");
      assert.equal(r.body.properties.tenantId, ids.customer);
      await s.shoot(page, "link-guest");

      await go(page, "Subscriptions");
      const table = page.getByRole("table");
      await eventually(async () => {
        const { head, rows } = await readTable(table);
        const names = rows.map((row) => row[column(head, "Name")]).sort();
        assert.deepEqual(names, [subs.plan.name, subs.euro.name].sort(), "the guest's subscriptions");
      }, "Subscriptions as the guest");
      await s.shoot(page, "subscriptions-guest");

      await choose(page, directory(page), "Mekorma");
      await eventually(async () => {
        const text = await page.locator("main").textContent();
        assert.ok(!text.includes(subs.plan.name), "Contoso's subscriptions still shown in the home directory");
      }, "Subscriptions after switching back home");
      await go(page, "Link to a partner ID");
      await linkShown(page, "719878", "Mekorma");
    });
  });

  // --- DPOR ----------------------------------------------------------------------------------
  await step("DPOR: validate, save, delete and save again as the Owner (EA)", async () => {
    await withPage(async (page) => {
      await signIn(page, alice);
      await go(page, "Subscriptions");
      const table = page.getByRole("table");
      await eventually(async () => {
        const { head, rows } = await readTable(table);
        const seen = rows.map((row) => [row[column(head, "Name")], row[column(head, "ID")], row[column(head, "State")]]).sort();
        const want = Object.values(subs).map((x) => [x.name, x.id, "Enabled"]).sort();
        assert.deepEqual(seen, want);
      }, "the Subscriptions table");
      const link = page.getByRole("link", { name: subs.ea.name, exact: true });
      assert.ok((await link.getAttribute("href")).endsWith(`#/subscriptions/${subs.ea.id}`), "the name links to #/subscriptions/{id}");
      await s.shoot(page, "subscriptions");
      await link.click();
      await h1(page, "Partner information").waitFor();

      await partnerIdBox(page).fill("719878");
      await button(page, "Validate ID").click();
      await eventually(async () => {
        assert.ok((await page.getByRole("status").textContent()).includes("Mekorma"));
      }, "Validate ID shows the partner name");
      assert.equal((await api.call("GET", dporApi(subs.ea.id), { token: await aliceToken() })).status, 404, "Validate ID saved");

      await button(page, "Save").click();
      const dporIs = async (id) => eventually(async () => {
        const r = await api.call("GET", dporApi(subs.ea.id), { token: await aliceToken() });
        if (id === null) assert.equal(r.status, 404, show(r));
        else assert.equal(r.body?.properties?.partnerId, id, show(r));
      }, `the partner of record is ${id}`);
      await dporIs("719878");
      await eventually(async () => {
        assert.equal((await definition(page, "Partner ID").textContent()).trim(), "719878");
        assert.equal((await definition(page, "Partner name").textContent()).trim(), "Mekorma");
      }, "the current partner of record shown");

      await button(page, "Delete").click();
      await confirm(page, "Delete");
      await dporIs(null);
      await partnerIdBox(page).fill("719878");
      await button(page, "Save").click();
      await dporIs("719878");
      await eventually(async () => {
        assert.equal((await definition(page, "Partner ID").textContent()).trim(), "719878");
      }, "the partner of record shown again");
      await s.shoot(page, "partner-information-ea");
    });
  });

  const refused = async (page, sub, t, name) => {
    const e = await eligibility(sub.id, t);
    await go(page, "Subscriptions");
    await page.getByRole("link", { name: sub.name, exact: true }).click();
    await h1(page, "Partner information").waitFor();
    await eventually(async () => {
      assert.ok(await partnerIdBox(page).isDisabled(), "textbox Partner ID enabled");
      for (const b of ["Validate ID", "Save"]) assert.ok(await button(page, b).isDisabled(), `button ${b} enabled`);
    }, `the controls are disabled (${e.reason})`);
    await page.getByText(e.reason, { exact: false }).first().waitFor();
    await s.shoot(page, name);
  };

  await step("DPOR refused on the Azure plan subscription (Owner), with the reason", async () => {
    await withPage(async (page) => {
      await signIn(page, alice);
      await refused(page, subs.plan, await aliceToken(), "partner-information-azure-plan");
    });
  });

  await step("DPOR refused to the Contributor (EA), with the reason", async () => {
    await withPage(async (page) => {
      await signIn(page, carol);
      await refused(page, subs.ea, await carolToken(), "partner-information-contributor");
    });
  });

  // --- access control ------------------------------------------------------------------------
  await step("access control: add and remove a Reader", async () => {
    await withPage(async (page) => {
      await signIn(page, alice);
      await go(page, "Access control (IAM)");
      await choose(page, page.getByRole("combobox", { name: "Scope", exact: true }), subs.ea.name);
      const table = page.getByRole("table");
      const rowsOf = async () => {
        const { head, rows } = await readTable(table);
        return rows.map((r) => ({ role: r[column(head, "Role")], member: r[column(head, "Member")],
          type: r[column(head, "Type")], scope: r[column(head, "Scope")] }));
      };
      await eventually(async () => {
        const rows = await rowsOf();
        assert.ok(rows.some((r) => r.role === "Owner" && r.member.includes("alice@customer.example")), JSON.stringify(rows));
        assert.ok(rows.some((r) => r.role === "Contributor" && r.member.includes("carol@customer.example")), JSON.stringify(rows));
      }, "the role assignments of the EA subscription");

      await choose(page, page.getByRole("combobox", { name: "Role", exact: true }), "Reader");
      await choose(page, page.getByRole("combobox", { name: "Member", exact: true }), "reporting-bot");
      await button(page, "Save").click();
      await eventually(async () => {
        const rows = await rowsOf();
        const bot = rows.find((r) => r.member.includes("reporting-bot"));
        assert.ok(bot, JSON.stringify(rows));
        assert.equal(bot.role, "Reader");
        assert.equal(bot.type, "ServicePrincipal");
      }, "the new Reader row");
      let assigned = await assignmentsOf(users.bot);
      assert.equal(assigned.length, 1, JSON.stringify(assigned));
      assert.ok(assigned[0].properties.roleDefinitionId.endsWith(readerRoleId), JSON.stringify(assigned));
      assert.equal(assigned[0].properties.scope, `/subscriptions/${subs.ea.id}`);
      await s.shoot(page, "iam");

      const row = table.locator("tbody tr").filter({ hasText: "reporting-bot" });
      await button(row, "Remove").click();
      await confirm(page, "Remove");
      await eventually(async () => {
        assert.ok(!(await rowsOf()).some((r) => r.member.includes("reporting-bot")));
      }, "the Reader row removed");
      assigned = await assignmentsOf(users.bot);
      assert.deepEqual(assigned, [], "the assignment is still there");
    });
  });

  await step("Partner insights for a customer user linked to the partner: the plain \"no partner organisation\" message", async () => {
    // dave, a Contoso user with no role anywhere, links Mekorma's id: a customer-side claim.
    const daveToken = await token("organizations", users.dave);
    const linked = await api.call("PUT", linkApi("719878"), { token: daveToken });
    assert.equal(linked.status, 200, show(linked));
    const r = await api.call("GET", `/providers/Pal.Insights/attribution?api-version=2026-12-01&from=${month}&to=${month}`,
      { token: daveToken });
    assert.equal(r.body?.error?.code, "PartnerRoleRequired", show(r));
    await withPage(async (page) => {
      await signIn(page, { ...users.dave, tenant: ids.customer });
      await go(page, "Partner insights");
      const notice = page.getByTestId("no-partner-organization");
      await notice.waitFor({ state: "visible" });
      const text = await notice.textContent();
      assert.ok(text.includes("No partner organisation"), text);
      assert.ok(text.includes("You hold no role in a partner organisation"), text);
      assert.equal(await page.getByRole("table", { name: "Revenue by customer and subscription", exact: true }).count(), 0,
        "no revenue table for a customer user");
      await s.shoot(page, "insights-no-organisation");
    });
  });

  // --- partner insights ----------------------------------------------------------------------
  await step("partner insights: table, total, chart, filter, sort and CSV equal pal attribute", async () => {
    // The earlier steps made these; if one of them failed, make it here so insights still run.
    const ensure = async (what, t, path, method, json) => {
      const r = await api.call(method, path, { token: t, json });
      if (r.status !== 200) throw new Error(`${what}: ${show(r)}`);
    };
    if ((await linkOf(await bobHome())).status !== 200) {
      console.log("note: bob's home link was missing; linked through the API");
      await ensure("bob's home link", await bobHome(), linkApi("719878"), "PUT");
    }
    if ((await linkOf(await bobGuest())).status !== 200) {
      console.log("note: bob's guest link was missing; linked through the API");
      await ensure("bob's guest link", await bobGuest(), linkApi("719878"), "PUT");
    }
    if ((await api.call("GET", dporApi(subs.ea.id), { token: await aliceToken() })).status !== 200) {
      console.log("note: the EA subscription's partner of record was missing; set through the API");
      await ensure("DPOR", await aliceToken(), dporApi(subs.ea.id), "PUT", { properties: { partnerId: "719878" } });
    }

    const attributed = attribute();
    const mine = attributed.rows.filter((r) => r.partner_id === "719878");
    const key = (r) => `${r.subscription_id},${r.association},${r.currency},${r.cost}`;
    assert.deepEqual(mine.map(key).sort(), scenario.expectedRows.map(key).sort(),
      "pal attribute does not credit 719878 as the scenario intends (rule A3: link and DPOR made today)");
    const totals = totalsByCurrency(mine);

    const i = await api.call("GET", `/providers/Pal.Insights/attribution?api-version=2026-12-01&from=${month}&to=${month}`, { token: await bobHome() });
    assert.equal(i.status, 200, show(i));
    assert.equal(i.body.partnerId, "4960815", "the organisation, by its global account id");
    assert.equal(i.body.organizationId, "4960815");
    assert.equal(i.body.partnerName, "Mekorma");
    assert.deepEqual(i.body.roles, ["Admin"]);
    assert.equal(i.body.revenueVisible, true);
    assert.deepEqual(i.body.months, [month]);
    const apiKey = (v) => `${v.month},${v.tenantId},${v.subscriptionId},${v.association},${v.currency},${v.cost}`;
    assert.deepEqual(i.body.value.map(apiKey).sort(),
      mine.map((r) => `${r.month},${r.tenant_id},${r.subscription_id},${r.association},${r.currency},${r.cost}`).sort(),
      `Pal.Insights attribution against pal attribute: ${i.text}`);
    for (const v of i.body.value) {
      assert.equal(v.customerName, "Contoso");
      assert.equal(v.subscriptionName, Object.values(subs).find((x) => x.id === v.subscriptionId).name);
    }
    assert.deepEqual(i.body.powerPlatform, [], "no Power Platform rows in this scenario");

    const explained = palJson(["explain", "--data", dataDir, "--usage", scenario.usageFile, "--tenant", ids.customer,
      "--partner", "719878", "--month", month, "--partner-view"]);
    const e = await api.call("GET", `/providers/Pal.Insights/explain?api-version=2026-12-01&tenant=${ids.customer}&month=${month}`, { token: await bobHome() });
    assert.equal(e.status, 200, show(e));
    assert.deepEqual(e.body, explained, "Pal.Insights explain against pal explain --partner-view");

    await withPage(async (page) => {
      await signIn(page, home);
      await go(page, "Partner insights");
      await page.getByLabel("From", { exact: true }).fill(month);
      await page.getByLabel("To", { exact: true }).fill(month);
      const table = page.getByRole("table", { name: "Revenue by customer and subscription", exact: true });
      const subName = (id) => Object.values(subs).find((x) => x.id === id).name;
      const shownRows = async () => {
        const { head, rows } = await readTable(table);
        return rows.map((r) => ({ month: r[column(head, "Month")], customer: r[column(head, "Customer")],
          subscription: r[column(head, "Subscription")], association: r[column(head, "Association")],
          cost: r[column(head, "Cost")], currency: r[column(head, "Currency")] }));
      };
      const matches = (shown, r) => shown.month === r.month
        && (shown.customer.includes("Contoso") || shown.customer.includes(r.tenant_id))
        && (shown.subscription.includes(subName(r.subscription_id)) || shown.subscription.includes(r.subscription_id))
        && (r.association === "PAL" ? ["PAL", "Partner Admin Link"].includes(shown.association) : shown.association === r.association)
        && shown.cost === r.cost && shown.currency === r.currency;
      const sameRows = async (want) => eventually(async () => {
        const got = await shownRows();
        assert.equal(got.length, want.length, `rows shown: ${JSON.stringify(got)}`);
        for (const r of want) assert.ok(got.some((g) => matches(g, r)), `no row for ${JSON.stringify(r)} in ${JSON.stringify(got)}`);
      }, "the revenue table against pal attribute");
      const totalsShown = async (want) => eventually(async () => {
        const text = (await page.locator('[data-testid="total"]').allTextContents()).join(" ");
        const got = Object.fromEntries([...text.matchAll(/(-?\d+\.\d{6})\s*([A-Z]{3})/g)].map((m) => [m[2], m[1]]));
        assert.deepEqual(got, Object.fromEntries(want), `data-testid="total": "${text}"`);
      }, "the totals against pal attribute");
      await sameRows(mine);
      await totalsShown(totals);

      const chart = page.getByRole("img", { name: "Attributed revenue per month", exact: true });
      await chart.waitFor({ state: "visible" });
      assert.equal(await chart.evaluate((c) => c.tagName.toLowerCase()), "svg", "the chart is an SVG");
      const bars = await chart.locator("rect").evaluateAll((rs) => rs.filter((r) => r.getBBox().height > 0).length);
      assert.ok(bars > 0, "the chart has no bars");
      await s.shoot(page, "insights");

      // Sorting by the Cost header button, both ways.
      const costs = async () => (await shownRows()).map((r) => Number(r.cost));
      const sorted = (xs, dir) => xs.every((x, k) => k === 0 || (dir > 0 ? xs[k - 1] <= x : xs[k - 1] >= x));
      await button(table, "Cost").click();
      const first = await costs();
      const dir = sorted(first, 1) ? 1 : -1;
      assert.ok(sorted(first, dir), `not sorted by cost: ${first}`);
      await button(table, "Cost").click();
      await eventually(async () => assert.ok(sorted(await costs(), -dir), `not sorted the other way: ${await costs()}`),
        "sorting by Cost reversed");

      const association = page.getByRole("combobox", { name: "Association", exact: true });
      assert.deepEqual(await optionTexts(association), ["All", "Partner Admin Link", "DPOR"]);
      for (const [label, code] of [["DPOR", "DPOR"], ["Partner Admin Link", "PAL"]]) {
        await choose(page, association, label);
        const want = mine.filter((r) => r.association === code);
        await sameRows(want);
        await totalsShown(totalsByCurrency(want));
      }
      await choose(page, association, "All");
      await sameRows(mine);

      const [download] = await Promise.all([page.waitForEvent("download"), button(page, "Download CSV").click()]);
      assert.equal(download.suggestedFilename(), "pal-insights.csv");
      const csv = csvObjects(readFileSync(await download.path(), "utf8"));
      assert.deepEqual(csv.header, attributed.header, "the CSV's columns are pal attribute's");
      assert.deepEqual(csv.rows.map((r) => JSON.stringify(r)).sort(), mine.map((r) => JSON.stringify(r)).sort(),
        "the CSV's rows are pal attribute's for 719878");

      const pp = page.getByRole("table", { name: "Power Platform monthly active users", exact: true });
      await pp.waitFor({ state: "visible" });
      assert.deepEqual((await readTable(pp)).head.map((h) => h.split(" ")[0]),
        ["Month", "Customer", "Resource", "Product", "Metric", "Value", "Eligible"]);

      await page.getByRole("textbox", { name: "Customer tenant ID", exact: true }).fill(ids.customer);
      await page.getByLabel("Month", { exact: true }).fill(month);
      await button(page, "Explain").click();
      const region = page.getByRole("region", { name: "Explanation", exact: true });
      await eventually(async () => {
        const text = await region.textContent();
        for (const sub of explained.subscriptions) {
          const id = sub.subscriptionId ?? sub.id;
          assert.ok(text.includes(id) || text.includes(subName(id)), `the explanation does not name ${id}: "${text.slice(0, 300)}"`);
        }
      }, "the explanation");
      await s.shoot(page, "insights-explained");
    });
  });

  // --- the phone size ------------------------------------------------------------------------
  await step("390×844: sign-in and Menu by keyboard, pages without sideways scrolling", async () => {
    await withPage(async (page) => {
      await page.goto(portal);
      await button(page, "Sign in").waitFor();
      await s.shoot(page, "signin");
      assert.ok(!(await overflowsSideways(page)), "the sign-in page scrolls sideways at 390 px");
      await button(page, "Sign in").click();
      await page.getByRole("textbox", { name: "Username", exact: true }).waitFor();
      assert.ok(!(await overflowsSideways(page)), "the token service's sign-in page scrolls sideways at 390 px");
      await signIn(page, home, { keyboard: true });
      const menu = button(page, "Menu");
      assert.ok(await menu.isVisible(), "no Menu button at 390 px");
      assert.ok(!(await page.getByRole("link", { name: "Partner insights", exact: true }).isVisible()),
        "the navigation is not collapsed at 390 px");
      await menu.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("link", { name: "Partner insights", exact: true }).waitFor({ state: "visible" });
      await s.shoot(page, "menu");
      await page.getByRole("link", { name: "Link to a partner ID", exact: true }).focus();
      await page.keyboard.press("Enter");
      await h1(page, "Link to a partner ID").waitFor();
      await linkShown(page, "719878", "Mekorma");
      await s.shoot(page, "link");
      assert.ok(!(await overflowsSideways(page)), "the link page scrolls sideways at 390 px");
      await go(page, "Partner insights");
      await page.getByLabel("From", { exact: true }).fill(month);
      await page.getByLabel("To", { exact: true }).fill(month);
      await page.getByRole("table", { name: "Revenue by customer and subscription", exact: true })
        .locator("tbody tr").first().waitFor();
      await s.shoot(page, "insights");
      assert.ok(!(await overflowsSideways(page)), "the insights page scrolls sideways at 390 px");
    }, phone);
  });
}

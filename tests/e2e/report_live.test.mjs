// pal report --live: the partner insights page from a running server, signed in with the
// `pal login` profile. The server decides who sees what (docs/operations.md, "Who sees partner
// data"): the Admin of Mekorma's organisation gets the page the operator gets offline from the
// data directory; a customer principal linked to Mekorma's id, a Report viewer (the page is about
// revenue) and someone who is not signed in get a one-line error and no file.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pal, palJson, removeDir, startServer, storeIn, tempDir } from "./harness.mjs";

const root = tempDir("pal-report-live-");
const dataDir = storeIn(path.join(root, "data"));
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const out = path.join(root, "out");
mkdirSync(out);
const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
const month = new Date().toISOString().slice(0, 7);
const contoso = "c0a70500-0000-4000-8000-000000000001";
const fabrikam = "fab71ca0-0000-4000-8000-000000000002";
const mekorma = "3e60a000-0000-4000-8000-000000000003";
const contosoProduction = "5b0a1c3e-0000-4000-8000-000000000101";
const contosoDevelopment = "5b0a1c3e-0000-4000-8000-000000000102";
const fabrikamMain = "5b0a1c3e-0000-4000-8000-000000000201";
const contosoAutomation = "c0a70500-0000-4000-8000-0000000000b1";
const fabrikamOps = "fab71ca0-0000-4000-8000-0000000000b1";
const mekormaServices = "3e60a000-0000-4000-8000-0000000000b1";

let server;
const signIns = {}; // name -> PAL_CONFIG_DIR of its `pal login` profile

// Signs in with `pal login` into a profile of its own; returns the environment that uses it.
function login(name, args) {
  const env = { PAL_CONFIG_DIR: path.join(root, `profile-${name}`) };
  const r = pal(["login", "--server", server.url, "--ca-cert", path.join(dataDir, "tls-cert.pem"), ...args], { env });
  assert.equal(r.status, 0, `login ${name}: ${r.stderr}`);
  signIns[name] = env;
  return env;
}

function ok(args, env) {
  const r = pal(args, { env });
  assert.equal(r.status, 0, `pal ${args.join(" ")}: ${r.stderr}`);
  return r;
}

// Elements <tag ...> carrying attribute `has`: their attributes and their text.
function tagged(html, tag, has) {
  const found = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\s([^>]*)>([^<]*)`, "g"))) {
    const attrs = Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    if (has in attrs) found.push({ ...attrs, text: m[2] });
  }
  return found;
}

// What a page shows, as comparable text lines: totals, association totals, the chart's bars and
// the per-month totals, the month's rows and Power Platform rows (all their data- attributes),
// for `partners` only.
function shown(html, partners) {
  const line = (t) => Object.entries(t).filter(([k]) => k.startsWith("data-")).map(([k, v]) => `${k}=${v}`).join(" ");
  const mine = (t) => !partners || partners.includes(t["data-partner"]);
  const sections = html.split('<section id="partner-').slice(1).map((s) => [s.slice(0, s.indexOf('"')), s]);
  return {
    partners: sections.map(([id]) => id).filter((id) => !partners || partners.includes(id)),
    totals: tagged(html, "li", "data-testid").filter(mine).map((t) => `${t["data-partner"]} ${t.text}`),
    associations: tagged(html, "tr", "data-testid").filter(mine).map(line),
    bars: sections.filter(([id]) => !partners || partners.includes(id))
      .flatMap(([id, s]) => tagged(s, "rect", "data-month").map((t) => `${id} ${line(t)}`)),
    months: sections.filter(([id]) => !partners || partners.includes(id))
      .flatMap(([id, s]) => tagged(s, "tr", "data-month-total").map((t) => `${id} ${line(t)}`)),
    rows: tagged(html, "tr", "data-subscription").filter(mine).map(line),
    powerPlatform: tagged(html, "tr", "data-resource").filter(mine).map(line),
  };
}

function report(args, env) {
  return pal(["report", "--month", month, ...args], { env });
}

// A refusal: exit 1, one line "(Code) message" on stderr, and no file.
function assertRefused(r, code, file, what) {
  assert.equal(r.status, 1, `${what}: ${r.stdout} ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^\\(${code}\\) [^\\n]+\\n$`), what);
  assert.ok(!existsSync(file), `${what}: ${file} was written`);
  assert.deepEqual(readdirSync(out).filter((f) => f.includes(path.basename(file))), [], `${what}: a temporary file is left`);
}

describe("pal report --live", () => {
  before(async () => {
    server = await startServer(["--data", dataDir, "--port", "0", "--demo"]);
    const printed = server.stdout();
    const secret = (re) => {
      const m = printed.match(re);
      assert.ok(m, `${re} in the demo's sign-ins:\n${printed}`);
      return m[1];
    };
    const sp = (tenant, appId) => secret(new RegExp(`ServicePrincipal\\s+tenant ${tenant}\\s+app id ${appId}\\s+secret (\\S+)`));
    const user = (tenant, name) => secret(new RegExp(`User\\s+tenant ${tenant}\\s+user ${name.replaceAll(".", "\\.")}\\s+password (\\S+)`));
    const appOf = (objectId) => objectId.replace(/b1$/, "a1");

    // Grants the customers' automation accounts a role on a subscription each (offline, beside
    // the running server), so that their PAL links credit their partners.
    admin("role", "assignment", "create", "--scope", `/subscriptions/${contosoDevelopment}`, "--role", "Contributor",
      "--assignee", contosoAutomation);
    admin("role", "assignment", "create", "--scope", `/subscriptions/${fabrikamMain}`, "--role", "Contributor",
      "--assignee", fabrikamOps);
    // Contoso's automation links Mekorma's 719878; Fabrikam's links Northwind (another organisation).
    ok(["managementpartner", "create", "--partner-id", "719878"],
      login("contoso", ["--tenant", contoso, "--service-principal", "-u", appOf(contosoAutomation), "-p", sp(contoso, appOf(contosoAutomation))]));
    ok(["managementpartner", "create", "--partner-id", "1234567"],
      login("fabrikam", ["--tenant", fabrikam, "--service-principal", "-u", appOf(fabrikamOps), "-p", sp(fabrikam, appOf(fabrikamOps))]));
    // alice, Owner in Contoso, makes Mekorma's EMEA location the partner of record of Contoso Production.
    ok(["dpor", "set", "--subscription", contosoProduction, "--partner-id", "719879"],
      login("alice", ["--tenant", contoso, "--username", "alice@contoso.example", "--password", user(contoso, "alice@contoso.example")]));
    // mia, Admin of Mekorma's organisation, in Mekorma's own tenant.
    login("mia", ["--tenant", mekorma, "--username", "mia@mekorma.example", "--password", user(mekorma, "mia@mekorma.example")]);
    // Mekorma's managed-services account is a Report viewer.
    admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", mekormaServices, "--role", "ReportViewer");
    login("viewer", ["--tenant", mekorma, "--service-principal", "-u", appOf(mekormaServices), "-p", sp(mekorma, appOf(mekormaServices))]);
  });

  after(async () => {
    if (server) await server.stop();
    removeDir(root);
  });

  const offline = (name, args) => {
    const file = path.join(out, name);
    ok(["report", "--data", dataDir, "--usage", path.join(dataDir, "demo-usage.csv"), "--month", month, ...args,
      "--html", file, "--no-progress"]);
    return readFileSync(file, "utf8");
  };

  test("Mekorma's Admin gets the operator's page for 719878 over 14 months (two requests of at most 12)", () => {
    const file = path.join(out, "mia-719878.html");
    const r = report(["--live", "--months", "14", "--partner", "719878", "--html", file], signIns.mia);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^pal report ${month} \\(live, https://[^)]+\\): 14 months \\(\\d{4}-\\d{2} to ${month}\\), 1 partner; 2 requests; [\\d.]+ s\\.\\n$`));
    const live = readFileSync(file, "utf8");
    const operator = offline("operator-719878.html", ["--months", "14", "--partner", "719878"]);
    const got = shown(live), want = shown(operator);
    assert.ok(want.rows.length > 0, `the demo credits 719878 in ${month}: ${operator}`);
    assert.ok(want.rows.some((row) => row.includes(`data-subscription=${contosoDevelopment}`)), want.rows.join("\n"));
    assert.ok(want.totals.length > 0 && want.totals.every((t) => /^719878 \d+\.\d{6} USD$/.test(t)), want.totals.join("\n"));
    assert.equal(want.bars.length, 14, "a bar per month (one currency)");
    assert.deepEqual(got, want);
    // The names come from the answer (the organisation, the customer, the subscription): the
    // whole page is the operator's.
    assert.match(live, />Contoso \(customer\)<br>/);
    assert.match(live, />Contoso Development<br>/);
    assert.equal(live, operator);
  });

  test("without --partner the Admin gets every id of the organisation and nobody else's", () => {
    const file = path.join(out, "mia-all.html");
    const r = report(["--live", "--html", file], signIns.mia);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /, 2 partners; 1 request; /);
    const live = readFileSync(file, "utf8");
    const operator = offline("operator-all.html", []);
    const organisation = ["4960815", "719878", "719879"];
    const got = shown(live), want = shown(operator, organisation);
    assert.deepEqual(got.partners, ["719878", "719879"]);
    assert.ok(shown(operator).partners.includes("1234567"), "the operator sees Northwind too");
    assert.ok(want.rows.some((row) => row.includes("data-association=DPOR")), want.rows.join("\n"));
    assert.deepEqual(got, want);
    // Each location is shown under its own registry name, as offline.
    assert.ok(operator.includes("Mekorma (EMEA)") && live.includes("Mekorma (EMEA)"), "719879 named as in the registry");
    assert.ok(!live.includes(fabrikamMain) && !live.includes("Northwind"), "nothing of another organisation");
  });

  test("a customer principal linked to Mekorma's id is refused (PartnerRoleRequired), as is someone not signed in", () => {
    for (const extra of [[], ["--partner", "719878"], ["--partner", "4960815"]]) {
      const file = path.join(out, "contoso.html");
      assertRefused(report(["--live", ...extra, "--html", file], signIns.contoso), "PartnerRoleRequired", file,
        `contoso ${extra.join(" ")}`);
    }
    const file = path.join(out, "nobody.html");
    assertRefused(report(["--live", "--html", file], { PAL_CONFIG_DIR: path.join(root, "profile-nobody") }), "NotLoggedIn", file,
      "not signed in");
    // The Admin asking for another organisation's id: the same refusal as for an id that does not exist.
    const other = path.join(out, "mia-northwind.html");
    assertRefused(report(["--live", "--partner", "1234567", "--html", other], signIns.mia), "PartnerRoleRequired", other,
      "mia for Northwind");
  });

  test("a Report viewer is refused: the report shows revenue; an Executive report viewer gets it", () => {
    const file = path.join(out, "viewer.html");
    const r = report(["--live", "--months", "14", "--html", file], signIns.viewer);
    assertRefused(r, "RevenueNotVisible", file, "report viewer");
    assert.match(r.stderr, /revenue/);
    assert.match(r.stderr, /Admin or Executive report viewer/);
    admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", mekormaServices, "--role", "ExecutiveReportViewer");
    try {
      const executive = path.join(out, "executive.html");
      const ran = report(["--live", "--partner", "719878", "--html", executive], signIns.viewer);
      assert.equal(ran.status, 0, ran.stderr);
      assert.deepEqual(shown(readFileSync(executive, "utf8")), shown(offline("operator-719878-6.html", ["--partner", "719878"])));
    } finally {
      admin("partner", "role", "remove", "--partner-id", "4960815", "--assignee", mekormaServices, "--role", "ExecutiveReportViewer");
    }
  });

  test("--live reads the server only: combined with local data it fails with one line and writes nothing", () => {
    const file = path.join(out, "mixed.html");
    for (const [extra, option] of [[["--dataset", dataDir], "--dataset"], [["--data", dataDir], "--data"],
      [["--usage", path.join(dataDir, "demo-usage.csv")], "--usage"], [["--threads", "2"], "--threads"]]) {
      const r = report(["--live", ...extra, "--html", file], signIns.mia);
      assertRefused(r, "InvalidArgument", file, option);
      assert.match(r.stderr, new RegExp(`--live .* ${option} `));
    }
  });

  test("someone with roles in two organisations names one (PartnerIdRequired otherwise)", () => {
    // Northwind's home tenant is Mekorma's here, so one account can hold roles in both.
    admin("partner", "update", "--partner-id", "1234567", "--tenant-id", mekorma);
    const both = admin("principal", "create", "--tenant-id", mekorma, "--kind", "ServicePrincipal", "--name", "two-organisations");
    admin("partner", "role", "add", "--partner-id", "4960815", "--assignee", both.objectId, "--role", "Admin");
    admin("partner", "role", "add", "--partner-id", "1234567", "--assignee", both.objectId, "--role", "ExecutiveReportViewer");
    const env = login("both", ["--tenant", mekorma, "--service-principal", "-u", both.appId, "-p", both.secret]);
    const file = path.join(out, "both.html");
    const refused = report(["--live", "--html", file], env);
    assertRefused(refused, "PartnerIdRequired", file, "two organisations");
    assert.match(refused.stderr, /4960815/);
    const r = report(["--live", "--partner", "1234567", "--html", file], env);
    assert.equal(r.status, 0, r.stderr);
    const live = readFileSync(file, "utf8");
    assert.deepEqual(shown(live), shown(offline("operator-1234567.html", ["--partner", "1234567"])));
    assert.ok(shown(live).rows.some((row) => row.includes(`data-subscription=${fabrikamMain}`)));
  });
});

// End-to-end tests of `pal attribute` and `pal explain` (run by CTest; PAL_BIN names the binary).
//   node run.mjs [name-substring]
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { parseCsv, storeIn } from "../e2e/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const pal = process.env.PAL_BIN || path.join(repo, "build/debug/src/cli/pal");
const only = process.argv[2] || "";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-attribution-"));

function run(cmd, args, { ok = true } = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (ok && r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r;
}
function generate(name, args) {
  const dir = path.join(work, name);
  run(pal, ["admin", "generate", dir, ...args]);
  return dir;
}
function attribute(args, opts) { return run(pal, ["attribute", ...args, "--no-progress"], opts); }


// The same rules in DuckDB SQL (bench/attribution, beside the node_modules that hold DuckDB).
function peer(dir) {
  const script = path.join(repo, "bench/attribution/duckdb_attribution.mjs");
  const out = path.join(dir, "peer.csv");
  run(process.execPath, [script, dir, "--threads=2", `--out=${out}`]);
  return fs.readFileSync(out, "utf8");
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const shapes = [
  { name: "dense", args: ["--tenants", "40", "--seed", "1", "--month", "2026-10", "--usage-rows", "30000"] },
  { name: "wide", args: ["--tenants", "700", "--seed", "2", "--month", "2026-10", "--usage-rows", "60000"] },
  { name: "us-dates", args: ["--tenants", "150", "--seed", "3", "--month", "2026-03", "--usage-rows", "40000", "--usage-dates", "us"] },
  { name: "leap-month", args: ["--tenants", "120", "--seed", "4", "--month", "2024-02", "--usage-rows", "20000"] },
  { name: "one-tenant", args: ["--tenants", "1", "--seed", "5", "--month", "2026-10", "--usage-rows", "3000"] },
];
for (const shape of shapes) {
  test(`agrees with the DuckDB peer: ${shape.name}`, () => {
    const dir = generate(shape.name, shape.args);
    const month = shape.args[shape.args.indexOf("--month") + 1];
    const ours = parseCsv(attribute(["--dataset", dir, "--month", month, "--threads", "2"]).stdout);
    assert.deepEqual(ours[0], ["month", "partner_id", "partner_name", "tenant_id", "subscription_id", "association", "cost", "currency"]);
    const projected = ours.slice(1).map(r => [r[0], r[1], r[3], r[4], r[5], r[6]].join(","));
    const theirs = peer(dir).trim().split("\n");
    assert.equal(theirs[0], "month,partner_id,tenant_id,subscription_id,association,cost");
    assert.ok(projected.length > (shape.name === "one-tenant" ? 0 : 20), `only ${projected.length} rows`);
    assert.deepEqual(projected, theirs.slice(1));
    const associations = new Set(ours.slice(1).map(r => r[5]));
    if (shape.name === "wide") assert.deepEqual([...associations].sort(), ["DPOR", "PAL"]);
  });
}

test("shards concatenated and re-sorted are byte-identical to the whole", () => {
  const dir = generate("shards", ["--tenants", "300", "--seed", "6", "--month", "2026-10", "--usage-rows", "30000"]);
  const whole = attribute(["--dataset", dir, "--month", "2026-10"]).stdout;
  const n = 3;
  const lines = [];
  let header = null;
  for (let i = 0; i < n; i++) {
    const r = attribute(["--dataset", dir, "--month", "2026-10", "--shard", `${i}/${n}`]);
    const [h, ...rest] = r.stdout.trimEnd().split("\n");
    header = h;
    lines.push(...rest.filter(Boolean));
    assert.match(r.stderr, /of other shards/);
  }
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.equal([header, ...lines].join("\n") + "\n", whole);
  assert.ok(lines.length > 50);
  const bad = attribute(["--dataset", dir, "--month", "2026-10", "--shard", "3/3"], { ok: false });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^\(InvalidShard\) /);
});

test("both layouts, both date forms and gzip give identical output", () => {
  const common = ["--tenants", "80", "--seed", "7", "--month", "2026-10", "--usage-rows", "20000"];
  const iso = generate("iso", common);
  const us = generate("us", [...common, "--usage-dates", "us"]);
  const focus = generate("focus", [...common, "--usage-layout", "focus"]);
  const expected = attribute(["--dataset", iso, "--month", "2026-10"]).stdout;
  assert.ok(expected.split("\n").length > 20);
  assert.equal(attribute(["--dataset", iso, "--month", "2026-10", "--usage", path.join(us, "usage.csv")]).stdout, expected);
  assert.equal(attribute(["--dataset", iso, "--month", "2026-10", "--usage", path.join(focus, "usage.csv")]).stdout, expected);
  const gz = path.join(work, "usage.csv.gz");
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(path.join(iso, "usage.csv"))));
  assert.equal(attribute(["--dataset", iso, "--month", "2026-10", "--usage", gz, "--threads", "3"]).stdout, expected);
  // Split over two files (the second with its own header): the same again.
  const text = fs.readFileSync(path.join(iso, "usage.csv"), "utf8").split("\n");
  const half = Math.floor(text.length / 2);
  fs.writeFileSync(path.join(work, "a.csv"), text.slice(0, half).join("\n") + "\n");
  fs.writeFileSync(path.join(work, "b.csv"), [text[0], ...text.slice(half)].join("\n"));
  assert.equal(attribute(["--dataset", iso, "--month", "2026-10", "--usage", path.join(work, "a.csv"), path.join(work, "b.csv")]).stdout, expected);
  // JSON and table carry the same rows.
  const json = JSON.parse(attribute(["--dataset", iso, "--month", "2026-10", "-o", "json"]).stdout);
  assert.equal(json.length, parseCsv(expected).length - 1);
  assert.match(attribute(["--dataset", iso, "--month", "2026-10", "-o", "table"]).stdout, /^Month +PartnerId +PartnerName +TenantId +SubscriptionId +Association +Cost +Currency\n-+ /);
});

test("rows that cannot be attributed are counted; --strict names file and line", () => {
  const dir = generate("strict", ["--tenants", "20", "--seed", "8", "--month", "2026-10", "--usage-rows", "500"]);
  const usage = path.join(dir, "usage.csv");
  const lines = fs.readFileSync(usage, "utf8").trimEnd().split("\n");
  const good = lines[1].split(",");
  const unknown = [...good]; unknown[2] = "00000000-0000-4000-8000-000000000000";
  const baddate = [...good]; baddate[6] = "2026-13-01";
  lines.splice(101, 0, unknown.join(","));
  lines.splice(201, 0, baddate.join(","));
  const broken = path.join(work, "broken.csv");
  fs.writeFileSync(broken, lines.join("\n") + "\n");
  const lenient = attribute(["--dataset", dir, "--month", "2026-10", "--usage", broken]);
  assert.match(lenient.stderr, /rows not attributed: 1 unparsable date, 1 unknown subscription/);
  const strict = attribute(["--dataset", dir, "--month", "2026-10", "--usage", broken, "--strict", "--out", path.join(work, "x.csv")], { ok: false });
  assert.equal(strict.status, 1);
  assert.equal(strict.stderr.trim(), `(UnattributableUsageRow) ${broken}:102: unknown subscription (--strict; nothing was written).`);
  assert.ok(!fs.existsSync(path.join(work, "x.csv")));
  const missing = attribute(["--dataset", dir, "--month", "2026-10", "--usage", path.join(work, "nope.csv")], { ok: false });
  assert.match(missing.stderr, /^\(UsageFileNotFound\) /);
  const month = attribute(["--dataset", dir, "--month", "2026-1"], { ok: false });
  assert.match(month.stderr, /^\(InvalidMonth\) /);
});

test("--data reads a store's state and history: the same rows as the data set", () => {
  const dir = generate("store", ["--tenants", "60", "--seed", "9", "--month", "2026-10", "--usage-rows", "10000"]);
  const data = storeIn(path.join(work, "store-data"));
  run(pal, ["admin", "import", dir, "--data", data]);
  const fromDataset = attribute(["--dataset", dir, "--month", "2026-10"]).stdout;
  const fromStore = attribute(["--data", data, "--month", "2026-10", "--usage", path.join(dir, "usage.csv")]).stdout;
  assert.equal(fromStore, fromDataset);
});

test("explain agrees with attribute and gives a reason for every uncredited subscription", () => {
  const dir = generate("explain", ["--tenants", "60", "--seed", "10", "--month", "2026-10", "--usage-rows", "20000"]);
  const rows = parseCsv(attribute(["--dataset", dir, "--month", "2026-10"]).stdout).slice(1);
  const pairs = [...new Set(rows.map(r => `${r[3]} ${r[1]}`))].slice(0, 8);
  assert.ok(pairs.length >= 4);
  const seen = new Set();
  for (const pair of pairs) {
    const [tenant, partner] = pair.split(" ");
    const x = JSON.parse(run(pal, ["explain", "--dataset", dir, "--tenant", tenant, "--partner", partner, "--month", "2026-10", "-o", "json"]).stdout);
    for (const s of x.subscriptions) {
      for (const [association, key] of [["PAL", "palCost"], ["DPOR", "dporCost"]]) {
        const expected = rows.filter(r => r[3] === tenant && r[1] === partner && r[4] === s.subscriptionId && r[5] === association)
          .map(r => `${r[7]}=${r[6]}`).sort();
        const actual = Object.entries(s[key]).map(([c, v]) => `${c}=${v}`).sort();
        assert.deepEqual(actual, expected, `${pair} ${s.subscriptionId} ${association}`);
      }
      if (s.verdict !== "credited") assert.ok(s.reasons.length > 0, JSON.stringify(s));
      for (const r of s.reasons) seen.add(r.code);
      for (const c of s.credits.filter(c => c.association === "PAL")) assert.ok(c.grant.scope && c.link.from && c.principal.id);
    }
  }
  assert.ok(seen.size >= 2, [...seen].join());
  const text = run(pal, ["explain", "--dataset", dir, "--tenant", pairs[0].split(" ")[0], "--partner", pairs[0].split(" ")[1], "--month", "2026-10"]).stdout;
  assert.match(text, /^Partner \d+ \(.*\) in tenant [0-9a-f-]{36} \(Customer \d+\), 2026-10:/);
  const unknown = run(pal, ["explain", "--dataset", dir, "--tenant", pairs[0].split(" ")[0], "--partner", "999", "--month", "2026-10"], { ok: false });
  assert.match(unknown.stderr, /^\(PartnerNotFound\) /);
});

// Explain's resources credited to `partner` in `tenant`, as "resource metric value eligible".
function explainedResources(state, tenant, partner, extra = []) {
  const x = JSON.parse(run(pal, ["explain", ...state, "--tenant", tenant, "--partner", partner, "--month", "2026-10", "-o", "json", ...extra]).stdout);
  for (const r of x.resources) {
    if (r.verdict !== "credited") assert.ok(r.reasons.length > 0, JSON.stringify(r));
    else assert.equal(r.creditedPartnerId, partner);
  }
  return { x, credited: x.resources.filter(r => r.verdict === "credited").map(r => `${r.resourceId} ${r.metric} ${r.value} ${r.eligible}`).sort() };
}

test("Power Platform rows (B1-B5) go to --power-platform-out, from a data set or a store; explain agrees", () => {
  const dir = generate("power-platform", ["--tenants", "30", "--seed", "12", "--month", "2026-10", "--usage-rows", "1000"]);
  // Two principals of one tenant linked at the end of October to different partners.
  const links = parseCsv(fs.readFileSync(path.join(dir, "partner_links.csv"), "utf8")).slice(1)
    .filter(l => l[3] < "2026-10-01" && l[4] === "");
  const byTenant = new Map();
  for (const l of links) byTenant.set(l[0], [...(byTenant.get(l[0]) || []), l]);
  const [tenant, pair] = [...byTenant.entries()].find(([, ls]) => ls.length >= 2 && ls[0][2] !== ls[1][2]);
  const [a, b] = pair;
  const nobody = "bbbbbbbb-0000-4000-8000-0000000000ff";
  // A tenant without subscriptions whose one user, linked to a's partner, owns a bot.
  const lone = "99999999-0000-4000-8000-000000000001";
  const loneUser = "99999999-0000-4000-8000-0000000000aa";
  const append = (file, line) => fs.appendFileSync(path.join(dir, file), line + "\n");
  append("tenants.csv", `${lone},Lone customer`);
  append("management_groups.csv", `${lone},${lone},`);
  append("principals.csv", `${lone},${loneUser},User,bot-maker@lone.example`);
  append("partner_links.csv", `${lone},${loneUser},${a[2]},2026-01-01T00:00:00Z,`);
  fs.writeFileSync(path.join(dir, "powerplatform_resources.csv"),
    "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n" +
    `env-1,${tenant},Production,true,app-1,CanvasApp,${a[1]},${b[1]}\n` +
    `env-2,${tenant},Sandbox,true,flow-1,Flow,${a[1]},\n` +
    `env-1,${tenant},Production,true,dataset-1,Dataset,${nobody},\n` +
    `env-1,${tenant},Production,true,ci-1,CustomerInsightsInstance,,\n` +
    `env-9,${lone},Production,false,bot-1,Bot,${loneUser},\n`);
  fs.writeFileSync(path.join(dir, "powerplatform_activity.csv"),
    `date,resource_id,user_id\n2026-10-02,app-1,${a[1]}\n2026-10-20,app-1,${b[1]}\n2026-10-21,app-1,${nobody}\n` +
    `2026-10-03,flow-1,${a[1]}\n2026-10-03,dataset-1,${nobody}\n2026-10-07,ci-1,${b[1]}\n2026-11-01,ci-1,${a[1]}\n`);
  fs.writeFileSync(path.join(dir, "customer_insights_profiles.csv"),
    "date,resource_id,unified_profiles\n2026-10-05,ci-1,900\n2026-10-30,ci-1,1200\n2026-11-01,ci-1,5000\n");
  const out = path.join(work, "pp.csv");
  const r = attribute(["--dataset", dir, "--month", "2026-10", "--power-platform-out", out]);
  assert.match(r.stderr, /4 Power Platform and Customer Insights rows\./);
  const text = fs.readFileSync(out, "utf8");
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], ["month", "partner_id", "partner_name", "tenant_id", "resource_id", "product", "metric", "value", "eligible"]);
  const got = rows.slice(1).map(x => [x[1], x[4], x[6], x[7], x[8]].join(" ")).sort();
  assert.deepEqual(got, [`${a[2]} flow-1 MonthlyActiveUsers 1 false`, `${b[2]} app-1 MonthlyActiveUsers 3 true`,
    `${b[2]} ci-1 UnifiedProfiles 1200 true`, `${a[2]} bot-1 MonthlyActiveUsers 0 false`].sort());
  assert.match(attribute(["--dataset", dir, "--month", "2026-10"]).stderr, /write them with --power-platform-out FILE/);
  // Shards split the Power Platform rows by tenant too.
  const sharded = [];
  for (let i = 0; i < 3; i++) {
    const part = path.join(work, `pp-${i}.csv`);
    attribute(["--dataset", dir, "--month", "2026-10", "--shard", `${i}/3`, "--power-platform-out", part]);
    sharded.push(...parseCsv(fs.readFileSync(part, "utf8")).slice(1).map(x => x.join(",")));
  }
  assert.deepEqual(sharded.sort(), rows.slice(1).map(x => x.join(",")).sort());

  // The store holds the same Power Platform data after import: --data gives the same rows.
  const data = storeIn(path.join(work, "pp-data"));
  run(pal, ["admin", "import", dir, "--data", data]);
  const fromStore = path.join(work, "pp-store.csv");
  attribute(["--data", data, "--usage", path.join(dir, "usage.csv"), "--month", "2026-10", "--power-platform-out", fromStore]);
  assert.equal(fs.readFileSync(fromStore, "utf8"), text);

  // Explain's credited resources for each partner are attribute's rows, from either source.
  const usage = ["--usage", path.join(dir, "usage.csv")];
  for (const [t, partner] of [[tenant, a[2]], [tenant, b[2]], [lone, a[2]], [lone, b[2]]]) {
    const expected = rows.slice(1).filter(x => x[3] === t && x[1] === partner).map(x => `${x[4]} ${x[6]} ${x[7]} ${x[8]}`).sort();
    assert.deepEqual(explainedResources(["--dataset", dir], t, partner).credited, expected, `${t} ${partner}`);
    assert.deepEqual(explainedResources(["--data", data], t, partner, t === lone ? [] : usage).credited, expected, `store ${t} ${partner}`);
  }
  const { x } = explainedResources(["--dataset", dir], tenant, a[2]);
  const codes = Object.fromEntries(x.resources.map(r => [r.resourceId, r.reasons.map(q => q.code)]));
  assert.equal(codes["app-1"][0], "OutrankedByLatestPartner");
  assert.equal(codes["ci-1"][0], "NoAttributedUserLinkedToPartner");
  assert.equal(codes["dataset-1"][0], "NoAttributedUserLinked");
  assert.deepEqual(codes["flow-1"], []);
  assert.equal(x.monthEnd, "2026-10-31T23:59:59Z");
  const app = x.resources.find(r => r.resourceId === "app-1");
  assert.deepEqual(app.users.map(u => [u.role, u.rank, u.link && u.link.partnerId, u.lastActive]),
    [["co-owner", 1, b[2], "2026-10-20"], ["owner", 2, a[2], "2026-10-02"]]);
  // The tenant without subscriptions: explained from the store without usage files.
  const loneText = run(pal, ["explain", "--data", data, "--tenant", lone, "--partner", a[2], "--month", "2026-10"]).stdout;
  assert.match(loneText, /The tenant has no subscriptions\./);
  assert.match(loneText, /Resource bot-1 \(Bot, environment env-9: Production, unpaid; not eligible\): credited as /);
  // A partner credited for no resource anywhere is told so plainly.
  const others = parseCsv(fs.readFileSync(path.join(dir, "partners.csv"), "utf8")).slice(1).map(p => p[0]).filter(p => p !== a[2] && p !== b[2]);
  const none = explainedResources(["--dataset", dir], tenant, others[0]).x;
  assert.ok(none.notes.includes(`Partner ${others[0]} is credited for no Power Platform or Customer Insights resource in any tenant in 2026-10.`), none.notes.join());
});

test("Power Platform namesakes: two tenants' environment prod and app sales are attributed apart, from a data set, a store and its export", () => {
  const dir = generate("power-platform-namesakes", ["--tenants", "30", "--seed", "13", "--month", "2026-10", "--usage-rows", "1000"]);
  // A principal linked at the end of October in each of two tenants, to different partners.
  const links = parseCsv(fs.readFileSync(path.join(dir, "partner_links.csv"), "utf8")).slice(1)
    .filter(l => l[3] < "2026-10-01" && l[4] === "");
  const first = links[0];
  const second = links.find(l => l[0] !== first[0] && l[2] !== first[2]);
  assert.ok(second, "two tenants linked to different partners");
  const nobody = "bbbbbbbb-0000-4000-8000-0000000000ff";
  const sales = "/providers/Pal.PowerPlatform/environments/prod/canvasApps/sales";
  fs.writeFileSync(path.join(dir, "powerplatform_resources.csv"),
    "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n" +
    `prod,${first[0]},Production,true,${sales},CanvasApp,${first[1]},\n` +
    `prod,${second[0]},Sandbox,false,${sales},CanvasApp,${second[1]},\n`);
  fs.writeFileSync(path.join(dir, "powerplatform_activity.csv"),
    `date,resource_id,user_id,tenant_id\n2026-10-02,${sales},${first[1]},${first[0]}\n` +
    `2026-10-03,${sales},${nobody},${first[0]}\n2026-10-04,${sales},${second[1]},${second[0]}\n`);
  const out = path.join(work, "pp-namesakes.csv");
  attribute(["--dataset", dir, "--month", "2026-10", "--power-platform-out", out]);
  const text = fs.readFileSync(out, "utf8");
  const got = parseCsv(text).slice(1).map(x => [x[1], x[3], x[4], x[6], x[7], x[8]].join(" ")).sort();
  assert.deepEqual(got, [`${first[2]} ${first[0]} ${sales} MonthlyActiveUsers 2 true`,
    `${second[2]} ${second[0]} ${sales} MonthlyActiveUsers 1 false`].sort());

  // The store keys both by tenant: --data gives the same rows, and so does its export.
  const data = storeIn(path.join(work, "pp-namesakes-data"));
  run(pal, ["admin", "import", dir, "--data", data]);
  const usage = ["--usage", path.join(dir, "usage.csv")];
  const fromStore = path.join(work, "pp-namesakes-store.csv");
  attribute(["--data", data, ...usage, "--month", "2026-10", "--power-platform-out", fromStore]);
  assert.equal(fs.readFileSync(fromStore, "utf8"), text);
  const exported = path.join(work, "pp-namesakes-export");
  run(pal, ["admin", "export", exported, "--data", data]);
  const exportedActivity = fs.readFileSync(path.join(exported, "powerplatform_activity.csv"), "utf8");
  assert.match(exportedActivity, /^date,resource_id,user_id,tenant_id\n/);
  const again = path.join(work, "pp-namesakes-again.csv");
  attribute(["--dataset", exported, ...usage, "--month", "2026-10", "--power-platform-out", again]);
  assert.equal(fs.readFileSync(again, "utf8"), text);

  // Explain judges each tenant's resource on its own owner and activity.
  for (const state of [["--dataset", dir], ["--data", data]]) {
    const extra = state[0] === "--data" ? usage : [];
    assert.deepEqual(explainedResources(state, first[0], first[2], extra).credited, [`${sales} MonthlyActiveUsers 2 true`]);
    assert.deepEqual(explainedResources(state, second[0], second[2], extra).credited, [`${sales} MonthlyActiveUsers 1 false`]);
    const x = explainedResources(state, first[0], second[2], extra).x;
    assert.deepEqual(x.resources.map(r => [r.resourceId, r.verdict, r.creditedPartnerId]), [[sales, "credited to another partner", first[2]]]);
  }

  // Activity without a tenant_id (the files of older versions) cannot name a namesake.
  fs.writeFileSync(path.join(dir, "powerplatform_activity.csv"), `date,resource_id,user_id\n2026-10-02,${sales},${first[1]}\n`);
  const refused = attribute(["--dataset", dir, "--month", "2026-10", "--power-platform-out", out], { ok: false });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /powerplatform_activity\.csv:2: resource \/providers\/Pal\.PowerPlatform\/environments\/prod\/canvasApps\/sales is in 2 tenants: give the row's tenant_id/);
});

// The data- attributes of every element named `tag` in `html` that has attribute `has`.
function tagged(html, tag, has) {
  const out = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\s([^>]*)>([^<]*)`, "g"))) {
    const attrs = Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map(a => [a[1], a[2]]));
    if (has in attrs) out.push({ ...attrs, text: m[2] });
  }
  return out;
}
// Exact sums of 6-decimal costs, printed the same way.
const micros = text => BigInt(text.replace(".", ""));
function cost6(n) {
  const sign = n < 0n ? "-" : "";
  const digits = (n < 0n ? -n : n).toString().padStart(7, "0");
  return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

test("report: the HTML's rows, totals and chart are pal attribute's, and it refers to nothing outside", () => {
  // One state; usage of three months (the generator keeps the ids of a seed across months).
  const months = ["2026-08", "2026-09", "2026-10"];
  const dirs = months.map(m => generate(`report-${m}`, ["--tenants", "40", "--seed", "11", "--month", m, "--usage-rows", "4000"]));
  const dir = dirs[2];
  const usage = dirs.map(d => path.join(d, "usage.csv"));
  // A Power Platform flow owned by a principal linked at the end of October.
  const link = parseCsv(fs.readFileSync(path.join(dir, "partner_links.csv"), "utf8")).slice(1)
    .find(l => l[3] < "2026-10-01" && l[4] === "");
  fs.writeFileSync(path.join(dir, "powerplatform_resources.csv"),
    "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n" +
    `env-1,${link[0]},Production,true,flow-r,Flow,${link[1]},\n`);
  fs.writeFileSync(path.join(dir, "powerplatform_activity.csv"), `date,resource_id,user_id\n2026-10-05,flow-r,${link[1]}\n`);
  const html = path.join(work, "report.html");
  const r = run(pal, ["report", "--dataset", dir, "--month", "2026-10", "--months", "4", "--usage", ...usage, "--html", html, "--no-progress"]);
  assert.match(r.stderr, /^pal report 2026-10: 4 months \(2026-07 to 2026-10\), \d+ partners;/);
  const text = fs.readFileSync(html, "utf8");
  assert.doesNotMatch(text, /https?:\/\//);
  assert.match(text, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.ok(!fs.readdirSync(work).some(f => f.endsWith(".tmp")));

  // Every row of the month's table is a row of pal attribute's CSV, and the other way round.
  const csv = m => parseCsv(attribute(["--dataset", dir, "--month", m, "--usage", ...usage]).stdout).slice(1);
  const october = csv("2026-10");
  assert.ok(october.length > 20);
  const rows = tagged(text, "tr", "data-subscription");
  assert.deepEqual(rows.map(t => [t["data-month"], t["data-partner"], t["data-tenant"], t["data-subscription"],
    t["data-association"], t["data-cost"], t["data-currency"]].join(",")).sort(),
    october.map(c => [c[0], c[1], c[3], c[4], c[5], c[6], c[7]].join(",")).sort());

  // Totals per partner and currency, and per association: exact sums of the CSV's costs.
  const sums = (list, key) => {
    const m = new Map();
    for (const c of list) m.set(key(c), (m.get(key(c)) || 0n) + micros(c[6]));
    return [...m.entries()].map(([k, v]) => `${k} ${cost6(v)}`).sort();
  };
  assert.deepEqual(tagged(text, "li", "data-testid").filter(t => t["data-testid"] === "total")
    .map(t => `${t["data-partner"]} ${t["data-currency"]} ${t.text.split(" ")[0]}`).sort(), sums(october, c => `${c[1]} ${c[7]}`));
  for (const t of tagged(text, "li", "data-testid")) assert.match(t.text, /^-?\d+\.\d{6} [A-Z]{3}$/);
  assert.deepEqual(tagged(text, "tr", "data-association").filter(t => t["data-testid"] === "association-total")
    .map(t => `${t["data-partner"]} ${t["data-association"]} ${t["data-currency"]} ${t["data-cost"]}`).sort(),
    sums(october, c => `${c[1]} ${c[5]} ${c[7]}`));

  // Each partner's chart: the four months, each bar the sum of that month's separate run.
  const perMonth = Object.fromEntries(["2026-07", ...months].map(m => [m, csv(m)]));
  assert.equal(perMonth["2026-07"].length, 0);
  assert.ok(perMonth["2026-08"].length > 10 && perMonth["2026-09"].length > 10);
  const sections = text.split("<section id=\"partner-").slice(1);
  const partners = new Set(Object.values(perMonth).flat().map(c => c[1]));
  partners.add(link[2]);
  assert.deepEqual(sections.map(s => s.slice(0, s.indexOf("\""))).sort(), [...partners].sort());
  for (const section of sections) {
    const partner = section.slice(0, section.indexOf("\""));
    assert.equal(section.match(/<svg role="img" aria-label="Attributed revenue per month"/g).length, 1);
    const bars = tagged(section, "rect", "data-month");
    const currencies = [...new Set(bars.map(b => b["data-currency"]))].sort();
    assert.deepEqual([...new Set(bars.map(b => b["data-month"]))], ["2026-07", ...months]);
    for (const [m, list] of Object.entries(perMonth)) {
      const mine = list.filter(c => c[1] === partner);
      assert.deepEqual(currencies.map(cur => `${cur} ${bars.find(b => b["data-month"] === m && b["data-currency"] === cur)["data-cost"]}`),
        currencies.map(cur => `${cur} ${cost6(mine.filter(c => c[7] === cur).reduce((a, c) => a + micros(c[6]), 0n))}`), `${partner} ${m}`);
      for (const cur of new Set(mine.map(c => c[7]))) assert.ok(currencies.includes(cur));
    }
  }
  assert.match(text, /<caption id="[^"]*">Revenue by customer and subscription<\/caption>/);

  // The Power Platform table is attribute's --power-platform-out.
  const ppOut = path.join(work, "report-pp.csv");
  attribute(["--dataset", dir, "--month", "2026-10", "--usage", ...usage, "--power-platform-out", ppOut]);
  const pp = parseCsv(fs.readFileSync(ppOut, "utf8")).slice(1);
  assert.equal(pp.length, 1);
  assert.deepEqual(tagged(text, "tr", "data-resource").map(t => [t["data-month"], t["data-partner"], t["data-tenant"],
    t["data-resource"], t["data-product"], t["data-metric"], t["data-value"], t["data-eligible"]].join(",")),
    pp.map(p => [p[0], p[1], p[3], p[4], p[5], p[6], p[7], p[8]].join(",")));

  // --partner: that partner's section only; one month by default would be six.
  const one = october[0][1];
  const single = path.join(work, "single.html");
  run(pal, ["report", "--dataset", dir, "--month", "2026-10", "--usage", ...usage, "--partner", one, "--html", single, "--no-progress"]);
  const singleText = fs.readFileSync(single, "utf8");
  assert.equal(singleText.split("<section id=\"partner-").length, 2);
  assert.deepEqual([...new Set(tagged(singleText, "rect", "data-month").map(b => b["data-month"]))],
    ["2026-05", "2026-06", "2026-07", ...months]);
  assert.deepEqual(tagged(singleText, "tr", "data-subscription").map(t => t["data-partner"]),
    october.filter(c => c[1] === one).map(c => c[1]));

  // Errors: one line, exit 1, nothing written.
  for (const [args, code] of [[["--month", "2026-10", "--partner", "999"], "PartnerNotFound"], [["--month", "2026-13"], "InvalidMonth"],
    [["--month", "2026-10", "--usage", path.join(work, "nope.csv")], "UsageFileNotFound"]]) {
    const bad = run(pal, ["report", "--dataset", dir, ...args, "--html", path.join(work, "bad.html")], { ok: false });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, new RegExp(`^\\(${code}\\) [^\\n]*\\n$`));
  }
  assert.ok(!fs.existsSync(path.join(work, "bad.html")));
});

let failed = 0;
for (const t of tests.filter(t => t.name.includes(only))) {
  const started = Date.now();
  try {
    t.fn();
    console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${t.name}\n${e.stack || e}`);
  }
}
fs.rmSync(work, { recursive: true, force: true });
console.log(failed ? `${failed} failed` : "all passed");
process.exit(failed ? 1 : 0);

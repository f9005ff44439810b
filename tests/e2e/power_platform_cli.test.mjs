// The Power Platform verbs of the pal CLI against the running server: environments and their
// members, resources of every product, ownership changes through the familiar tools' verbs
// (refused ones included), solutions exported to a file and imported elsewhere, activity and
// unified profiles from data set CSV files, with one-line errors and non-zero exits.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pal, palJson, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const work = tempDir("pal-pp-cli-");

const tenant = randomUUID();
admin("tenant", "create", "--tenant-id", tenant, "--name", "Power Platform CLI Customer");
const principal = (kind, name) => admin("principal", "create", "--tenant-id", tenant, "--kind", kind, "--name", name);
const ppAdmin = principal("ServicePrincipal", "pp-cli-admin");
const maker = principal("User", "maker@ppcli.example");
const user2 = principal("User", "user2@ppcli.example");
const bot = principal("ServicePrincipal", "pp-cli-automation");
// Owner at the tenant root: the tenant's Power Platform administrator.
admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", ppAdmin.objectId);

// One CLI profile per identity.
function signedIn(loginArgs) {
  const env = { PAL_CONFIG_DIR: tempDir("pal-pp-cli-profile-") };
  const r = pal(["login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", tenant, ...loginArgs], { env });
  assert.equal(r.status, 0, r.stderr);
  return (...args) => pal(args, { env });
}
const asAdmin = signedIn(["--service-principal", "-u", ppAdmin.appId, "-p", ppAdmin.secret]);
const asMaker = signedIn(["--username", maker.name, "--password", maker.secret]);

const json = (r) => {
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
// A one-line "(Code) message" on stderr, nothing on stdout, a non-zero exit.
function refused(r, pattern) {
  assert.notEqual(r.status, 0, r.stdout);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
  assert.match(r.stderr.trimEnd(), pattern);
}

const suffix = randomUUID().slice(0, 8);
const env = `ppcli-${suffix}`;
const env2 = `ppcli-target-${suffix}`;
const id = (collection, name, environment = env) =>
  `/providers/Pal.PowerPlatform/environments/${environment}/${collection}/${name}`;
const sameId = (a, b) => assert.equal(a.toLowerCase(), b.toLowerCase());

test("pal powerplatform environment create, list, show, update, delete", () => {
  const created = json(asAdmin("powerplatform", "environment", "create", "--name", env, "--display-name", "CLI Prod",
    "--type", "Production", "--paid"));
  assert.equal(created.name, env);
  assert.equal(created.type, "Pal.PowerPlatform/environments");
  assert.equal(created.tenantId, tenant);
  assert.equal(created.displayName, "CLI Prod");
  assert.equal(created.environmentType, "Production");
  assert.equal(created.paid, true);

  const listed = json(asAdmin("powerplatform", "environment", "list"));
  assert.deepEqual(listed.map((e) => e.name), [env]);
  assert.equal(json(asMaker("powerplatform", "environment", "show", "--name", env)).displayName, "CLI Prod");

  // update keeps what it is not told to change
  const renamed = json(asAdmin("powerplatform", "environment", "update", "--name", env, "--display-name", "CLI Production"));
  assert.equal(renamed.displayName, "CLI Production");
  assert.equal(renamed.environmentType, "Production");
  assert.equal(renamed.paid, true);
  const unpaid = json(asAdmin("powerplatform", "environment", "update", "--name", env, "--unpaid"));
  assert.equal(unpaid.paid, false);
  assert.equal(unpaid.displayName, "CLI Production");
  assert.equal(json(asAdmin("powerplatform", "environment", "update", "--name", env, "--paid")).paid, true);

  const table = asAdmin("powerplatform", "environment", "list", "-o", "table");
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout.split("\n")[0], /DisplayName/);
  assert.match(table.stdout, new RegExp(env));
  const tsv = asAdmin("powerplatform", "environment", "show", "--name", env, "-o", "tsv");
  assert.equal(tsv.status, 0, tsv.stderr);
  assert.ok(tsv.stdout.trimEnd().split("\t").includes(env), tsv.stdout);

  json(asAdmin("powerplatform", "environment", "create", "--name", env2, "--type", "Sandbox"));
  const scratch = `ppcli-scratch-${suffix}`;
  json(asAdmin("powerplatform", "environment", "create", "--name", scratch, "--type", "Trial"));
  const deleted = asAdmin("powerplatform", "environment", "delete", "--name", scratch);
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, "");
  refused(asAdmin("powerplatform", "environment", "show", "--name", scratch), /^\(EnvironmentNotFound\) /);
});

test("pal powerplatform environment: bad input and refusals are one-line errors", () => {
  refused(asAdmin("powerplatform", "environment", "create", "--name", `ppcli-bad-${suffix}`, "--type", "Galaxy"),
    /^\(InvalidEnvironmentType\) /);
  refused(asAdmin("powerplatform", "environment", "create", "--name", "bad name!", "--type", "Sandbox"),
    /^\(InvalidEnvironmentName\) /);
  refused(asAdmin("powerplatform", "environment", "update", "--name", env), /^\(InvalidArgument\) Give --display-name/);
  refused(asMaker("powerplatform", "environment", "create", "--name", `ppcli-maker-${suffix}`, "--type", "Sandbox"),
    /^\(AuthorizationFailed\) /);
  const noType = asAdmin("powerplatform", "environment", "create", "--name", `ppcli-x-${suffix}`);
  assert.notEqual(noType.status, 0);
  assert.match(noType.stderr, /--type/);
});

test("pal powerplatform environment member add, list, remove", () => {
  for (const environment of [env, env2]) {
    const added = json(asAdmin("powerplatform", "environment", "member", "add", "--environment", environment,
      "--assignee", maker.objectId, "--role", "EnvironmentMaker"));
    assert.equal(added.objectId ?? added.name, maker.objectId);
  }
  json(asAdmin("powerplatform", "environment", "member", "add", "--environment", env,
    "--assignee", user2.objectId, "--role", "EnvironmentMaker"));
  const members = json(asAdmin("powerplatform", "environment", "member", "list", "--environment", env));
  const roles = Object.fromEntries(members.map((m) => [m.objectId, m.role]));
  assert.deepEqual(roles, {
    [ppAdmin.objectId]: "EnvironmentAdmin",
    [maker.objectId]: "EnvironmentMaker",
    [user2.objectId]: "EnvironmentMaker",
  });
  const removed = asAdmin("powerplatform", "environment", "member", "remove", "--environment", env,
    "--assignee", user2.objectId);
  assert.equal(removed.status, 0, removed.stderr);
  assert.equal(json(asAdmin("powerplatform", "environment", "member", "list", "--environment", env)).length, 2);

  refused(asAdmin("powerplatform", "environment", "member", "add", "--environment", env, "--assignee", "bob",
    "--role", "EnvironmentMaker"), /^\(InvalidArgument\) --assignee 'bob' is not an object id/);
  refused(asAdmin("powerplatform", "environment", "member", "remove", "--environment", env,
    "--assignee", ppAdmin.objectId), /^\(LastEnvironmentAdmin\) /);
  refused(asMaker("powerplatform", "environment", "member", "add", "--environment", env,
    "--assignee", user2.objectId, "--role", "EnvironmentAdmin"), /^\(AuthorizationFailed\) /);
});

test("pal powerplatform resource create, show, list, history for every product", () => {
  const products = [
    ["CanvasApp", "canvasApps", "app1"],
    ["ModelDrivenApp", "modelDrivenApps", "mda1"],
    ["Flow", "flows", "flow1"],
    ["Bot", "bots", "bot1"],
    ["CustomerInsightsInstance", "customerInsightsInstances", "ci1"],
  ];
  for (const [product, collection, name] of products) {
    const created = json(asMaker("powerplatform", "resource", "create", "--environment", env, "--product", product,
      "--name", name, "--display-name", `The ${name}`));
    sameId(created.id, id(collection, name));
    assert.equal(created.product, product);
    assert.equal(created.owner, maker.objectId);
    assert.equal(created.displayName, `The ${name}`);
  }
  // Publishing a dataset: the caller becomes its publisher (owner).
  const dataset = json(asMaker("powerbi", "publish", "--environment", env, "--name", "ds1", "--display-name", "Sales"));
  sameId(dataset.id, id("datasets", "ds1"));
  assert.equal(dataset.owner, maker.objectId);

  const shown = json(asAdmin("powerplatform", "resource", "show", "--environment", env, "--product", "CanvasApp",
    "--name", "app1"));
  assert.equal(shown.displayName, "The app1");
  const all = json(asMaker("powerplatform", "resource", "list", "--environment", env));
  assert.equal(all.length, 6);
  const flows = json(asMaker("powerplatform", "resource", "list", "--environment", env, "--product", "Flow"));
  assert.deepEqual(flows.map((r) => r.name), ["flow1"]);
  const table = asMaker("powerplatform", "resource", "list", "--environment", env, "-o", "table");
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout.split("\n")[0], /Product/);

  const history = json(asMaker("powerplatform", "resource", "history", "--environment", env, "--product", "CanvasApp",
    "--name", "app1"));
  assert.equal(history.length, 1);
  assert.equal(history[0].principalId, maker.objectId);
  assert.equal(history[0].role, "Owner");

  refused(asMaker("powerplatform", "resource", "create", "--environment", env, "--product", "Spreadsheet",
    "--name", "x"), /^\(InvalidArgument\) --product 'Spreadsheet' is not one of/);
  refused(asMaker("powerplatform", "resource", "show", "--environment", env, "--product", "Flow", "--name", "nope"),
    /^\(\w*NotFound\) /);
  refused(asMaker("powerplatform", "resource", "list", "--environment", `ppcli-none-${suffix}`),
    /^\(EnvironmentNotFound\) /);
});

test("pal powerapp, flow and powerbi owner changes, co-owners, and the refused ones", () => {
  // Canvas app co-owners (users only), then a new owner through PowerShell's default channel.
  const withCoOwner = json(asMaker("powerapp", "coowner", "add", "--environment", env, "--app", "app1",
    "--assignee", user2.objectId));
  assert.deepEqual(withCoOwner.coOwners, [user2.objectId]);
  const without = json(asMaker("powerapp", "coowner", "remove", "--environment", env, "--app", "app1",
    "--assignee", user2.objectId));
  assert.deepEqual(without.coOwners, []);
  refused(asMaker("powerapp", "coowner", "add", "--environment", env, "--app", "app1", "--assignee", bot.objectId),
    /^\(CoOwnerMustBeUser\) /);
  refused(asMaker("powerapp", "coowner", "remove", "--environment", env, "--app", "app1", "--assignee", user2.objectId),
    /^\(CoOwnerNotFound\) /);

  const handed = json(asMaker("powerapp", "owner", "set", "--environment", env, "--app", "app1",
    "--owner", user2.objectId));
  assert.equal(handed.owner, user2.objectId);
  const history = json(asAdmin("powerplatform", "resource", "history", "--environment", env, "--product", "CanvasApp",
    "--name", "app1"));
  const last = history[history.length - 1];
  assert.equal(last.principalId, user2.objectId);
  assert.equal(last.channel, "powershell");
  assert.ok(history.some((h) => h.principalId === maker.objectId && h.validTo), JSON.stringify(history));

  // A model-driven app cannot change owner through PowerShell; its default, pp-cli, works.
  refused(asMaker("powerapp", "owner", "set", "--environment", env, "--app", "mda1", "--model-driven",
    "--owner", user2.objectId, "--channel", "powershell"), /^\(OwnershipChangeNotSupported\) .*pp-cli/);
  const mda = json(asMaker("powerapp", "owner", "set", "--environment", env, "--app", "mda1",
    "--product", "ModelDrivenApp", "--owner", user2.objectId));
  assert.equal(mda.owner, user2.objectId);
  const mdaHistory = json(asAdmin("powerplatform", "resource", "history", "--environment", env,
    "--product", "ModelDrivenApp", "--name", "mda1"));
  assert.equal(mdaHistory[mdaHistory.length - 1].channel, "pp-cli");

  // Flows go to a service principal through any channel; datasets through PowerShell only.
  const flow = json(asMaker("flow", "owner", "set", "--environment", env, "--flow", "flow1", "--owner", bot.objectId));
  assert.equal(flow.owner, bot.objectId);
  refused(asMaker("powerbi", "dataset", "owner", "set", "--environment", env, "--name", "ds1",
    "--owner", user2.objectId, "--channel", "gui"), /^\(OwnershipChangeNotSupported\) /);
  const ds = json(asMaker("powerbi", "dataset", "owner", "set", "--environment", env, "--name", "ds1",
    "--owner", user2.objectId));
  assert.equal(ds.owner, user2.objectId);

  // Bots never change owner; a bad channel or object id is refused before or by the server.
  refused(asAdmin("powerplatform", "resource", "owner", "set", "--environment", env, "--product", "Bot",
    "--name", "bot1", "--owner", user2.objectId, "--channel", "gui"), /^\(OwnershipChangeNotSupported\) /);
  refused(asAdmin("flow", "owner", "set", "--environment", env, "--flow", "flow1", "--owner", user2.objectId,
    "--channel", "telepathy"), /^\(InvalidChannel\) /);
  refused(asAdmin("flow", "owner", "set", "--environment", env, "--flow", "flow1", "--owner", "someone"),
    /^\(InvalidArgument\) --owner 'someone' is not an object id/);
  refused(asAdmin("flow", "owner", "set", "--environment", env, "--flow", "flow1", "--owner", randomUUID()),
    /^\(PrincipalNotFound\) /);
  // The maker no longer owns the canvas app: no right to hand it on.
  refused(asMaker("powerapp", "owner", "set", "--environment", env, "--app", "app1", "--owner", maker.objectId),
    /^\(AuthorizationFailed\) /);
});

test("pal solution export writes the document; import makes the importer the owner", () => {
  const file = path.join(work, "solution.json");
  const exported = json(asMaker("solution", "export", "--environment", env, "--name", "CliSolution",
    "--version", "1.2.0.0", "--managed", "--component", "canvasApps/app1", "--component", id("flows", "flow1"),
    "--path", file));
  assert.equal(exported.path, file);
  const doc = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(doc.solutionName, "CliSolution");
  assert.equal(doc.version, "1.2.0.0");
  assert.equal(doc.managed, true);
  assert.deepEqual(doc.components.map((c) => [c.product, c.name]).sort(), [["CanvasApp", "app1"], ["Flow", "flow1"]]);

  // An existing file is kept unless --overwrite; components that cannot be in a solution are refused.
  const before = readFileSync(file, "utf8");
  refused(asMaker("solution", "export", "--environment", env, "--name", "CliSolution", "--component", "canvasApps/app1",
    "--path", file), /^\(InvalidArgument\) .*already exists/);
  assert.equal(readFileSync(file, "utf8"), before);
  const unmanaged = json(asMaker("solution", "export", "--environment", env, "--name", "CliSolution",
    "--component", "canvasApps/app1", "--path", file, "--overwrite"));
  assert.equal(unmanaged.managed, false);
  refused(asMaker("solution", "export", "--environment", env, "--name", "Bad", "--component", "datasets/ds1",
    "--path", path.join(work, "bad.json")), /^\(ComponentNotSolutionAware\) /);
  assert.equal(existsSync(path.join(work, "bad.json")), false);

  json(asMaker("solution", "export", "--environment", env, "--name", "CliSolution", "--component", "canvasApps/app1",
    "--component", "flows/flow1", "--path", file, "--overwrite"));
  const imported = json(asMaker("solution", "import", "--environment", env2, "--path", file));
  assert.equal(imported.solutionName, "CliSolution");
  assert.equal(imported.importedBy, maker.objectId);
  assert.equal(imported.components.length, 2);
  for (const component of imported.components) assert.equal(component.owner, maker.objectId);
  const app = json(asMaker("powerplatform", "resource", "show", "--environment", env2, "--product", "CanvasApp",
    "--name", "app1"));
  assert.equal(app.owner, maker.objectId);
  const history = json(asMaker("powerplatform", "resource", "history", "--environment", env2, "--product", "Flow",
    "--name", "flow1"));
  assert.equal(history[history.length - 1].channel, "solution-import");

  refused(asMaker("solution", "import", "--environment", env2, "--path", path.join(work, "missing.json")),
    /^\(InvalidArgument\) Cannot read the file /);
  const notJson = path.join(work, "not-a-solution.json");
  writeFileSync(notJson, "solution?");
  refused(asMaker("solution", "import", "--environment", env2, "--path", notJson), /^\(InvalidSolutionFile\) /);
});

test("pal powerplatform activity add and profiles add post data set CSV files in batches", () => {
  // 3 resources x 2 users x 200 days = 1200 rows: two batches.
  const rows = ["date,resource_id,user_id"];
  const start = Date.UTC(2026, 0, 1);
  for (let day = 0; day < 200; day++) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (const resource of [id("canvasApps", "app1"), id("flows", "flow1"), id("customerInsightsInstances", "ci1")]) {
      for (const user of [maker.objectId, user2.objectId]) rows.push(`${date},${resource},${user}`);
    }
  }
  const activity = path.join(work, "powerplatform_activity.csv");
  writeFileSync(activity, rows.join("\n") + "\n");
  assert.deepEqual(json(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", activity)),
    { file: activity, received: 1200, added: 1200 });
  const again = json(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", activity, "-o", "json"));
  assert.equal(again.added, 0, "repeating a row adds nothing");

  const profiles = path.join(work, "customer_insights_profiles.csv");
  writeFileSync(profiles, `date,resource_id,unified_profiles\n2026-01-01,${id("customerInsightsInstances", "ci1")},1500\n` +
    `2026-01-02,${id("customerInsightsInstances", "ci1")},1600\n`);
  const posted = json(asAdmin("powerplatform", "profiles", "add", "--environment", env, "--file", profiles));
  assert.equal(posted.received, 2);

  refused(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", path.join(work, "absent.csv")),
    /^\(InvalidArgument\) Cannot read the file /);
  const noHeader = path.join(work, "no-header.csv");
  writeFileSync(noHeader, "day,app,user\n2026-01-01,x,y\n");
  refused(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", noHeader),
    /^\(InvalidCsv\) .*'date'/);
  const badCount = path.join(work, "bad-profiles.csv");
  writeFileSync(badCount, `date,resource_id,unified_profiles\n2026-01-01,${id("customerInsightsInstances", "ci1")},many\n`);
  refused(asAdmin("powerplatform", "profiles", "add", "--environment", env, "--file", badCount),
    /^\(InvalidCsv\) .*:2: unified_profiles 'many' is not a count/);
  const unknown = path.join(work, "unknown-resource.csv");
  writeFileSync(unknown, `date,resource_id,user_id\n2026-01-01,${id("canvasApps", "nowhere")},${maker.objectId}\n`);
  refused(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", unknown),
    /^\(InvalidActivity\) /);
  // A bad row in the second batch: the first 1000 rows are in, the error names the batch's lines.
  const late = [`date,resource_id,user_id`];
  for (let day = 0; day < 1000; day++) {
    late.push(`${new Date(Date.UTC(2027, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)},${id("flows", "flow1")},${maker.objectId}`);
  }
  late.push(`2030-01-01,${id("canvasApps", "nowhere")},${maker.objectId}`);
  const lateFile = path.join(work, "late-error.csv");
  writeFileSync(lateFile, late.join("\n") + "\n");
  refused(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", lateFile),
    /^\(InvalidActivity\) .*\(the batch of lines 1002-1002 of .*; the 1000 rows before it were posted\)$/);
  const firstBatch = path.join(work, "late-first-batch.csv");
  writeFileSync(firstBatch, late.slice(0, 1001).join("\n") + "\n");
  assert.deepEqual(json(asAdmin("powerplatform", "activity", "add", "--environment", env, "--file", firstBatch)),
    { file: firstBatch, received: 1000, added: 0 }, "the first batch was in");
});

test("pal powerplatform resource delete, and an environment that still holds resources", () => {
  refused(asAdmin("powerplatform", "environment", "delete", "--name", env2), /^\(EnvironmentNotEmpty\) /);
  const deleted = asMaker("powerplatform", "resource", "delete", "--environment", env, "--product", "Bot", "--name", "bot1");
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, "");
  refused(asMaker("powerplatform", "resource", "show", "--environment", env, "--product", "Bot", "--name", "bot1"),
    /^\(\w*NotFound\) /);
  // The canvas app belongs to user2 now: the maker may not delete it.
  refused(asMaker("powerplatform", "resource", "delete", "--environment", env, "--product", "CanvasApp",
    "--name", "app1"), /^\(AuthorizationFailed\) /);
});

// Every cell of both ownership-change tables of docs/attribution-rules.md (rule B6)
// through POST .../setOwner of pal's Pal.PowerPlatform API: each channel (gui, powershell,
// pp-cli, devops) for each product and each kind of new owner — users and guests by the first
// table, service principals by the second. Allowed: 200 and the new owner shows, with the
// channel in the ownership history. Refused: 400 OwnershipChangeNotSupported naming the product,
// the channel and the channels that work, and nothing changes. Then the co-owner rules and the
// other setOwner errors.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { armCaller, assertArmError, palJson, showResponse } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const tag = randomUUID().slice(0, 8);

// --- the table of docs/attribution-rules.md (B6), written as Microsoft publishes it (Product | GUI | PowerShell | PP CLI | DevOps +
// Build Tools), and the sentence on changing to a service principal.
const channels = ["gui", "powershell", "pp-cli", "devops"];
const r58UserTable = `
| Power Apps canvas | yes | yes | yes | yes |
| Power Apps model-driven | no | no | yes | yes |
| Power Automate | yes | yes | yes | yes |
| Power BI (publishing) | no | yes | no | no |`;
const r58ServicePrincipal =
  "canvas no/no/yes/yes; model-driven no/no/yes/yes; Power Automate yes/yes/yes/yes; Power BI no/yes/no/no";
const productOf = {
  "Power Apps canvas": "CanvasApp", canvas: "CanvasApp",
  "Power Apps model-driven": "ModelDrivenApp", "model-driven": "ModelDrivenApp",
  "Power Automate": "Flow",
  "Power BI (publishing)": "Dataset", "Power BI": "Dataset",
};
const yesNo = (cells) => {
  assert.equal(cells.length, 4);
  return cells.map((c) => ({ yes: true, no: false })[c.trim()]);
};
const toUser = Object.fromEntries(r58UserTable.trim().split("\n").map((line) => {
  const [name, ...cells] = line.split("|").slice(1, -1).map((c) => c.trim());
  return [productOf[name], yesNo(cells)];
}));
const toServicePrincipal = Object.fromEntries(r58ServicePrincipal.split(";").map((part) => {
  const m = part.trim().match(/^(.*) (\S+)$/);
  return [productOf[m[1]], yesNo(m[2].split("/"))];
}));
// Bots and Customer Insights instances are in neither table: their owner never changes.
const products = {
  CanvasApp: "canvasApps", ModelDrivenApp: "modelDrivenApps", Flow: "flows", Dataset: "datasets",
  Bot: "bots", CustomerInsightsInstance: "customerInsightsInstances",
};
const allowed = (product, kind) =>
  (kind === "ServicePrincipal" ? toServicePrincipal : toUser)[product] ?? [false, false, false, false];
test("the B6 tables as data", () => {
  assert.deepEqual(Object.keys(toUser).sort(), ["CanvasApp", "Dataset", "Flow", "ModelDrivenApp"]);
  assert.deepEqual(Object.keys(toServicePrincipal).sort(), ["CanvasApp", "Dataset", "Flow", "ModelDrivenApp"]);
  assert.deepEqual(allowed("ModelDrivenApp", "User"), [false, false, true, true]);
  assert.deepEqual(allowed("CanvasApp", "ServicePrincipal"), [false, false, true, true]);
  assert.deepEqual(allowed("Bot", "Guest"), [false, false, false, false]);
});

// How a message may name a product.
const productWords = {
  CanvasApp: /CanvasApp|canvas app/i, ModelDrivenApp: /ModelDrivenApp|model-driven app/i, Flow: /Flow/i,
  Dataset: /Dataset/i, Bot: /Bot/i, CustomerInsightsInstance: /CustomerInsightsInstance|Customer Insights instance/i,
};
const channelNamed = (message, channel) =>
  new RegExp(`(^|[^A-Za-z-])${channel}(?![A-Za-z-])`, "i").test(message);

// --- The tenant: its Power Platform admin, and two principals of each kind as new owners.
const tenant = randomUUID();
const otherTenant = randomUUID();
admin("tenant", "create", "--tenant-id", tenant, "--name", "Ownership Customer");
admin("tenant", "create", "--tenant-id", otherTenant, "--name", "Ownership Other");
const principal = (t, kind, name) => admin("principal", "create", "--tenant-id", t, "--kind", kind, "--name", name);
const ppAdmin = principal(tenant, "User", `ppadmin-${tag}@own.example`);
admin("role", "assignment", "create", "--scope", "/", "--role", "Owner", "--assignee", ppAdmin.objectId);
const maker = principal(tenant, "User", `maker-${tag}@own.example`);
const targets = {
  User: [principal(tenant, "User", `u1-${tag}@own.example`), principal(tenant, "User", `u2-${tag}@own.example`)],
  Guest: [principal(tenant, "Guest", `g1-${tag}@partner.example`), principal(tenant, "Guest", `g2-${tag}@partner.example`)],
  ServicePrincipal: [principal(tenant, "ServicePrincipal", `sp1-${tag}`), principal(tenant, "ServicePrincipal", `sp2-${tag}`)],
};
const stranger = principal(otherTenant, "User", `stranger-${tag}@other.example`);

const { call } = armCaller(ctx.url);
const show = showResponse;

const V = "api-version=2026-12-01";
const env = `ownership-${tag}`;
const resUrl = (collection, name, rest = "") => `/providers/Pal.PowerPlatform/environments/${env}/${collection}/${name}${rest}?${V}`;
const isOpen = (h) => h.validTo === null || h.validTo === undefined;
async function getResource(collection, name) {
  const r = await call(ppAdmin, "GET", resUrl(collection, name));
  assert.equal(r.status, 200, show(r));
  return r.body;
}
async function history(collection, name) {
  const r = await call(ppAdmin, "GET", resUrl(collection, name, "/ownershipHistory"));
  assert.equal(r.status, 200, show(r));
  return r.body.value;
}
async function create(p, collection, name) {
  const r = await call(p, "PUT", resUrl(collection, name), { properties: { displayName: name } });
  assert.equal(r.status, 201, show(r));
  assert.equal(r.body.properties.owner, p.objectId);
  return r.body;
}

test("ownership: the environment, a maker and one resource of each product", async () => {
  let r = await call(ppAdmin, "PUT", `/providers/Pal.PowerPlatform/environments/${env}?${V}`,
    { properties: { displayName: "Ownership", environmentType: "Production", paid: true } });
  assert.equal(r.status, 201, show(r));
  r = await call(ppAdmin, "PUT", `/providers/Pal.PowerPlatform/environments/${env}/members/${maker.objectId}?${V}`,
    { properties: { role: "EnvironmentMaker" } });
  assert.equal(r.status, 200, show(r));
  for (const [product, collection] of Object.entries(products)) {
    const res = await create(ppAdmin, collection, `table-${collection}`);
    assert.equal(res.properties.product, product);
  }
});

test("ownership: every cell of both B6 tables through setOwner", async () => {
  const cells = [];
  const wording = [];
  for (const [product, collection] of Object.entries(products)) {
    const name = `table-${collection}`;
    let owner = ppAdmin.objectId;
    const changes = [];
    for (const kind of ["User", "Guest", "ServicePrincipal"]) {
      for (const [i, channel] of channels.entries()) {
        const target = targets[kind].find((t) => t.objectId !== owner);
        const what = `${product} to a ${kind} through ${channel}`;
        const before = await history(collection, name);
        const r = await call(ppAdmin, "POST", resUrl(collection, name, "/setOwner"), { owner: target.objectId, channel });
        if (allowed(product, kind)[i]) {
          assert.equal(r.status, 200, `${what}: ${show(r)}`);
          assert.equal(r.body.properties.owner, target.objectId, what);
          assert.equal(r.body.id, `/providers/Pal.PowerPlatform/environments/${env}/${collection}/${name}`);
          const got = await getResource(collection, name);
          assert.equal(got.properties.owner, target.objectId, `${what}: GET shows the new owner`);
          const open = (await history(collection, name)).filter((h) => h.role === "Owner" && isOpen(h));
          assert.deepEqual(open.map((h) => [h.principalId, h.channel]), [[target.objectId, channel]], what);
          owner = target.objectId;
          changes.push([target.objectId, channel]);
          cells.push(`${what}: allowed`);
        } else {
          const message = assertArmError(r, 400, "OwnershipChangeNotSupported", what);
          const works = channels.filter((_, j) => allowed(product, kind)[j]);
          // What the message names is collected, so that every cell runs and all are reported.
          if (!productWords[product].test(message)) wording.push(`${what}: does not name the product: ${message}`);
          if (!channelNamed(message, channel)) wording.push(`${what}: does not name the channel: ${message}`);
          const named = channels.filter((c) => c !== channel && channelNamed(message, c));
          if (named.join() !== works.join()) {
            wording.push(`${what}: names ${named.join(", ") || "no channel"} as working, not ${works.join(", ") || "none"}: ${message}`);
          }
          const got = await getResource(collection, name);
          assert.equal(got.properties.owner, owner, `${what}: the owner is unchanged`);
          assert.deepEqual(await history(collection, name), before, `${what}: no history row`);
          cells.push(`${what}: refused`);
        }
      }
    }
    // The history holds the creation and then exactly the allowed changes, one owner at a time.
    const owners = (await history(collection, name)).filter((h) => h.role === "Owner");
    assert.equal(owners[0].principalId, ppAdmin.objectId);
    assert.deepEqual(owners.slice(1).map((h) => [h.principalId, h.channel]), changes, `${product} history`);
    assert.deepEqual(owners.map(isOpen), owners.map((_, k) => k === owners.length - 1), `${product}: only the last is open`);
    for (const h of owners.slice(1)) assert.ok(JSON.stringify(h.actor).includes(ppAdmin.objectId), JSON.stringify(h));
  }
  assert.equal(cells.length, 6 * 3 * 4);
  assert.equal(cells.filter((c) => c.endsWith("allowed")).length, 2 * (4 + 2 + 4 + 1) + (2 + 2 + 4 + 1));
  assert.deepEqual(wording, [], `refusals that do not name the product, the channel and the channels that work:\n${wording.join("\n")}`);
});

test("ownership: the owner hands a resource over; others cannot", async () => {
  await create(maker, "flows", "maker-flow");
  const [u1] = targets.User;
  // Not the owner (yet): a maker cannot change an admin's resource.
  assertArmError(await call(maker, "POST", resUrl("flows", "table-flows", "/setOwner"), { owner: maker.objectId, channel: "gui" }),
    403, "AuthorizationFailed", "a maker takes someone else's flow");
  let r = await call(maker, "POST", resUrl("flows", "maker-flow", "/setOwner"), { owner: u1.objectId, channel: "gui" });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.properties.owner, u1.objectId);
  assertArmError(await call(maker, "POST", resUrl("flows", "maker-flow", "/setOwner"), { owner: maker.objectId, channel: "gui" }),
    403, "AuthorizationFailed", "the old owner keeps no role");
  assert.equal((await getResource("flows", "maker-flow")).properties.owner, u1.objectId);
  // The new owner may hand it on.
  r = await call(u1, "POST", resUrl("flows", "maker-flow", "/setOwner"), { owner: maker.objectId, channel: "powershell" });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.properties.owner, maker.objectId);
});

test("ownership: a co-owner who becomes owner stops being one; the co-owner rules", async () => {
  const [g1, g2] = targets.Guest;
  const [u1] = targets.User;
  const [sp1] = targets.ServicePrincipal;
  await create(ppAdmin, "canvasApps", "shared-app");
  let r = await call(ppAdmin, "PUT", resUrl("canvasApps", "shared-app", `/coOwners/${g1.objectId}`));
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(r.body.properties.coOwners, [g1.objectId]);
  r = await call(ppAdmin, "PUT", resUrl("canvasApps", "shared-app", `/coOwners/${g1.objectId}`));
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(r.body.properties.coOwners, [g1.objectId], "adding an existing co-owner changes nothing");
  // A co-owner manages co-owners too.
  r = await call(g1, "PUT", resUrl("canvasApps", "shared-app", `/coOwners/${u1.objectId}`));
  assert.equal(r.status, 200, show(r));
  assert.deepEqual([...r.body.properties.coOwners].sort(), [g1.objectId, u1.objectId].sort());
  r = await call(g1, "DELETE", resUrl("canvasApps", "shared-app", `/coOwners/${u1.objectId}`));
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(r.body.properties.coOwners, [g1.objectId]);
  assertArmError(await call(ppAdmin, "DELETE", resUrl("canvasApps", "shared-app", `/coOwners/${u1.objectId}`)),
    404, "CoOwnerNotFound", "removing a co-owner that is not");
  assertArmError(await call(ppAdmin, "PUT", resUrl("canvasApps", "shared-app", `/coOwners/${sp1.objectId}`)),
    400, "CoOwnerMustBeUser", "a service principal as co-owner");
  assertArmError(await call(ppAdmin, "PUT", resUrl("canvasApps", "shared-app", `/coOwners/${ppAdmin.objectId}`)),
    409, "AlreadyOwner", "the owner as co-owner");
  for (const collection of ["modelDrivenApps", "flows", "datasets", "bots", "customerInsightsInstances"]) {
    assertArmError(await call(ppAdmin, "PUT", resUrl(collection, `table-${collection}`, `/coOwners/${g2.objectId}`)),
      400, "CoOwnersNotSupported", `a co-owner of ${collection}`);
  }

  // The co-owner becomes the owner.
  r = await call(ppAdmin, "POST", resUrl("canvasApps", "shared-app", "/setOwner"), { owner: g1.objectId, channel: "gui" });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.body.properties.owner, g1.objectId);
  assert.deepEqual(r.body.properties.coOwners, [], "the new owner is no co-owner and the old owner keeps no role");
  const h = await history("canvasApps", "shared-app");
  assert.deepEqual(h.filter(isOpen).map((e) => [e.principalId, e.role, e.channel]), [[g1.objectId, "Owner", "gui"]]);
  assert.ok(h.some((e) => e.principalId === g1.objectId && e.role === "CoOwner" && !isOpen(e)), "the co-owner interval ended");
  assert.ok(h.some((e) => e.principalId === ppAdmin.objectId && e.role === "Owner" && !isOpen(e)), "the old owner's interval ended");
  assert.ok(h.some((e) => e.principalId === u1.objectId && e.role === "CoOwner" && !isOpen(e)), "the removed co-owner's interval");
});

test("ownership: setOwner needs a known channel and a principal of the environment's tenant", async () => {
  const before = await getResource("canvasApps", "table-canvasApps");
  const beforeHistory = await history("canvasApps", "table-canvasApps");
  const target = targets.User.find((t) => t.objectId !== before.properties.owner);
  for (const [body, code] of [
    [{ owner: target.objectId, channel: "portal" }, "InvalidChannel"],
    [{ owner: target.objectId, channel: "solution-import" }, "InvalidChannel"],
    [{ owner: target.objectId, channel: "" }, "InvalidChannel"],
    [{ owner: target.objectId }, "InvalidChannel"],
    [{ owner: stranger.objectId, channel: "gui" }, "PrincipalNotFound"],
    [{ owner: randomUUID(), channel: "gui" }, "PrincipalNotFound"],
  ]) {
    const r = await call(ppAdmin, "POST", resUrl("canvasApps", "table-canvasApps", "/setOwner"), body);
    assertArmError(r, 400, code, JSON.stringify(body));
  }
  assert.deepEqual(await getResource("canvasApps", "table-canvasApps"), before, "nothing changed");
  assert.deepEqual(await history("canvasApps", "table-canvasApps"), beforeHistory, "no history row");
});

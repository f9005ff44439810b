// `pal role assignment create|list|delete` and `pal role definition list` against the running
// server, signed in as a customer's Owner: az's shapes, filters and one-line errors.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { pal, palJson, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const env = { PAL_CONFIG_DIR: tempDir("pal-role-cli-") };
const run = (...args) => pal(args, { env });
const json = (r) => {
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

const tenant = randomUUID();
const sub = randomUUID();
const subScope = `/subscriptions/${sub}`;
const rgScope = `${subScope}/resourceGroups/rg-cli`;
admin("tenant", "create", "--tenant-id", tenant, "--name", "CLI Customer");
admin("subscription", "create", "--subscription-id", sub, "--tenant-id", tenant, "--name", "Prod");
admin("resource", "create", "--id", rgScope);
const owner = admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", "cli-owner");
const app = admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", "cli-partner");
admin("role", "assignment", "create", "--scope", subScope, "--role", "Owner", "--assignee", owner.objectId);

test("pal role definition list: all built-ins, or one by name", () => {
  json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", tenant,
    "--service-principal", "-u", owner.appId, "-p", owner.secret));
  const all = json(run("role", "definition", "list"));
  assert.ok(all.length >= 15);
  const reader = json(run("role", "definition", "list", "--name", "Reader"));
  assert.equal(reader.length, 1);
  assert.equal(reader[0].roleName, "Reader");
  assert.equal(reader[0].name, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
});

test("pal role assignment create, list, delete like az", () => {
  const created = json(run("role", "assignment", "create", "--assignee", app.objectId, "--role", "Reader",
    "--scope", subScope, "--description", "partner access"));
  assert.equal(created.principalId, app.objectId);
  assert.equal(created.principalType, "ServicePrincipal");
  assert.equal(created.roleDefinitionName, "Reader");
  assert.equal(created.scope, subScope);
  assert.equal(created.description, "partner access");
  assert.match(created.id, new RegExp(`^${subScope}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`));

  const onGroup = json(run("role", "assignment", "create", "--assignee", app.objectId,
    "--role", "b24988ac-6180-42a0-ab88-20f7382dd24c", "--scope", rgScope));
  assert.equal(onGroup.roleDefinitionName, "Contributor");

  // At the subscription exactly: the Owner's and the Reader; --all adds the resource group's.
  const atSub = json(run("role", "assignment", "list", "--subscription", sub));
  assert.deepEqual(atSub.map((a) => a.roleDefinitionName).sort(), ["Owner", "Reader"]);
  const all = json(run("role", "assignment", "list", "--scope", subScope, "--all", "--assignee", app.objectId));
  assert.deepEqual(all.map((a) => a.roleDefinitionName).sort(), ["Contributor", "Reader"]);
  const atGroup = json(run("role", "assignment", "list", "--scope", rgScope));
  assert.deepEqual(atGroup.map((a) => a.id), [onGroup.id]);
  const inherited = json(run("role", "assignment", "list", "--scope", rgScope, "--include-inherited",
    "--role", "Reader"));
  assert.deepEqual(inherited.map((a) => a.id), [created.id]);
  const table = run("role", "assignment", "list", "--scope", rgScope, "-o", "table");
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /PrincipalId/);

  assert.equal(run("role", "assignment", "delete", "--ids", onGroup.id).status, 0);
  const byFilter = run("role", "assignment", "delete", "--scope", subScope, "--assignee", app.objectId, "--role", "Reader");
  assert.equal(byFilter.status, 0, byFilter.stderr);
  assert.deepEqual(json(run("role", "assignment", "list", "--scope", subScope, "--all", "--assignee", app.objectId)), []);
  const nothing = run("role", "assignment", "delete", "--scope", subScope, "--assignee", app.objectId);
  assert.equal(nothing.status, 0);
  assert.match(nothing.stderr, /No matched assignments/);
});

test("pal role assignment: bad input is a one-line error and a non-zero exit", () => {
  const cases = [
    [["role", "assignment", "create", "--assignee", app.objectId, "--role", "Astronaut", "--scope", subScope], /^\(RoleNotFound\) Role 'Astronaut' doesn't exist\.$/],
    [["role", "assignment", "create", "--assignee", "bob", "--role", "Reader", "--scope", subScope], /^\(InvalidArgument\) --assignee 'bob'/],
    [["role", "assignment", "create", "--assignee", randomUUID(), "--role", "Reader", "--scope", subScope], /^\(PrincipalNotFound\) /],
    [["role", "assignment", "create", "--assignee", app.objectId, "--role", "Reader", "--scope", "subscriptions/x"], /^\(InvalidScope\)|^\(\w+\) .*'subscriptions\/x'/],
    [["role", "assignment", "list"], /^\(InvalidArgument\) --scope \(or --subscription\) is required\.$/],
    [["role", "assignment", "delete", "--scope", subScope], /^\(InvalidArgument\) Name what to delete/],
    [["role", "assignment", "list", "--scope", `/subscriptions/${randomUUID()}`], /^\(SubscriptionNotFound\) /],
  ];
  for (const [args, pattern] of cases) {
    const r = run(...args);
    assert.notEqual(r.status, 0, args.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr.trimEnd(), pattern);
  }
});

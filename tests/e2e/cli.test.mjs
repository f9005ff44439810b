// The same flow through the pal CLI: login as a service principal (and as a user), then
// managementpartner create / show / update / delete, with az-style output and errors.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pal, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const configDir = tempDir("pal-cli-");
const env = { PAL_CONFIG_DIR: configDir };
const run = (...args) => pal(args, { env });

function json(r) {
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const flattenedKeys = ["createdTime", "etag", "id", "name", "objectId", "partnerId", "partnerName",
  "state", "tenantId", "type", "updatedTime", "version"];

test("pal CLI: login, create, show, update, delete", () => {
  const sp = ctx.principals.cli;
  const login = json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant",
    ctx.tenantA, "--service-principal", "-u", sp.appId, "-p", sp.secret));
  assert.equal(login.tenantId, ctx.tenantA);
  const profile = path.join(configDir, "profile.json");
  assert.equal(statSync(profile).mode & 0o777, 0o600);

  const created = json(run("managementpartner", "create", "--partner-id", "719878"));
  assert.deepEqual(Object.keys(created), flattenedKeys);
  assert.equal(created.partnerId, "719878");
  assert.equal(created.partnerName, "Mekorma");
  assert.equal(created.objectId, sp.objectId);
  assert.equal(created.version, 1);
  assert.equal(created.etag, 1);

  const shown = json(run("managementpartner", "show", "--partner-id", "719878"));
  assert.equal(shown.partnerId, "719878");
  const shownNoId = json(run("managementpartner", "show"));
  assert.equal(shownNoId.partnerId, "719878");

  const updated = json(run("managementpartner", "update", "--partner-id", "1234567"));
  assert.equal(updated.partnerId, "1234567");
  assert.equal(updated.version, 2);
  assert.equal(updated.createdTime, created.createdTime);

  const table = run("managementpartner", "show", "-o", "table");
  assert.equal(table.status, 0, table.stderr);
  const lines = table.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^CreatedTime\s+Etag\s+Id\s+Name\s+ObjectId\s+PartnerId\s+PartnerName/);
  assert.match(lines[1], /^-+\s+-+/);
  assert.match(lines[2], /1234567/);
  const tsv = run("managementpartner", "show", "-o", "tsv");
  assert.equal(tsv.stdout.trimEnd().split("\t").length, flattenedKeys.length);

  const deleted = run("managementpartner", "delete", "--partner-id", "1234567");
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, "");

  const after = run("managementpartner", "show");
  assert.notEqual(after.status, 0);
  assert.match(after.stderr, /^\(NotFound\) /);
});

test("pal CLI: errors are one line with the ARM code and a non-zero exit", () => {
  const unknown = run("managementpartner", "create", "--partner-id", "7777777");
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /^\(BadRequest\) We don't have a record for partner ID '7777777'/);
  const malformed = run("managementpartner", "create", "--partner-id", "abc");
  assert.notEqual(malformed.status, 0);
  assert.match(malformed.stderr, /^\(BadRequest\) 'abc' is not a valid partner ID/);
  const missing = run("managementpartner", "delete");
  assert.notEqual(missing.status, 0);
  const badLogin = run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant",
    ctx.tenantA, "--service-principal", "-u", ctx.principals.cli.appId, "-p", "wrong");
  assert.notEqual(badLogin.status, 0);
  assert.match(badLogin.stderr, /^\(invalid_client\) AADSTS7000215/);
});

test("pal CLI: a user signs in with a password and links", () => {
  const alice = ctx.principals.alice;
  json(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", ctx.tenantA,
    "--username", alice.name, "--password", alice.secret));
  const created = json(run("managementpartner", "create", "--partner-id", "719878"));
  assert.equal(created.objectId, alice.objectId);
  const del = run("managementpartner", "delete", "--partner-id", "719878");
  assert.equal(del.status, 0, del.stderr);
  run("logout");
  const loggedOut = run("managementpartner", "show");
  assert.notEqual(loggedOut.status, 0);
  assert.match(loggedOut.stderr, /^\(NotLoggedIn\)/);
});

test("pal admin: refuses bad input with a clear error and changes nothing", () => {
  const listBefore = pal(["admin", "partner", "list", "--data", ctx.dataDir]).stdout;
  for (const args of [
    ["admin", "tenant", "create", "--tenant-id", "not-a-guid", "--name", "X"],
    ["admin", "principal", "create", "--tenant-id", ctx.tenantA, "--kind", "Robot", "--name", "r"],
    ["admin", "principal", "create", "--tenant-id", "dddddddd-0000-4000-8000-00000000000d",
      "--kind", "User", "--name", "nobody"],
    ["admin", "partner", "add", "--partner-id", "x1", "--name", "Bad"],
    ["admin", "partner", "add", "--partner-id", "719878", "--name", "Duplicate"],
  ]) {
    const r = pal([...args, "--data", ctx.dataDir]);
    assert.notEqual(r.status, 0, args.join(" "));
    assert.match(r.stderr, /^\([A-Za-z]+\) .+\n$/, args.join(" "));
  }
  assert.equal(pal(["admin", "partner", "list", "--data", ctx.dataDir]).stdout, listBefore);
});

// Optimistic concurrency on the Partner Admin Link: the ETag header on GET/PUT/PATCH, If-Match
// (5, "5", W/"5", *) and If-None-Match: * on PUT/PATCH/DELETE, 412 PreconditionFailed with the
// ARM envelope when the link changed, 400 InvalidIfMatch for a header it cannot honour, and
// 20 concurrent PATCHes from the same read: exactly one wins. Plus `pal managementpartner
// update|delete --if-match`.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { apiVersion, armCaller, assertArmError, pal, palJson, removeDir, showResponse, tempDir } from "./harness.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
// Principals of this file's own, so no other file's link writes move their etags.
const newPrincipal = (name) => admin("principal", "create", "--tenant-id", ctx.tenantA, "--kind",
  "ServicePrincipal", "--name", `${name}-${randomUUID().slice(0, 8)}`);
const { tokenFor } = armCaller(ctx.url);

const link = (id) => `/providers/Microsoft.ManagementPartner/partners/${id}?api-version=${apiVersion}`;

// One call with extra request headers; returns { status, headers, body }.
async function send(p, method, path, headers = {}) {
  const r = await fetch(`${ctx.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await tokenFor(p)}`, ...headers },
  });
  const text = await r.text();
  let body;
  try { body = text ? JSON.parse(text) : undefined; } catch { body = text; }
  return { status: r.status, headers: r.headers, body };
}

function assertLink(r, id, etag, what) {
  assert.equal(r.status, 200, `${what}: ${showResponse(r)}`);
  assert.equal(r.body.name, id, `${what}: ${showResponse(r)}`);
  assert.equal(r.body.etag, etag, `${what}: ${showResponse(r)}`);
  assert.equal(r.body.properties.version, etag, `${what}: ${showResponse(r)}`);
  assert.equal(r.headers.get("etag"), `"${etag}"`, `${what}: the ETag header`);
}

test("If-Match / If-None-Match on the partner link: 200 with a fresh etag, 412 with a stale one", async () => {
  const sp = newPrincipal("ifmatch");
  assertLink(await send(sp, "PUT", link("719878"), { "If-None-Match": "*" }), "719878", 1, "create");
  assertLink(await send(sp, "GET", link("")), "719878", 1, "GET round-trips the etag");

  assertLink(await send(sp, "PATCH", link("1234567"), { "If-Match": "1" }), "1234567", 2, "PATCH If-Match 1");
  const stale = await send(sp, "PATCH", link("719878"), { "If-Match": "1" });
  const message = assertArmError(stale, 412, "PreconditionFailed", "PATCH with the same If-Match again");
  assert.match(message, /etag is 2.*If-Match is 1/);
  assert.equal(stale.headers.get("etag"), null, "no ETag on an error");
  assertLink(await send(sp, "GET", link("")), "1234567", 2, "the refused PATCH wrote nothing");

  // A stale DELETE leaves the link there.
  assertArmError(await send(sp, "DELETE", link("1234567"), { "If-Match": '"1"' }), 412,
    "PreconditionFailed", "DELETE with a stale If-Match");
  assertLink(await send(sp, "GET", link("1234567")), "1234567", 2, "still linked after the refused DELETE");

  // If-None-Match: * creates only when there is no link: refused for the same id and another.
  for (const id of ["1234567", "719878"]) {
    const m = assertArmError(await send(sp, "PUT", link(id), { "If-None-Match": "*" }), 412,
      "PreconditionFailed", `PUT ${id} with If-None-Match * on an existing link`);
    assert.match(m, /If-None-Match is \*/);
  }

  // Headers it cannot honour are refused before anything is written.
  for (const [name, value, code] of [
    ["If-Match", "abc", "InvalidIfMatch"],
    ["If-Match", "\"1\", \"2\"", "InvalidIfMatch"],
    ["If-Match", "-2", "InvalidIfMatch"],
    ["If-None-Match", "2", "InvalidIfNoneMatch"],
  ]) {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const m = assertArmError(await send(sp, method, link("1234567"), { [name]: value }), 400, code,
        `${method} with ${name}: ${value}`);
      assert.ok(m.includes(name), m);
    }
  }
  assertLink(await send(sp, "GET", link("")), "1234567", 2, "nothing written by the 400s");

  // Every spelling of the current etag, and *.
  assertLink(await send(sp, "PATCH", link("719878"), { "If-Match": 'W/"2"' }), "719878", 3, "weak tag");
  assertLink(await send(sp, "PATCH", link("1234567"), { "If-Match": '"3"' }), "1234567", 4, "quoted tag");
  assertLink(await send(sp, "PUT", link("1234567"), { "If-Match": "4" }), "1234567", 5, "PUT rewrite, bare");
  assertLink(await send(sp, "PATCH", link("719878"), { "If-Match": "*" }), "719878", 6, "If-Match *");

  // A matching DELETE; then * no longer matches and If-None-Match: * re-creates.
  const deleted = await send(sp, "DELETE", link("719878"), { "If-Match": "6" });
  assert.equal(deleted.status, 200, showResponse(deleted));
  assertArmError(await send(sp, "PUT", link("719878"), { "If-Match": "*" }), 412, "PreconditionFailed",
    "If-Match * without a link");
  assertArmError(await send(sp, "PUT", link("719878"), { "If-Match": "7" }), 412, "PreconditionFailed",
    "the deleted link's own version does not match");
  assertLink(await send(sp, "PUT", link("719878"), { "If-None-Match": "*" }), "719878", 8, "re-create");

  // Without headers nothing changed.
  assertLink(await send(sp, "PATCH", link("1234567")), "1234567", 9, "PATCH without If-Match");
});

test("20 concurrent PATCHes with the etag of the same read: exactly one 200, the rest 412", async () => {
  const sp = newPrincipal("ifmatch-race");
  assertLink(await send(sp, "PUT", link("719878")), "719878", 1, "create");
  // Move the etag on a little so the read below is not the trivial first version.
  assertLink(await send(sp, "PATCH", link("1234567")), "1234567", 2, "PATCH");
  const read = await send(sp, "GET", link(""));
  assertLink(read, "1234567", 2, "the read");
  const etag = read.headers.get("etag");

  const n = 20;
  const results = await Promise.all(Array.from({ length: n }, (_, i) =>
    send(sp, "PATCH", link(i % 2 ? "719878" : "1234567"), { "If-Match": etag })));
  const statuses = results.map((r) => r.status);
  const winners = results.filter((r) => r.status === 200);
  assert.equal(winners.length, 1, `statuses: ${statuses.join(",")}`);
  assert.equal(winners[0].body.etag, 3);
  for (const r of results.filter((x) => x.status !== 200)) {
    const m = assertArmError(r, 412, "PreconditionFailed", "a losing PATCH");
    assert.match(m, /etag is 3; the request's If-Match is 2\./);
  }
  const after = await send(sp, "GET", link(""));
  assertLink(after, winners[0].body.name, 3, "the final link is the winner's, old etag + 1");
});

test("pal managementpartner update|delete --if-match", () => {
  const sp = newPrincipal("ifmatch-cli");
  const configDir = tempDir("pal-cli-ifmatch-");
  try {
    const run = (...args) => pal(args, { env: { PAL_CONFIG_DIR: configDir } });
    const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r.stdout ? JSON.parse(r.stdout) : undefined; };
    ok(run("login", "--server", ctx.url, "--ca-cert", ctx.certFile, "--tenant", ctx.tenantA,
      "--service-principal", "-u", sp.appId, "-p", sp.secret));
    assert.equal(ok(run("managementpartner", "create", "--partner-id", "719878")).etag, 1);
    assert.equal(ok(run("managementpartner", "update", "--partner-id", "1234567", "--if-match", "1")).etag, 2);

    const stale = run("managementpartner", "update", "--partner-id", "719878", "--if-match", "1");
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /^\(PreconditionFailed\) The link's etag is 2; the request's If-Match is 1\./);
    const staleDelete = run("managementpartner", "delete", "--partner-id", "1234567", "--if-match", "1");
    assert.equal(staleDelete.status, 1);
    assert.match(staleDelete.stderr, /^\(PreconditionFailed\)/);
    const bad = run("managementpartner", "delete", "--partner-id", "1234567", "--if-match", "two");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^\(InvalidIfMatch\)/);
    assert.equal(ok(run("managementpartner", "show")).etag, 2, "still there after the refused writes");

    ok(run("managementpartner", "delete", "--partner-id", "1234567", "--if-match", "2"));
    const gone = run("managementpartner", "show");
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /^\(NotFound\)/);
  } finally {
    removeDir(configDir);
  }
});

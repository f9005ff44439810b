// `--store postgresql://…` binds a data directory to a PostgreSQL database: recorded in
// DIR/store-url (0600) once pal could connect, then used by pal serve and pal admin alike;
// another database, a directory that has pal.db, a URL of another kind or a database that
// cannot be reached are refused and change nothing. The refusals run on every backend; the
// binding itself needs PAL_TEST_POSTGRES's server.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { armCaller, pal, palJson, postgresServer, removeDir, repoRoot, startServer, tempDir, usingPostgres } from "./harness.mjs";

const tenant = "5707e000-0000-4000-8000-0000000000e1";

test("--store refusals change nothing", () => {
  const dir = tempDir("pal-store-option-");
  try {
    const unreachable = pal(["admin", "tenant", "list", "--data", dir, "--store", "postgresql://pal:hunter2@127.0.0.1:1/pal"]);
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /^\(StoreUnavailable\) cannot connect to PostgreSQL at postgresql:\/\/pal:\*\*\*@127\.0\.0\.1:1\/pal: /);
    assert.doesNotMatch(unreachable.stderr, /hunter2/);
    assert.equal(unreachable.stderr.trim().split("\n").length, 1, unreachable.stderr);
    const served = pal(["serve", "--data", dir, "--port", "0", "--store", "postgresql://127.0.0.1:1/pal"]);
    assert.equal(served.status, 1);
    assert.ok(!existsSync(path.join(dir, "store-url")), "nothing was recorded");

    const other = pal(["admin", "tenant", "list", "--data", dir, "--store", "mysql://127.0.0.1/pal"]);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /^\(InvalidStore\) /);

    palJson(["admin", "tenant", "create", "--data", dir, "--tenant-id", tenant, "--name", "SQLite"]);
    assert.ok(existsSync(path.join(dir, "pal.db")));
    const sqlite = pal(["admin", "tenant", "list", "--data", dir, "--store", "postgresql://127.0.0.1:1/pal"]);
    assert.equal(sqlite.status, 1);
    assert.match(sqlite.stderr, /^\(StoreMismatch\) .*already holds an SQLite store/);
    assert.equal(palJson(["admin", "tenant", "list", "--data", dir]).length, 1);
  } finally {
    removeDir(dir);
  }
});

test("--store binds a new directory for pal admin and pal serve", { skip: !usingPostgres && "needs PAL_TEST_POSTGRES" }, async () => {
  const name = `pal_store_option_${process.pid}`;
  const script = path.join(repoRoot, "scripts", "postgres-test-server");
  const made = spawnSync(script, ["createdb", postgresServer, name], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const url = made.stdout.trim();
  const dir = path.join(tempDir("pal-store-option-"), "data");
  try {
    palJson(["admin", "tenant", "create", "--data", dir, "--store", url, "--tenant-id", tenant, "--name", "Bound"]);
    assert.equal(readFileSync(path.join(dir, "store-url"), "utf8"), `${url}\n`);
    assert.equal(statSync(path.join(dir, "store-url")).mode & 0o777, 0o600);
    assert.ok(!existsSync(path.join(dir, "pal.db")), "no SQLite store beside it");
    // Later commands need no --store; the same one is accepted, another refused.
    palJson(["admin", "partner", "add", "--data", dir, "--partner-id", "719878", "--name", "Mekorma"]);
    assert.equal(palJson(["admin", "tenant", "list", "--data", dir, "--store", url]).length, 1);
    const moved = pal(["admin", "tenant", "list", "--data", dir, "--store", `${url}_elsewhere`]);
    assert.equal(moved.status, 1);
    assert.match(moved.stderr, /^\(StoreMismatch\) /);

    const sp = palJson(["admin", "principal", "create", "--data", dir, "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", "bound"]);
    const server = await startServer(["--data", dir, "--port", "0", "--http", "--store", url]);
    try {
      const { call } = armCaller(server.url);
      const put = await call(sp, "PUT", "/providers/Microsoft.ManagementPartner/partners/719878?api-version=2018-02-01");
      assert.equal(put.status, 200, JSON.stringify(put.body));
    } finally {
      assert.equal(await server.stop(), 0);
    }
    // The link is in the database: a psql of its own sees it.
    const rows = spawnSync("psql", [url, "-Atc", "SELECT partner_id, version FROM partner_links"], { encoding: "utf8" });
    assert.equal(rows.status, 0, rows.stderr);
    assert.equal(rows.stdout.trim(), "719878|1");
    assert.ok(!existsSync(path.join(dir, "pal.db")));
  } finally {
    removeDir(path.dirname(dir));
    spawnSync(script, ["dropdb", postgresServer, name]);
  }
});

// pal admin backup / restore: a consistent online snapshot taken while writers link, checked
// and restored into a new data directory that a new server serves; the refusals change nothing.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { armCaller, dataDir, pal, palBin, palJson, removeDir, startServer, tempDir, usingPostgres } from "./harness.mjs";

const linkPath = (id) => `/providers/Microsoft.ManagementPartner/partners/${id}?api-version=2018-02-01`;

test("backup: an online snapshot restores into a new data directory with every link committed before it", async () => {
  const source = dataDir("pal-backup-src-");
  const backup = path.join(tempDir("pal-backup-"), "snapshot");
  // On PostgreSQL the restore goes into the empty database this directory names.
  const restored = dataDir("pal-backup-restored-");
  const tenant = "b0c0b0c0-0000-4000-8000-00000000000b";
  const admin = (dir, ...args) => palJson(["admin", ...args, "--data", dir]);
  try {
    admin(source, "tenant", "create", "--tenant-id", tenant, "--name", "Backup tenant");
    admin(source, "partner", "add", "--partner-id", "719878", "--name", "Mekorma");
    admin(source, "partner", "add", "--partner-id", "1234567", "--name", "Northwind");
    const writers = Array.from({ length: 8 }, (_, i) =>
      admin(source, "principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", `writer-${i}`));
    const server = await startServer(["--data", source, "--port", "0", "--http"]);
    let taken;
    try {
      const { call } = armCaller(server.url);
      for (const w of writers) assert.equal((await call(w, "PUT", linkPath("719878"))).status, 200);
      // Writers keep flipping their links while the snapshot is taken.
      let writing = true;
      const loops = writers.map(async (w) => {
        let n = 0;
        while (writing && n < 200) {
          const r = await call(w, "PATCH", linkPath(n % 2 ? "719878" : "1234567"));
          assert.equal(r.status, 200, JSON.stringify(r.body));
          n++;
        }
      });
      // Some writes first, then the snapshot runs in its own process while the loops go on.
      while (palJson(["admin", "link", "history", "--data", source]).length < writers.length * 5) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const stdout = await new Promise((resolve, reject) =>
        execFile(palBin, ["admin", "backup", "--data", source, "--to", backup, "-o", "json"], (error, out, err) =>
          error ? reject(new Error(`${error.message}: ${err}`)) : resolve(out)));
      taken = JSON.parse(stdout);
      writing = false;
      await Promise.all(loops);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.equal(taken.format, "pal-backup-1");
    assert.equal(statSync(backup).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(backup, "signing-key.pem")).mode & 0o777, 0o600);
    // SQLite's snapshot is a copy of pal.db; PostgreSQL's a pg_dump of the database.
    const database = usingPostgres ? "pal.pgdump" : "pal.db";
    assert.equal(taken.store, usingPostgres ? "postgresql" : "sqlite");
    assert.deepEqual(taken.files, [database, "signing-key.pem"]);
    assert.equal(statSync(path.join(backup, database)).mode & 0o777, 0o600);

    const done = palJson(["admin", "restore", "--from", backup, "--data", restored]);
    assert.equal(done.schemaVersion, taken.schemaVersion);
    // The restored history is a prefix of the source's — a snapshot of committed transactions:
    // the same rows, except that a row still open in the snapshot may have been closed since.
    const before = palJson(["admin", "link", "history", "--data", source]);
    const after = palJson(["admin", "link", "history", "--data", restored]);
    assert.ok(after.length >= writers.length * 5 && after.length < before.length,
      `the snapshot is a strict prefix taken mid-writing: ${after.length} of ${before.length} rows`);
    after.forEach((row, i) => {
      assert.deepEqual({ ...row, validTo: null }, { ...before[i], validTo: null }, `history row ${i}`);
      if (row.validTo !== null) assert.equal(row.validTo, before[i].validTo, `history row ${i} closed`);
    });
    const open = after.filter((row) => row.validTo === null).length;
    assert.equal(open, writers.length, "one row in force per writer in the snapshot");
    // A server on the restored directory signs in the same principals and serves their links.
    const again = await startServer(["--data", restored, "--port", "0", "--http"]);
    try {
      const { call } = armCaller(again.url);
      const r = await call(writers[0], "GET", linkPath("719878").replace("/719878", ""));
      assert.equal(r.status, 200);
    } finally {
      assert.equal(await again.stop(), 0);
    }
  } finally {
    for (const d of [source, path.dirname(backup), restored]) removeDir(d);
  }
});

test("backup: refusals — a non-empty target, a store already there, a damaged backup — change nothing", () => {
  const source = dataDir("pal-backup-src-");
  const parent = tempDir("pal-backup-");
  const target = dataDir("pal-backup-target-");
  try {
    palJson(["admin", "tenant", "create", "--tenant-id", "b0c0b0c0-0000-4000-8000-00000000000c", "--name", "T", "--data", source]);
    writeFileSync(path.join(parent, "other.txt"), "x");
    const busy = pal(["admin", "backup", "--data", source, "--to", parent]);
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, /^\(BackupExists\) /);
    const missing = pal(["admin", "backup", "--data", path.join(parent, "nothing"), "--to", path.join(parent, "b")]);
    assert.match(missing.stderr, /^\(DataDirectoryNotFound\) /);

    const snapshot = path.join(parent, "snapshot");
    palJson(["admin", "backup", "--data", source, "--to", snapshot]);
    const occupied = pal(["admin", "restore", "--from", snapshot, "--data", source]);
    assert.equal(occupied.status, 1);
    assert.match(occupied.stderr, /^\(DataDirectoryNotEmpty\) /);

    if (usingPostgres) {
      // A cut pg_dump fails pg_restore, which runs in one transaction: the database stays empty
      // and a restore of the intact backup into it still works.
      const dump = path.join(snapshot, "pal.pgdump");
      const intact = readFileSync(dump);
      truncateSync(dump, Math.floor(intact.length / 2));
      const damaged = pal(["admin", "restore", "--from", snapshot, "--data", target]);
      assert.equal(damaged.status, 1);
      assert.match(damaged.stderr, /pg_restore into .* failed/);
      writeFileSync(dump, intact);
      const retried = palJson(["admin", "restore", "--from", snapshot, "--data", target]);
      assert.equal(retried.files[0], "pal.pgdump");
      assert.equal(palJson(["admin", "tenant", "list", "--data", target]).length, 1);
      // An SQLite directory cannot take a PostgreSQL backup.
      const plain = tempDir("pal-backup-plain-");
      try {
        assert.match(pal(["admin", "restore", "--from", snapshot, "--data", plain]).stderr, /^\(BackupStoreMismatch\) /);
        assert.ok(!existsSync(path.join(plain, "pal.db")), "nothing was restored");
      } finally {
        removeDir(plain);
      }
    } else {
      truncateSync(path.join(snapshot, "pal.db"), 4096);
      const damaged = pal(["admin", "restore", "--from", snapshot, "--data", target]);
      assert.equal(damaged.status, 1);
      assert.match(damaged.stderr, /^\(CorruptBackup\) /);
      assert.ok(!existsSync(path.join(target, "pal.db")), "nothing was restored");
    }
    writeFileSync(path.join(snapshot, "manifest.json"), "{}");
    assert.match(pal(["admin", "restore", "--from", snapshot, "--data", target]).stderr, /^\(CorruptBackup\) /);
    assert.match(pal(["admin", "restore", "--from", parent, "--data", target]).stderr, /^\(BackupNotFound\) /);
    assert.ok(readFileSync(path.join(parent, "other.txt"), "utf8") === "x");
  } finally {
    for (const d of [source, parent, target]) removeDir(d);
  }
});

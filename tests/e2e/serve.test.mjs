// pal serve itself: health and readiness, plain HTTP and in-memory modes, durability of links
// across a restart, and a graceful SIGTERM with an idle keep-alive connection open.
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";
import { apiVersion, clientCredentialsToken, dataDir as newDataDir, palJson, removeDir, startServer, tempDir } from "./harness.mjs";

const tenant = "eeeeeeee-0000-4000-8000-00000000000e";

function seed(dataDir) {
  palJson(["admin", "tenant", "create", "--data", dataDir, "--tenant-id", tenant, "--name", "E"]);
  palJson(["admin", "partner", "add", "--data", dataDir, "--partner-id", "719878", "--name", "Mekorma"]);
  return palJson(["admin", "principal", "create", "--data", dataDir, "--tenant-id", tenant,
    "--kind", "ServicePrincipal", "--name", "svc"]);
}

test("health, readiness, restart durability and SIGTERM over plain HTTP", async () => {
  const dataDir = newDataDir();
  try {
    const sp = seed(dataDir);
    let server = await startServer(["--data", dataDir, "--port", "0", "--http"]);
    assert.match(server.url, /^http:\/\/localhost:\d+$/);
    assert.equal((await (await fetch(`${server.url}/_pal/health`)).json()).status, "ok");
    assert.equal((await fetch(`${server.url}/_pal/ready`)).status, 200);
    const key = path.join(dataDir, "signing-key.pem");
    assert.equal(statSync(key).mode & 0o777, 0o600);

    const token = (await clientCredentialsToken(server.url, tenant, sp.appId, sp.secret)).body.access_token;
    const url = `${server.url}/providers/Microsoft.ManagementPartner/partners/719878?api-version=${apiVersion}`;
    const put = await fetch(url, { method: "PUT", headers: { Authorization: `Bearer ${token}` } });
    assert.equal(put.status, 200);

    // An idle keep-alive connection must not hold up the shutdown.
    const agent = new http.Agent({ keepAlive: true });
    await new Promise((resolve, reject) => {
      http.get(`${server.url}/_pal/health`, { agent }, (res) => { res.resume(); res.on("end", resolve); })
        .on("error", reject);
    });
    const started = Date.now();
    assert.equal(await server.stop(), 0);
    assert.ok(Date.now() - started < 10_000, "drained promptly");
    assert.match(server.stdout(), /stopped/);
    agent.destroy();

    // Restart on the same data and port: the signing key and the link are still there.
    const port = new URL(server.url).port;
    server = await startServer(["--data", dataDir, "--port", port, "--http"]);
    const url2 = `${server.url}/providers/Microsoft.ManagementPartner/partners/719878?api-version=${apiVersion}`;
    const get = await fetch(url2, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(get.status, 200, "a token from before the restart still verifies");
    const body = await get.json();
    assert.equal(body.properties.partnerId, "719878");
    assert.equal(body.properties.version, 1);
    assert.equal(await server.stop(), 0);
  } finally {
    removeDir(dataDir);
  }
});

test("--in-memory keeps nothing and --demo prints sign-ins", async () => {
  const dataDir = tempDir();
  try {
    const server = await startServer(["--data", dataDir, "--port", "0", "--http", "--in-memory", "--demo"]);
    assert.match(server.stdout(), /Demo sign-ins/);
    const sp = server.stdout().match(/Contoso \(customer\)\s+ServicePrincipal\s+tenant (\S+)\s+app id (\S+)\s+secret (\S+)/);
    assert.ok(sp, server.stdout());
    const token = await clientCredentialsToken(server.url, sp[1], sp[2], sp[3]);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(await server.stop(), 0);
    assert.ok(!existsSync(path.join(dataDir, "pal.db")), "no database file in memory mode");
  } finally {
    removeDir(dataDir);
  }
});

test("bad options fail with a one-line message", async () => {
  await assert.rejects(startServer(["--http", "--address", "0.0.0.0", "--port", "0"]), /loopback only/);
});

test("SIGTERM lets an in-flight write finish", async () => {
  const dataDir = newDataDir();
  try {
    const sp = seed(dataDir);
    const server = await startServer(["--data", dataDir, "--port", "0", "--http"]);
    const token = (await clientCredentialsToken(server.url, tenant, sp.appId, sp.secret)).body.access_token;
    const url = `${server.url}/providers/Microsoft.ManagementPartner/partners/719878?api-version=${apiVersion}`;
    const writes = Array.from({ length: 20 }, () =>
      fetch(url, { method: "PUT", headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status).catch(() => "refused"));
    // Stop as soon as one write is acknowledged, with the others still on their way.
    await Promise.race(writes);
    const stopped = server.stop();
    const statuses = await Promise.all(writes);
    assert.equal(await stopped, 0);
    const acknowledged = statuses.filter((s) => s === 200).length;
    // Every acknowledged write is in the history after the stop.
    const history = palJson(["admin", "link", "history", "--data", dataDir]);
    assert.ok(history.length >= acknowledged, `${history.length} >= ${acknowledged}`);
    assert.ok(acknowledged > 0);
    for (const s of statuses) assert.ok(s === 200 || s === "refused", String(s));
  } finally {
    removeDir(dataDir);
  }
});

test("SIGKILL mid-write loses nothing that was acknowledged", async () => {
  const dataDir = newDataDir();
  try {
    palJson(["admin", "tenant", "create", "--data", dataDir, "--tenant-id", tenant, "--name", "E"]);
    palJson(["admin", "partner", "add", "--data", dataDir, "--partner-id", "719878", "--name", "Mekorma"]);
    const principals = Array.from({ length: 4 }, (_, i) =>
      palJson(["admin", "principal", "create", "--data", dataDir, "--tenant-id", tenant,
        "--kind", "ServicePrincipal", "--name", `writer-${i}`]));
    let server = await startServer(["--data", dataDir, "--port", "0", "--http"]);
    const port = new URL(server.url).port;
    const url = `${server.url}/providers/Microsoft.ManagementPartner/partners/719878?api-version=${apiVersion}`;
    const tokens = [];
    for (const p of principals) {
      tokens.push((await clientCredentialsToken(server.url, tenant, p.appId, p.secret)).body.access_token);
    }
    // Each principal writes in a loop; remember the highest version the server acknowledged.
    const acknowledged = principals.map(() => 0);
    let killed = false;
    const writers = tokens.map(async (token, i) => {
      while (!killed) {
        try {
          const r = await fetch(url, { method: "PUT", headers: { Authorization: `Bearer ${token}` } });
          if (r.status !== 200) break;
          acknowledged[i] = Math.max(acknowledged[i], (await r.json()).properties.version);
        } catch {
          break;  // the connection died with the server
        }
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    server.process.kill("SIGKILL");
    killed = true;
    await Promise.all(writers);
    await server.exited;
    assert.ok(acknowledged.every((v) => v > 0), `every writer got acknowledgements: ${acknowledged}`);

    server = await startServer(["--data", dataDir, "--port", port, "--http"]);
    for (let i = 0; i < principals.length; i++) {
      const r = await fetch(url.replace(/:\d+\//, `:${port}/`), { headers: { Authorization: `Bearer ${tokens[i]}` } });
      assert.equal(r.status, 200);
      const version = (await r.json()).properties.version;
      assert.ok(version >= acknowledged[i], `principal ${i}: stored v${version} < acknowledged v${acknowledged[i]}`);
    }
    assert.equal(await server.stop(), 0);
    const history = palJson(["admin", "link", "history", "--data", dataDir]);
    for (let i = 0; i < principals.length; i++) {
      const versions = history.filter((h) => h.objectId === principals[i].objectId).map((h) => h.version);
      assert.deepEqual(versions, Array.from({ length: versions.length }, (_, k) => k + 1),
        "history is gap-free");
      assert.ok(versions.length >= acknowledged[i]);
    }
  } finally {
    removeDir(dataDir);
  }
});

test("--cert/--key serve a given certificate and create none", async () => {
  const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
  const dataDir = tempDir();
  try {
    const server = await startServer(["--data", dataDir, "--port", "0", "--in-memory",
      "--cert", ctx.certFile, "--key", path.join(ctx.dataDir, "tls-key.pem")]);
    // NODE_EXTRA_CA_CERTS trusts exactly that certificate, so this only works if it is served.
    const r = await fetch(`${server.url}/_pal/health`);
    assert.equal(r.status, 200);
    assert.doesNotMatch(server.stdout(), /NODE_EXTRA_CA_CERTS/);
    assert.equal(await server.stop(), 0);
    assert.ok(!existsSync(path.join(dataDir, "tls-cert.pem")), "no self-signed certificate made");
  } finally {
    removeDir(dataDir);
  }
  await assert.rejects(startServer(["--port", "0", "--in-memory", "--cert", "/nonexistent.pem",
    "--key", "/nonexistent.pem"]), /cannot use certificate/);
});

// Two `pal serve` processes on one PostgreSQL database behind nginx: they serve the same data,
// a token either one issued works on the other, and concurrent writes to one link from both
// never lose an update — blind writes are serialised (every acknowledged write is a version of
// its own), and writes with If-Match on the integer etag succeed once per version, the others
// get 412 PreconditionFailed. PostgreSQL only: an SQLite file has one server.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  apiVersion, clientCredentialsToken, dataDir as newDataDir, palJson, removeDir, startServer, tempDir,
  usingPostgres,
} from "./harness.mjs";

const tenant = "dddddddd-0000-4000-8000-0000000000d2";
const link = `/providers/Microsoft.ManagementPartner/partners`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// nginx in the foreground, one process, round-robin over the nodes, everything in `dir`.
async function startNginx(dir, port, upstreams) {
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, `
master_process off;
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream pal { ${upstreams.map((u) => `server ${u};`).join(" ")} keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://pal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_next_upstream off;
    }
  }
}
`);
  const child = spawn("nginx", ["-p", dir, "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(true); });
      socket.on("error", () => resolve(false));
    });
    if (up) return child;
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error(`nginx did not start: ${err}`);
}

describe("two nodes on one PostgreSQL behind nginx", { skip: !usingPostgres && "needs PAL_TEST_POSTGRES: one SQLite file has one server" }, () => {
  let dataDir;
  let nginxDir;
  let nodes = [];
  let nginx;
  let front;
  let token;
  let principal;

  before(async () => {
    dataDir = newDataDir();
    nginxDir = tempDir("pal-nginx-");
    palJson(["admin", "tenant", "create", "--data", dataDir, "--tenant-id", tenant, "--name", "Two nodes"]);
    palJson(["admin", "partner", "add", "--data", dataDir, "--partner-id", "719878", "--name", "Mekorma"]);
    palJson(["admin", "partner", "add", "--data", dataDir, "--partner-id", "1234567", "--name", "Northwind"]);
    principal = palJson(["admin", "principal", "create", "--data", dataDir, "--tenant-id", tenant,
      "--kind", "ServicePrincipal", "--name", "both-nodes"]);
    const nginxPort = await freePort();
    front = `http://127.0.0.1:${nginxPort}`;
    // One data directory: the nodes share its signing key and its store-url, as nodes of one
    // deployment share a mounted configuration; each has its own port.
    for (let i = 0; i < 2; i++) {
      const node = await startServer(["--data", dataDir, "--port", "0", "--http", "--public-url", front,
        "--rate-limit", "0", "--log-format", "none"]);
      // Its own address (its url is the public one, nginx's).
      nodes.push({ ...node, url: node.listenUrl });
    }
    nginx = await startNginx(nginxDir, nginxPort, nodes.map((n) => new URL(n.url).host));
    const got = await clientCredentialsToken(front, tenant, principal.appId, principal.secret);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    token = got.body.access_token;
  });

  after(async () => {
    if (nginx) {
      nginx.kill("SIGTERM");
      await new Promise((r) => (nginx.exitCode !== null ? r() : nginx.on("exit", r)));
    }
    for (const node of nodes) assert.equal(await node.stop(), 0);
    removeDir(nginxDir);
    removeDir(dataDir);
  });

  const call = async (base, method, partnerId, headers = {}) => {
    const response = await fetch(`${base}${link}/${partnerId ?? ""}?api-version=${apiVersion}`.replace("/?", "?"), {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, etag: response.headers.get("etag") };
  };

  test("both nodes and nginx serve one store, and a token from one works on the other", async () => {
    const created = await call(nodes[0].url, "PUT", "719878");
    assert.equal(created.status, 200, JSON.stringify(created.body));
    for (const base of [nodes[1].url, nodes[0].url, front, front]) {
      const read = await call(base, "GET");
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.properties.partnerId, "719878");
      assert.equal(read.body.etag, created.body.etag);
    }
    const moved = await call(nodes[1].url, "PATCH", "1234567");
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const seen = await call(nodes[0].url, "GET");
    assert.equal(seen.body.properties.partnerId, "1234567");
    assert.equal(seen.body.etag, moved.body.etag);
  });

  test("concurrent blind writes from both nodes: every acknowledged write is its own version", async () => {
    const start = (await call(front, "GET")).body.etag;
    const writes = 200;
    const results = await Promise.all(Array.from({ length: writes }, (_, i) =>
      call(nodes[i % 2].url, "PATCH", i % 3 ? "719878" : "1234567")));
    assert.deepEqual(results.map((r) => r.status), Array(writes).fill(200));
    const etags = results.map((r) => r.body.etag).sort((a, b) => a - b);
    assert.deepEqual(etags, Array.from({ length: writes }, (_, i) => start + 1 + i));
    const history = palJson(["admin", "link", "history", "--data", dataDir]);
    assert.equal(history.length, start + writes);
  });

  test("If-Match from both nodes: one write per version, the rest 412 PreconditionFailed", async () => {
    let current = (await call(front, "GET")).body.etag;
    let won = 0;
    for (let round = 0; round < 10; round++) {
      const contenders = 16;
      const results = await Promise.all(Array.from({ length: contenders }, (_, i) =>
        call(nodes[i % 2].url, "PATCH", i % 2 ? "719878" : "1234567", { "if-match": `"${current}"` })));
      const ok = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status === 412);
      assert.equal(ok.length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.equal(refused.length, contenders - 1);
      for (const r of refused) assert.equal(r.body.error.code, "PreconditionFailed");
      assert.equal(ok[0].body.etag, current + 1);
      current = ok[0].body.etag;
      won++;
    }
    const final = await call(nodes[1].url, "GET");
    assert.equal(final.body.etag, current);
    assert.equal(won, 10);
  });
});

// Hostile clients against a `pal serve` of its own with small limits: oversized headers and
// bodies, a per-principal rate limit, slow and idle connections, a connection cap; and the
// operations side: /_pal/metrics counts what happened and the JSON request log names each
// request by the id its response carries, never a token. Plain HTTP on loopback, raw sockets
// where the client must misbehave.
// Store-independent: limits of the HTTP layer, on a server of this file's own.
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, test } from "node:test";
import { apiVersion, clientCredentialsToken, dataDir as newDataDir, palJson, removeDir, startServer, tempDir } from "./harness.mjs";

const tenant = "eeeeeeee-0000-4000-8000-0000000000a8";
const partners = "/providers/Microsoft.ManagementPartner/partners";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dataDir;
let server;
let port;
let token;

before(async () => {
  dataDir = newDataDir();
  palJson(["admin", "tenant", "create", "--data", dataDir, "--tenant-id", tenant, "--name", "H"]);
  palJson(["admin", "partner", "add", "--data", dataDir, "--partner-id", "719878", "--name", "Mekorma"]);
  const sp = palJson(["admin", "principal", "create", "--data", dataDir, "--tenant-id", tenant,
    "--kind", "ServicePrincipal", "--name", "hostile"]);
  server = await startServer(["--data", dataDir, "--port", "0", "--http", "--rate-limit", "5",
    "--rate-burst", "5", "--header-timeout", "1", "--idle-timeout", "2", "--log-format", "json"]);
  port = Number(new URL(server.url).port);
  const got = await clientCredentialsToken(server.url, tenant, sp.appId, sp.secret);
  assert.equal(got.status, 200, JSON.stringify(got.body));
  token = got.body.access_token;
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0);
  removeDir(dataDir);
});

// One request on a connection of its own (no pooling, so no socket outlives the call).
function request(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent: false, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, body: json });
      });
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out")));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const arm = (method, path, body) => request(method, path, {
  headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body,
});

// Opens a raw socket, writes `data` (if any) and collects what comes back until the server
// closes or `limitMs` passes. Resolves { text, closed, elapsedMs, error }.
function raw(data, { limitMs = 5000, onConnect, toPort = port } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: toPort });
    const started = Date.now();
    let text = "";
    let error;
    let finished = false;
    const finish = (closed) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, elapsedMs: Date.now() - started, error });
    };
    const timer = setTimeout(() => finish(false), limitMs);
    socket.setEncoding("latin1");
    socket.on("connect", () => {
      if (data) socket.write(data);
      if (onConnect) onConnect(socket);
    });
    socket.on("data", (d) => (text += d));
    socket.on("error", (e) => { error = e.code ?? String(e); });
    socket.on("close", () => finish(true));
  });
}

const statusOf = (text) => Number((text.match(/^HTTP\/1\.1 (\d{3})/) ?? [])[1]);

test("request line and headers over the limit are refused with 431", async () => {
  const r = await raw(`GET /_pal/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`);
  assert.equal(statusOf(r.text), 431, r.text.slice(0, 200) || r.error);
  assert.match(r.text, /"code":"RequestHeaderFieldsTooLarge"/);
  assert.ok(r.closed);
  // Just under the limit is fine.
  const ok = await request("GET", "/_pal/health", { headers: { "X-Big": "a".repeat(30_000) } });
  assert.equal(ok.status, 200);
});

test("a body over the limit is refused with 413 before it is read", async () => {
  const path = `${partners}/719878?api-version=${apiVersion}`;
  const r = await raw(`PUT ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{"a":`);
  assert.equal(statusOf(r.text), 413, r.text.slice(0, 200) || r.error);
  assert.match(r.text, /"code":"RequestEntityTooLarge"/);
  // A chunked body that grows past the limit is cut off too.
  const chunk = "x".repeat(64 * 1024);
  const chunked = await new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method: "PUT", path, agent: false,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", () => resolve("reset"));
    for (let i = 0; i < 20; i++) req.write(chunk);  // 1.25 MiB > 1 MiB
    req.end();
  });
  assert.ok(chunked === 413 || chunked === "reset", String(chunked));
});

test("a principal over its rate gets 429 TooManyRequests with Retry-After, then recovers", async () => {
  const path = `${partners}/719878?api-version=${apiVersion}`;
  let allowed = 0;
  let limited;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await arm("GET", path);
    if (r.status === 429) limited = r;
    else allowed++;
  }
  assert.ok(limited, "no 429 within 40 quick requests at --rate-limit 5");
  assert.ok(allowed >= 5, `the burst of 5 was allowed (${allowed})`);
  assert.equal(limited.body?.error?.code, "TooManyRequests", limited.text);
  const retryAfter = Number(limited.headers["retry-after"]);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
  assert.ok(limited.headers["x-ms-request-id"]);
  // Health and the token service are not ARM calls and not limited by the principal's bucket.
  assert.equal((await request("GET", "/_pal/health")).status, 200);
  await sleep(retryAfter * 1000 + 100);
  const again = await arm("GET", path);
  assert.notEqual(again.status, 429, again.text);
});

test("a client that sends half a header and stalls is disconnected after --header-timeout", async () => {
  const r = await raw("GET /_pal/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1", { limitMs: 6000 });
  assert.ok(r.closed, `still open after ${r.elapsedMs} ms`);
  assert.ok(r.elapsedMs >= 800 && r.elapsedMs < 3500, `closed after ${r.elapsedMs} ms (header timeout 1 s)`);
  // Trickling a byte at a time does not reset the deadline.
  let timer;
  const trickle = await raw("GET /_pal/health HTTP/1.1\r\n", {
    limitMs: 6000,
    onConnect: (socket) => {
      timer = setInterval(() => { if (!socket.destroyed) socket.write("X"); }, 200);
    },
  });
  clearInterval(timer);
  assert.ok(trickle.closed && trickle.elapsedMs < 3500, `trickling client open for ${trickle.elapsedMs} ms`);
});

test("an idle keep-alive connection is closed after --idle-timeout", async () => {
  let answeredAt;
  const r = await raw("GET /_pal/health HTTP/1.1\r\nHost: localhost\r\n\r\n", {
    limitMs: 8000,
    onConnect: (socket) => socket.once("data", () => (answeredAt = Date.now())),
  });
  assert.equal(statusOf(r.text), 200, r.text);
  assert.ok(r.closed, "still open");
  const idle = Date.now() - answeredAt;
  assert.ok(idle >= 1500 && idle < 5000, `closed ${idle} ms after the answer (idle timeout 2 s)`);
  // A connection that never sends a byte is closed by the same timeout.
  const silent = await raw(null, { limitMs: 8000 });
  assert.ok(silent.closed && silent.elapsedMs >= 1500 && silent.elapsedMs < 5000, `${silent.elapsedMs} ms`);
});

test("metrics count requests, latency, commits and connections", async () => {
  const metric = (text, line) => {
    const m = text.match(new RegExp(`^${line.replace(/[{}"+.]/g, "\\$&")} (\\S+)$`, "m"));
    return m ? Number(m[1]) : 0;
  };
  const before = await request("GET", "/_pal/metrics");
  assert.equal(before.status, 200);
  assert.match(before.headers["content-type"], /^text\/plain; version=0\.0\.4/);
  await sleep(1100);  // a token back in the bucket
  const put = await arm("PUT", `${partners}/719878?api-version=${apiVersion}`);
  assert.equal(put.status, 200, put.text);
  const afterText = (await request("GET", "/_pal/metrics")).text;
  const ok = 'pal_http_requests_total{route="managementPartner",status="200"}';
  assert.ok(metric(afterText, ok) >= metric(before.text, ok) + 1, afterText);
  const limited = 'pal_http_requests_total{route="managementPartner",status="429"}';
  assert.ok(metric(afterText, limited) >= 1, "the rate-limit test's 429 is counted");
  assert.ok(metric(afterText, 'pal_http_requests_total{route="metrics",status="200"}') >= 1);
  const count = 'pal_http_request_duration_seconds_count{route="managementPartner"}';
  assert.ok(metric(afterText, count) > metric(before.text, count));
  const inf = 'pal_http_request_duration_seconds_bucket{route="managementPartner",le="+Inf"}';
  assert.equal(metric(afterText, inf), metric(afterText, count));
  assert.ok(metric(afterText, "pal_link_commit_batch_size_count") > metric(before.text, "pal_link_commit_batch_size_count"));
  assert.ok(metric(afterText, "pal_link_commit_duration_seconds_sum") > 0);
  assert.ok(metric(afterText, "pal_http_connections") >= 1, "the scrape's own connection is open");
  assert.ok(metric(afterText, "pal_http_connections_timed_out_total") >= 2, "the slow and idle clients");
  assert.ok(metric(afterText, "pal_http_rate_limited_total") >= 1);
  assert.match(afterText, /^# TYPE pal_http_request_duration_seconds histogram$/m);
});

test("one JSON log line per request names its request id and caller, never the token", async () => {
  await sleep(1100);
  const r = await arm("GET", `${partners}/719878?api-version=${apiVersion}&secret=do-not-log-me`);
  assert.equal(r.status, 200, r.text);
  const id = r.headers["x-ms-request-id"];
  assert.ok(id);
  let line;
  for (let i = 0; i < 50 && !line; i++) {
    line = server.stderr().split("\n").find((l) => l.includes(id));
    if (!line) await sleep(20);
  }
  assert.ok(line, `no log line with ${id}`);
  const entry = JSON.parse(line);
  assert.equal(entry.requestId, id);
  assert.equal(entry.method, "GET");
  assert.equal(entry.path, `${partners}/719878`);
  assert.equal(entry.route, "managementPartner");
  assert.equal(entry.status, 200);
  assert.equal(typeof entry.durationMs, "number");
  assert.equal(entry.tenantId, tenant);
  assert.match(entry.objectId, /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(entry.time)), entry.time);
  const log = server.stderr();
  assert.ok(!log.includes(token), "the token is in the log");
  assert.ok(!log.includes(token.split(".")[2]), "the token's signature is in the log");
  assert.ok(!log.includes("do-not-log-me"), "the query is in the log");
  // Every line on stderr is JSON; the health calls and the refusals are logged too.
  const lines = log.split("\n").filter((l) => l.trim());
  for (const l of lines) JSON.parse(l);
  assert.ok(lines.some((l) => JSON.parse(l).status === 429));
  assert.doesNotMatch(server.stdout(), /requestId/, "stdout keeps only the banners");
});

test("over --max-connections new connections are refused until one closes", async () => {
  const dir = tempDir();
  const capped = await startServer(["--data", dir, "--port", "0", "--http", "--in-memory",
    "--max-connections", "4", "--log-format", "none"]);
  const cappedPort = Number(new URL(capped.url).port);
  const held = [];
  try {
    // Hold four keep-alive connections, each having been answered once.
    for (let i = 0; i < 4; i++) {
      const socket = net.connect({ host: "127.0.0.1", port: cappedPort });
      socket.setEncoding("latin1");
      socket.on("error", () => {});
      await new Promise((resolve, reject) => {
        socket.once("data", (d) => (statusOf(d) === 200 ? resolve() : reject(new Error(d))));
        socket.once("close", () => reject(new Error(`held connection ${i} closed`)));
        socket.write("GET /_pal/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      });
      held.push(socket);
    }
    const refused = await raw("GET /_pal/health HTTP/1.1\r\nHost: localhost\r\n\r\n",
      { toPort: cappedPort, limitMs: 3000 });
    assert.ok(refused.closed, "the fifth connection was left open");
    assert.ok(statusOf(refused.text) === 503 || refused.text === "", `fifth got: ${refused.text}`);
    if (refused.text) assert.match(refused.text, /Retry-After: 1/i);
    // Free one slot: a new connection is served again (the server notices the close shortly).
    held.pop().destroy();
    let served = false;
    for (let i = 0; i < 40 && !served; i++) {
      const r = await raw("GET /_pal/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        { toPort: cappedPort, limitMs: 2000 });
      served = statusOf(r.text) === 200;
      if (!served) await sleep(50);
    }
    assert.ok(served, "no connection served after one slot was freed");
  } finally {
    for (const socket of held) socket.destroy();
    assert.equal(await capped.stop(), 0);
    removeDir(dir);
  }
});

// HTTP strictness against a `pal serve` of its own over TLS, from raw sockets: requests a
// proxy and pal could frame differently (unknown transfer codings, Transfer-Encoding with
// Content-Length, folded, doubled or missing headers), repeated query parameters, JSON bodies
// with a key twice or of another media type, bytes that are not UTF-8 echoed in errors, and
// control characters in stored names. Each attack asserts the refusal (status, ARM code, the
// connection closed where the framing cannot be trusted) and that the resource groups stored
// are the same before and after. Every answer, refusals included, carries the security headers.
// Store-independent: request framing and parsing, before any store is asked.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import tls from "node:tls";
import { after, before, test } from "node:test";
import { dataDir as newDataDir, palJson, removeDir, startServer } from "./harness.mjs";

const tenant = "eeeeeeee-0000-4000-8000-0000000000c9";
const subscription = "5b0a1c3e-eeee-4000-8000-0000000000c9";
const rgVersion = "api-version=2021-04-01";
const groups = `/subscriptions/${subscription}/resourcegroups`;

let dataDir;
let server;
let port;
let token;

// Writes `data` (a string, sent as bytes 0-255, or a Buffer) on a TLS connection of its own and
// collects everything until the server closes or `limitMs` passes. Resolves { text, closed }.
function exchange(data, { limitMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: "127.0.0.1", port, rejectUnauthorized: false });
    let text = "";
    let finished = false;
    const finish = (closed) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => finish(false), limitMs);
    socket.setEncoding("latin1");
    socket.on("secureConnect", () => socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data));
    socket.on("data", (d) => (text += d));
    socket.on("error", () => finish(true));
    socket.on("close", () => finish(true));
  });
}

// The answers in `text` (several when a connection answered more than one request).
function responses(text) {
  const out = [];
  let rest = text;
  while (rest.startsWith("HTTP/")) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) break;
    const lines = rest.slice(0, end).split("\r\n");
    const status = Number(lines[0].split(" ")[1]);
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    const raw = Buffer.from(rest.slice(end + 4, end + 4 + length), "latin1").toString("utf8");
    let body;
    try { body = raw ? JSON.parse(raw) : undefined; } catch { body = undefined; }
    out.push({ status, headers, raw, body });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

// One request (head lines given whole) on a connection of its own; resolves the first answer
// and whether the server closed the connection.
async function send(head, body = "") {
  const r = await exchange(`${head}\r\n\r\n${body}`);
  const [first] = responses(r.text);
  assert.ok(first, `no answer (closed: ${r.closed}): ${JSON.stringify(r.text.slice(0, 200))}`);
  return { ...first, closed: r.closed, all: responses(r.text) };
}

// A well-formed request: Host, the token, Connection: close, and a JSON body when given (with
// no Content-Type when `type` is null).
function request(method, target, { body, type = "application/json", auth = true, extra = [] } = {}) {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Connection: close"];
  if (auth) lines.push(`Authorization: Bearer ${token}`);
  if (body !== undefined) {
    if (type) lines.push(`Content-Type: ${type}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  lines.push(...extra);
  return send(lines.join("\r\n"), body ?? "");
}

// What is stored: the subscription's resource groups, names, locations and tags.
async function storedGroups() {
  const r = await request("GET", `${groups}?${rgVersion}`);
  assert.equal(r.status, 200, r.raw);
  return r.body.value.map((g) => ({ name: g.name, location: g.location, tags: g.tags })).sort((a, b) => a.name.localeCompare(b.name));
}

// Runs `attack` and asserts that the stored resource groups did not change.
async function unchanged(attack) {
  const before = await storedGroups();
  const result = await attack();
  assert.deepEqual(await storedGroups(), before, "the refused request changed what is stored");
  return result;
}

function assertRefused(r, status, code, what) {
  assert.equal(r.status, status, `${what}: ${r.status} ${r.raw}`);
  assert.ok(r.body?.error, `${what}: not an ARM error envelope: ${r.raw}`);
  if (code) assert.equal(r.body.error.code, code, `${what}: ${r.raw}`);
  assert.ok(typeof r.body.error.message === "string" && r.body.error.message.length > 0, what);
  assertSecurityHeaders(r, what);
}

function assertSecurityHeaders(r, what) {
  assert.equal(r.headers["strict-transport-security"], "max-age=31536000", `${what}: HSTS`);
  assert.equal(r.headers["x-content-type-options"], "nosniff", `${what}: nosniff`);
  assert.equal(r.headers["x-frame-options"], "DENY", `${what}: frame options`);
}

before(async () => {
  dataDir = newDataDir("pal-http-strict-");
  const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
  admin("tenant", "create", "--tenant-id", tenant, "--name", "Strict");
  admin("subscription", "create", "--subscription-id", subscription, "--tenant-id", tenant, "--name", "Strict Prod",
    "--offer", "AzurePlan");
  const sp = admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal", "--name", "strict");
  admin("role", "assignment", "create", "--scope", `/subscriptions/${subscription}`, "--role", "Owner",
    "--assignee", sp.objectId);
  server = await startServer(["--data", dataDir, "--port", "0"]);
  port = Number(new URL(server.url).port);
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: sp.appId, client_secret: sp.secret,
    scope: "https://management.azure.com/.default" }).toString();
  const got = await send([`POST /${tenant}/oauth2/v2.0/token HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Connection: close",
    "Content-Type: application/x-www-form-urlencoded", `Content-Length: ${form.length}`].join("\r\n"), form);
  assert.equal(got.status, 200, got.raw);
  token = got.body.access_token;
  // One group exists throughout, so "unchanged" compares something.
  const made = await request("PUT", `${groups}/rg-kept?${rgVersion}`, { body: JSON.stringify({ location: "westeurope", tags: { a: "1" } }) });
  assert.equal(made.status, 201, made.raw);
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0);
  removeDir(dataDir);
});

test("well-formed requests of the SDKs, curl and the portal still work", async () => {
  const made = await request("PUT", `${groups}/rg-ok?${rgVersion}`,
    { body: JSON.stringify({ location: "West Europe" }), type: "application/json; charset=utf-8" });
  assert.equal(made.status, 201, made.raw);
  assert.ok(!made.closed || made.headers.connection === "close");
  const got = await request("GET", `${groups}/rg-ok?${rgVersion}`);
  assert.equal(got.status, 200, got.raw);
  assert.match(got.headers["cache-control"], /no-store/);
  // DELETE and GET without a body need no Content-Type.
  const deleted = await request("DELETE", `${groups}/rg-ok?${rgVersion}`);
  assert.equal(deleted.status, 200, deleted.raw);
  // HTTP/1.0 without Host is still HTTP.
  const old = await send("GET /_pal/health HTTP/1.0");
  assert.equal(old.status, 200, old.raw);
  // Chunked bodies (what a streaming client sends) are fine.
  const body = JSON.stringify({ location: "eastus" });
  const chunked = await send([`PUT ${groups}/rg-chunked?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`,
    "Connection: close", `Authorization: Bearer ${token}`, "Content-Type: application/json",
    "Transfer-Encoding: chunked"].join("\r\n"), `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
  assert.equal(chunked.status, 201, chunked.raw);
  assert.equal((await request("DELETE", `${groups}/rg-chunked?${rgVersion}`)).status, 200);
});

test("Transfer-Encoding: xchunked with Content-Length is refused and smuggles nothing", async () => {
  const smuggled = `PUT ${groups}/rg-smuggled?${rgVersion} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: 24\r\n\r\n{"location":"westeurope"}`;
  const body = `0\r\n\r\n${smuggled}`;
  const r = await unchanged(() => send([`PUT ${groups}/rg-front?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`,
    `Authorization: Bearer ${token}`, "Content-Type: application/json", `Content-Length: ${body.length}`,
    "Transfer-Encoding: xchunked"].join("\r\n"), body));
  assertRefused(r, 400, "UnsupportedTransferEncoding", "xchunked");
  assert.ok(r.closed, "the connection stays open after a request it cannot frame");
  assert.equal(r.all.length, 1, "the smuggled request was answered");
});

test("unknown transfer codings, and chunked together with Content-Length, are refused", async () => {
  for (const [coding, code] of [["xchunked", "UnsupportedTransferEncoding"], ["gzip", "UnsupportedTransferEncoding"],
    ["gzip, chunked", "UnsupportedTransferEncoding"]]) {
    const r = await unchanged(() => send([`PUT ${groups}/rg-te?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`,
      `Authorization: Bearer ${token}`, "Content-Type: application/json", `Transfer-Encoding: ${coding}`].join("\r\n"),
    "0\r\n\r\n"));
    assertRefused(r, 400, code, coding);
    assert.ok(r.closed, coding);
  }
  const body = JSON.stringify({ location: "westeurope" });
  const both = await unchanged(() => send([`PUT ${groups}/rg-te?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`,
    `Authorization: Bearer ${token}`, "Content-Type: application/json", `Content-Length: ${body.length + 10}`,
    "Transfer-Encoding: chunked"].join("\r\n"), `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`));
  // pal's check or the parser's own: either way 400 with an ARM envelope, closed.
  assertRefused(both, 400, undefined, "chunked + Content-Length");
  assert.ok(both.closed);
});

test("folded header lines are refused, not joined", async () => {
  const body = JSON.stringify({ location: "westeurope" });
  for (const fold of ["X-Note: a\r\n b", "X-Note: a\r\n\tb", `Authorization: Bearer\r\n ${token}`]) {
    const head = [`PUT ${groups}/rg-folded?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`,
      ...(fold.startsWith("Authorization") ? [] : [`Authorization: Bearer ${token}`]), fold,
      "Content-Type: application/json", `Content-Length: ${body.length}`].join("\r\n");
    const r = await unchanged(() => send(head, body));
    assertRefused(r, 400, "FoldedHeader", JSON.stringify(fold));
    assert.ok(r.closed);
  }
});

test("a missing, doubled or malformed Host is refused", async () => {
  const body = JSON.stringify({ location: "westeurope" });
  const put = (hostLines) => [`PUT ${groups}/rg-host?${rgVersion} HTTP/1.1`, ...hostLines,
    `Authorization: Bearer ${token}`, "Content-Type: application/json", `Content-Length: ${body.length}`].join("\r\n");
  const cases = [
    [[], "MissingHostHeader"],
    [[`Host: localhost:${port}`, "Host: evil.example"], "DuplicateHeader"],
    [[`Host: localhost:${port}`, `host: localhost:${port}`], "DuplicateHeader"],
    [["Host: evil.example/path"], "InvalidHostHeader"],
    [["Host: a b"], undefined],  // the parser may refuse it first
  ];
  for (const [hostLines, code] of cases) {
    const r = await unchanged(() => send(put(hostLines), body));
    assertRefused(r, 400, code, JSON.stringify(hostLines));
    assert.ok(r.closed);
  }
});

test("two Authorization, Content-Length or Content-Type headers are refused", async () => {
  const body = JSON.stringify({ location: "westeurope" });
  const base = [`PUT ${groups}/rg-dup?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`];
  const cases = [
    [`Authorization: Bearer ${token}`, `Authorization: Bearer ${token}`, "Content-Type: application/json", `Content-Length: ${body.length}`],
    [`Authorization: Bearer ${token}`, "Authorization: Bearer forged", "Content-Type: application/json", `Content-Length: ${body.length}`],
    [`Authorization: Bearer ${token}`, "Content-Type: application/json", `Content-Length: ${body.length}`, `Content-Length: ${body.length}`],
    [`Authorization: Bearer ${token}`, "Content-Type: text/plain", "Content-Type: application/json", `Content-Length: ${body.length}`],
  ];
  for (const lines of cases) {
    const r = await unchanged(() => send([...base, ...lines].join("\r\n"), body));
    assertRefused(r, 400, undefined, lines.join(" | "));
    assert.ok(["DuplicateHeader", "MalformedRequest"].includes(r.body.error.code), r.raw);
    assert.ok(r.closed);
  }
});

test("a request that is not HTTP gets a 400 and a closed connection, never silence", async () => {
  // Nothing readable: a plain 400 (still a JSON error body).
  for (const garbage of ["HELLO\r\n\r\n", "\x16\x03\x01\x00\x05hello\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/1.1\n\n"]) {
    const r = await exchange(garbage);
    const [first] = responses(r.text);
    assert.ok(first, `no answer to ${JSON.stringify(garbage)}: ${JSON.stringify(r.text)}`);
    assert.equal(first.status, 400, first.raw);
    assert.equal(first.body?.error?.code, "MalformedRequest", first.raw);
    assertSecurityHeaders(first, JSON.stringify(garbage));
    assert.ok(r.closed);
  }
  // A readable request line with a broken header or body: the ARM envelope.
  const badName = await send(`GET ${groups}?${rgVersion} HTTP/1.1\r\nHost: localhost\r\nBad Header: x`);
  assertRefused(badName, 400, "MalformedRequest", "a header name with a space");
  assert.ok(badName.closed);
  // Lines ending in a bare LF (which could hide a fold) are not HTTP either.
  const bareLf = await send(`GET ${groups}?${rgVersion} HTTP/1.1\r\nHost: localhost\nX-A: 1\n b`);
  assertRefused(bareLf, 400, "MalformedRequest", "bare LF");
  assert.ok(bareLf.closed);
  const badChunk = await unchanged(() => send([`PUT ${groups}/rg-chunk?${rgVersion} HTTP/1.1`, `Host: localhost:${port}`,
    `Authorization: Bearer ${token}`, "Content-Type: application/json", "Transfer-Encoding: chunked"].join("\r\n"),
  "zz\r\n{}\r\n0\r\n\r\n"));
  assertRefused(badChunk, 400, "MalformedRequest", "a bad chunk size");
  assert.ok(badChunk.closed);
});

test("a query parameter given twice is refused on every endpoint", async () => {
  const body = JSON.stringify({ location: "westeurope" });
  for (const query of [`${rgVersion}&${rgVersion}`, `${rgVersion}&API-VERSION=2021-04-01`, `${rgVersion}&x=1&x=2`]) {
    const r = await unchanged(() => request("PUT", `${groups}/rg-query?${query}`, { body }));
    assertRefused(r, 400, "InvalidQueryParameter", query);
    assert.match(r.body.error.message, /'(api-version|API-VERSION|x)'/);
  }
  const listed = await request("GET", `${groups}?${rgVersion}&$top=1&$TOP=2`);
  assertRefused(listed, 400, "InvalidQueryParameter", "GET list");
  const health = await request("GET", "/_pal/health?a=1&a=2", { auth: false });
  assertRefused(health, 400, "InvalidQueryParameter", "health");
  const tokenCall = await request("GET", `/${tenant}/v2.0/.well-known/openid-configuration?x=1&X=2`, { auth: false });
  assertRefused(tokenCall, 400, "InvalidQueryParameter", "discovery");
});

test("a JSON body with a key twice, at any depth, is refused naming the key", async () => {
  const cases = [
    ['{"location":"westeurope","location":"eastus"}', "location"],
    ['{"location":"westeurope","tags":{"a":"1"},"tags":{"b":"2"}}', "tags"],
    ['{"location":"westeurope","tags":{"env":"a","env":"b"}}', "tags.env"],
  ];
  for (const [body, key] of cases) {
    const r = await unchanged(() => request("PUT", `${groups}/rg-twice?${rgVersion}`, { body }));
    assertRefused(r, 400, "InvalidRequestContent", body);
    assert.ok(r.body.error.message.includes(`'${key}'`), r.raw);
  }
  // Updating the kept group with its tags twice leaves its tags as they were.
  const update = await unchanged(() => request("PUT", `${groups}/rg-kept?${rgVersion}`,
    { body: '{"location":"westeurope","tags":{"a":"2"},"tags":{"a":"3"}}' }));
  assertRefused(update, 400, "InvalidRequestContent", "update");
});

test("a body that is not application/json is refused with 415", async () => {
  const body = JSON.stringify({ location: "westeurope" });
  for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
    "application/json; charset=latin1", null]) {
    const r = await unchanged(() => request("PUT", `${groups}/rg-type?${rgVersion}`, { body, type }));
    assertRefused(r, 415, "UnsupportedMediaType", String(type));
  }
});

test("bytes that are not UTF-8 echoed in an error are replaced: the body stays valid JSON", async () => {
  const target = Buffer.concat([Buffer.from(`/subscriptions/${subscription}/providers/Nope.`), Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from(`?${rgVersion}`)]);
  const head = Buffer.concat([Buffer.from("GET "), target, Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n` +
    `Authorization: Bearer ${token}\r\n\r\n`)]);
  const r = await exchange(head);
  const [first] = responses(r.text);
  assert.ok(first, r.text);
  assert.ok(first.status >= 400, first.raw);
  assert.ok(first.body?.error, `not JSON: ${first.raw}`);
  assert.ok(first.body.error.message.includes("\ufffd"), first.raw);
  // A parameter value the same way.
  const query = await exchange(Buffer.concat([Buffer.from(`GET ${groups}?api-version=`), Buffer.from([0xc0, 0xaf]),
    Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ${token}\r\n\r\n`)]));
  const [answer] = responses(query.text);
  assert.equal(answer.status, 400, answer.raw);
  assert.ok(answer.body?.error, `not JSON: ${answer.raw}`);
});

test("a resource group location or tag with control characters is refused, not stored", async () => {
  for (const body of ['{"location":"west\\u0000europe"}', '{"location":"westeurope\\n"}', '{"location":"west\\u001beurope"}',
    '{"location":"westeurope","tags":{"a\\u0000":"b"}}']) {
    const r = await unchanged(() => request("PUT", `${groups}/rg-nul?${rgVersion}`, { body }));
    assertRefused(r, 400, undefined, body);
    assert.ok(["LocationNotAvailableForResourceGroup", "InvalidTag"].includes(r.body.error.code), r.raw);
  }
  const missing = await request("GET", `${groups}/rg-nul?${rgVersion}`);
  assert.equal(missing.status, 404, missing.raw);
});

test("every answer carries HSTS, nosniff and frame denial; API and token answers are not stored", async () => {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: randomUUID(), client_secret: "x",
    scope: "https://management.azure.com/.default" }).toString();
  const answers = {
    "ARM 200": await request("GET", `${groups}/rg-kept?${rgVersion}`),
    "ARM 404": await request("GET", `${groups}/rg-none?${rgVersion}`),
    "ARM 401": await request("GET", `${groups}?${rgVersion}`, { auth: false }),
    "token 400": await request("POST", `/${tenant}/oauth2/v2.0/token`, { body: "grant_type=x", type: "application/x-www-form-urlencoded", auth: false }),
    "token 401": await request("POST", `/${tenant}/oauth2/v2.0/token`, { body: form, type: "application/x-www-form-urlencoded", auth: false }),
    health: await request("GET", "/_pal/health", { auth: false }),
    "framing 400": await send(`GET /_pal/health HTTP/1.1\r\nHost: a\r\nHost: b`),
  };
  for (const [what, r] of Object.entries(answers)) {
    assertSecurityHeaders(r, what);
    assert.match(r.headers["cache-control"] ?? "", /no-store/, `${what}: ${r.headers["cache-control"]}`);
  }
  // The portal's files keep their own caching but carry the same protections.
  const portal = await request("GET", "/portal/", { auth: false });
  assertSecurityHeaders(portal, "portal");
  // The token service's answer itself.
  const sp = palJson(["admin", "principal", "create", "--data", dataDir, "--tenant-id", tenant, "--kind", "ServicePrincipal",
    "--name", `headers-${randomUUID().slice(0, 6)}`]);
  const ok = await request("POST", `/${tenant}/oauth2/v2.0/token`, { auth: false, type: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: sp.appId, client_secret: sp.secret,
      scope: "https://management.azure.com/.default" }).toString() });
  assert.equal(ok.status, 200, ok.raw);
  assertSecurityHeaders(ok, "token 200");
  assert.match(ok.headers["cache-control"], /no-store/);
});

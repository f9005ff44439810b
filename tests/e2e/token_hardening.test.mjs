// Token endpoint hardening (issue 16, finding 6), against servers of this file's own on one
// data directory, each started with the limits its attack needs: wrong passwords and secrets
// lock the account (AADSTS50053 with Retry-After, the right password refused too) until the
// lockout ends; an address with too many failures waits (429); a flood of wrong passwords does
// not starve ARM requests; an unknown user costs what a known one does and gets the same
// answer; repeated form fields are refused; a full hashing queue answers 503 at once. Every
// attack also checks that nothing stored changed (the data set `pal admin export` writes).
// Store-independent: the lockouts are kept in memory, on servers of this file's own.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { armScope, palJson, removeDir, startServer, storeIn, tempDir } from "./harness.mjs";

const root = tempDir("pal-token-hardening-");
const dataDir = storeIn(path.join(root, "data"));
const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
const tenant = randomUUID();
const subscription = randomUUID();
const cliAppId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
let p; // principals, with their secrets

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every CSV file of the data set `pal admin export` writes, by name: the stored state.
let exports = 0;
function storedState() {
  const dir = path.join(root, `export-${++exports}`);
  admin("export", dir);
  const state = {};
  for (const f of readdirSync(dir).sort()) state[f] = readFileSync(path.join(dir, f), "utf8");
  return state;
}

async function post(server, tenantPath, form) {
  const started = performance.now();
  const r = await fetch(`${server.url}/${tenantPath}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: typeof form === "string" ? form : new URLSearchParams(form),
  });
  const text = await r.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, headers: r.headers, body, ms: performance.now() - started };
}

const password = (server, username, secret, tenantPath = tenant) =>
  post(server, tenantPath, { grant_type: "password", client_id: cliAppId, username, password: secret, scope: armScope });
const clientSecret = (server, appId, secret) =>
  post(server, tenant, { grant_type: "client_credentials", client_id: appId, client_secret: secret, scope: armScope });

const show = (r) => `${r.status} ${JSON.stringify(r.body)}`;

// An Entra-shaped error with this status, error and AADSTS code.
function assertTokenError(r, status, error, code, what) {
  assert.equal(r.status, status, `${what}: ${show(r)}`);
  assert.equal(r.body.error, error, `${what}: ${show(r)}`);
  assert.deepEqual(r.body.error_codes, [code], `${what}: ${show(r)}`);
  assert.match(r.body.error_description, new RegExp(`^AADSTS${code}: `), what);
  assert.equal(r.body.access_token, undefined, what);
}

function retryAfter(r, what) {
  const value = r.headers.get("retry-after");
  assert.match(value ?? "", /^[1-9][0-9]*$/, `${what}: Retry-After ${value}`);
  return Number(value);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let running = [];
async function serve(...args) {
  const server = await startServer(["--data", dataDir, "--port", "0", "--http", "--log-format", "none", ...args]);
  running.push(server);
  return server;
}
async function stopAll() {
  for (const s of running) assert.equal(await s.stop(), 0);
  running = [];
}

// One suite, so that its after hook runs when its tests end.
describe("token endpoint hardening", () => {
  before(() => {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    admin("tenant", "create", "--tenant-id", tenant, "--name", "Hardening Tenant");
    admin("subscription", "create", "--subscription-id", subscription, "--tenant-id", tenant,
      "--name", "Hardening Production", "--offer", "AzurePlan");
    const principal = (kind, name) =>
      admin("principal", "create", "--tenant-id", tenant, "--kind", kind, "--name", name);
    p = {
      locked: principal("User", "locked@hardening.example"),
      timing: principal("User", "timing@hardening.example"),
      reader: principal("User", "reader@hardening.example"),
      app: principal("ServicePrincipal", "hardening-app"),
    };
    admin("role", "assignment", "create", "--scope", `/subscriptions/${subscription}`,
      "--role", "Reader", "--assignee", p.reader.objectId);
  });

  after(async () => {
    await stopAll();
    removeDir(root);
  });

  test("wrong passwords lock the user: AADSTS50053 with Retry-After, the right one refused until the lockout ends", async () => {
    const server = await serve("--sign-in-lockout-threshold", "5", "--sign-in-lockout", "3",
      "--sign-in-address-limit", "0");
    const before = storedState();
    for (let i = 0; i < 5; i++) {
      assertTokenError(await password(server, p.locked.name, `guess-${i}`), 400, "invalid_grant", 50126, `guess ${i}`);
    }
    const locked = await password(server, p.locked.name, p.locked.secret);
    assertTokenError(locked, 400, "invalid_grant", 50053, "right password while locked");
    assert.match(locked.body.error_description, /The account is locked/);
    const wait = retryAfter(locked, "locked");
    assert.ok(wait <= 3, `Retry-After ${wait} is within the 3 s lockout`);
    // Locked through every authority, in any case of the name, without its password checked.
    assertTokenError(await password(server, p.locked.name.toUpperCase(), p.locked.secret), 400,
      "invalid_grant", 50053, "upper-case name");
    assertTokenError(await password(server, p.locked.name, p.locked.secret, "organizations"), 400,
      "invalid_grant", 50053, "organizations");
    // Another user of the tenant is not locked.
    assert.equal((await password(server, p.reader.name, p.reader.secret)).status, 200);
    await sleep(wait * 1000 + 200);
    const after = await password(server, p.locked.name, p.locked.secret);
    assert.equal(after.status, 200, `after the lockout: ${show(after)}`);
    assert.ok(after.body.access_token);
    // The success reset the count: four more failures do not lock it.
    for (let i = 0; i < 4; i++) {
      assertTokenError(await password(server, p.locked.name, `again-${i}`), 400, "invalid_grant", 50126, `again ${i}`);
    }
    assert.equal((await password(server, p.locked.name, p.locked.secret)).status, 200);
    assert.deepEqual(storedState(), before, "a lockout stores nothing");
    await stopAll();
  });

  test("wrong client secrets lock the application the same way", async () => {
    const server = await serve("--sign-in-lockout-threshold", "3", "--sign-in-lockout", "2",
      "--sign-in-address-limit", "0");
    const before = storedState();
    for (let i = 0; i < 3; i++) {
      assertTokenError(await clientSecret(server, p.app.appId, `guess-${i}`), 401, "invalid_client", 7000215, `guess ${i}`);
    }
    const locked = await clientSecret(server, p.app.appId, p.app.secret);
    assertTokenError(locked, 400, "invalid_grant", 50053, "right secret while locked");
    const wait = retryAfter(locked, "locked app");
    await sleep(wait * 1000 + 200);
    assert.equal((await clientSecret(server, p.app.appId, p.app.secret)).status, 200);
    assert.deepEqual(storedState(), before);
    await stopAll();
  });

  test("an address with too many failed sign-ins gets 429 for every token request until it waited", async () => {
    const server = await serve("--sign-in-address-limit", "4", "--sign-in-lockout", "2");
    const before = storedState();
    // Password spraying: one guess for each of many names, so no account locks.
    for (let i = 0; i < 4; i++) {
      assertTokenError(await password(server, `sprayed-${i}@hardening.example`, "Winter2026!"), 400,
        "invalid_grant", 50126, `spray ${i}`);
    }
    const throttled = await password(server, p.reader.name, p.reader.secret);
    assertTokenError(throttled, 429, "temporarily_unavailable", 50196, "the right password from a throttled address");
    const wait = retryAfter(throttled, "throttled address");
    assert.ok(wait <= 2, `Retry-After ${wait}`);
    assertTokenError(await clientSecret(server, p.app.appId, p.app.secret), 429, "temporarily_unavailable",
      50196, "an application from a throttled address");
    await sleep(wait * 1000 + 200);
    assert.equal((await password(server, p.reader.name, p.reader.secret)).status, 200);
    assert.deepEqual(storedState(), before);
    await stopAll();
  });

  test("repeated form fields are refused with invalid_request and issue nothing", async () => {
    const server = await serve();
    const before = storedState();
    const form = new URLSearchParams({ grant_type: "password", client_id: cliAppId, username: p.reader.name,
      password: p.reader.secret, scope: armScope }).toString();
    for (const extra of ["grant_type=client_credentials", `client_id=${randomUUID()}`, "username=eve%40x.example",
      "password=other", `scope=${encodeURIComponent(armScope)}`]) {
      assertTokenError(await post(server, tenant, `${form}&${extra}`), 400, "invalid_request", 9002313, extra);
    }
    const appForm = `grant_type=client_credentials&client_id=${p.app.appId}&client_secret=x` +
      `&client_secret=${encodeURIComponent(p.app.secret)}&scope=${encodeURIComponent(armScope)}`;
    assertTokenError(await post(server, tenant, appForm), 400, "invalid_request", 9002313, "two client_secret");
    assert.equal((await post(server, tenant, form)).status, 200, "the same form once each works");
    assert.deepEqual(storedState(), before);
    await stopAll();
  });

  test("a flood of wrong passwords does not starve ARM requests", async () => {
    // No lockout or address limit here: every guess costs a full secret check, as before them.
    const server = await serve("--sign-in-lockout-threshold", "0", "--sign-in-address-limit", "0");
    const before = storedState();
    const token = (await password(server, p.reader.name, p.reader.secret)).body.access_token;
    assert.ok(token);
    const armGet = async () => {
      const started = performance.now();
      const r = await fetch(`${server.url}/subscriptions?api-version=2022-12-01`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(r.status, 200);
      const body = await r.json();
      assert.ok(body.value.some((s) => s.subscriptionId === subscription));
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await armGet(); // warm up
    const idle = [];
    for (let i = 0; i < 20; i++) idle.push(await armGet());

    let flooding = true;
    let guesses = 0;
    let answered = 0;
    const statuses = new Map();
    const attacker = async (n) => {
      while (flooding) {
        const r = await password(server, p.timing.name, `flood-${n}-${guesses++}`);
        answered++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    };
    const attackers = Array.from({ length: 32 }, (_, n) => attacker(n));
    await sleep(300); // the hashing threads are busy and their queue full
    const loaded = [];
    let idleHashing = 0; // GETs during which no guess was waiting for its answer
    for (let i = 0; i < 20; i++) {
      if (guesses === answered) idleHashing++;
      loaded.push(await armGet());
    }
    const outstanding = guesses - answered;
    flooding = false;
    await Promise.all(attackers);

    const idleP50 = median(idle);
    const loadedP50 = median(loaded);
    console.log(`# ARM GET p50 idle ${idleP50.toFixed(1)} ms, under 32 parallel wrong passwords ` +
      `${loadedP50.toFixed(1)} ms (max ${Math.max(...loaded).toFixed(1)} ms); ${guesses} guesses sent, answers ` +
      JSON.stringify(Object.fromEntries(statuses)));
    assert.ok(guesses >= 32 && outstanding > 0 && idleHashing === 0,
      `the flood ran through the measurement (${guesses} sent, ${outstanding} outstanding at its end)`);
    assert.ok((statuses.get(400) ?? 0) > 0, "wrong passwords were checked and refused");
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 400 && s !== 503), [],
      "only refusals (400) and a busy hashing queue (503)");
    assert.ok(loadedP50 < Math.max(10 * idleP50, 30), `p50 ${loadedP50} ms vs idle ${idleP50} ms`);
    assert.ok(loadedP50 < 500, `p50 ${loadedP50} ms`);
    assert.deepEqual(storedState(), before);
    await stopAll();
  });

  test("an unknown user costs what a known one does and gets the same answer", async () => {
    const server = await serve("--sign-in-lockout-threshold", "0", "--sign-in-address-limit", "0");
    const before = storedState();
    const known = [];
    const unknown = [];
    const text = (r) => r.body.error_description.split(" Trace ID")[0];
    let knownText;
    let unknownText;
    for (let i = 0; i < 4; i++) { // warm up
      await password(server, p.timing.name, "warm");
      await password(server, `warm-${i}@hardening.example`, "warm");
    }
    for (let i = 0; i < 11; i++) {
      const k = await password(server, p.timing.name, `wrong-${i}`);
      const u = await password(server, `nobody-${i}-${randomUUID().slice(0, 8)}@hardening.example`, `wrong-${i}`);
      assertTokenError(k, 400, "invalid_grant", 50126, "known user");
      assertTokenError(u, 400, "invalid_grant", 50126, "unknown user");
      known.push(k.ms);
      unknown.push(u.ms);
      knownText = text(k);
      unknownText = text(u);
    }
    // Through "organizations" an unknown name costs a check too.
    const anywhere = await password(server, `nobody-${randomUUID()}@hardening.example`, "x", "organizations");
    assertTokenError(anywhere, 400, "invalid_grant", 50126, "unknown user, organizations");
    assert.equal(unknownText, knownText, "same error text");
    assert.equal(text(anywhere), knownText);
    const k = median(known);
    const u = median(unknown);
    console.log(`# wrong password median ${k.toFixed(1)} ms, unknown user median ${u.toFixed(1)} ms, ` +
      `unknown user via organizations ${anywhere.ms.toFixed(1)} ms`);
    assert.ok(u < 3 * k && k < 3 * u, `known ${k} ms vs unknown ${u} ms`);
    assert.ok(anywhere.ms > k / 3, `organizations unknown ${anywhere.ms} ms vs known ${k} ms`);
    assert.deepEqual(storedState(), before);
    await stopAll();
  });

  test("a full hashing queue answers 503 with Retry-After at once", async () => {
    const server = await serve("--hash-threads", "1", "--hash-queue", "1",
      "--sign-in-lockout-threshold", "0", "--sign-in-address-limit", "0");
    const before = storedState();
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      password(server, p.timing.name, `burst-${i}`)));
    const busy = answers.filter((r) => r.status === 503);
    const checked = answers.filter((r) => r.status === 400);
    assert.equal(busy.length + checked.length, answers.length, answers.map(show).join("\n"));
    assert.ok(busy.length > 0, "some attempts found the queue full");
    assert.ok(checked.length >= 2, "the thread and the queue's place were used");
    for (const r of busy) {
      assertTokenError(r, 503, "temporarily_unavailable", 90033, "busy");
      assert.equal(r.headers.get("retry-after"), "1");
    }
    for (const r of checked) assertTokenError(r, 400, "invalid_grant", 50126, "checked");
    // The busy answers came without waiting for the checks queued before them.
    assert.ok(Math.min(...busy.map((r) => r.ms)) < Math.max(...checked.map((r) => r.ms)));
    assert.equal((await password(server, p.reader.name, p.reader.secret)).status, 200, "served again once idle");
    assert.deepEqual(storedState(), before);
    await stopAll();
  });
});

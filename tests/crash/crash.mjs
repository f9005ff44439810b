// Crash safety (issue 8, item 2): 64 concurrent writers, each its own service principal,
// re-point their own PAL links (PATCH between partner ids, now and then a PUT of the partner
// last acknowledged) against `pal serve`, which is killed with SIGKILL at random moments and
// restarted on the same data directory. At the end:
//   - every write acknowledged with 200 is in the history with exactly its version (= etag)
//     and partner id, and each principal's final link is its last acknowledged write or a
//     later one that was in flight when a kill came (never older);
//   - `pal admin link history -o json` is consistent: per principal, versions 1, 2, 3, … with
//     no gap, each row's old partner/state the previous row's new ones;
//   - the server exits 0 on the final SIGTERM.
// Randomness is seeded: PAL_CRASH_SEED=<n> replays a run (the seed is printed first).
// PAL_CRASH_SECONDS (default 60) and PAL_CRASH_MIN_KILLS (default 20) bound the run.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { clientCredentialsToken, dataDir as newDataDir, keepDataDir, palBin, palJson, removeDir, startServer } from "../e2e/harness.mjs";

const seed = Number(process.env.PAL_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const seconds = Number(process.env.PAL_CRASH_SECONDS ?? 60);
const minKills = Number(process.env.PAL_CRASH_MIN_KILLS ?? 20);
const writers = Number(process.env.PAL_CRASH_WRITERS ?? 64);
console.log(`crash: seed ${seed} (replay with PAL_CRASH_SEED=${seed}), ${writers} writers, ` +
  `${seconds} s, at least ${minKills} kills`);

// mulberry32: small, seedable, good enough to pick moments and partner ids.
function prng(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dataDir = newDataDir("pal-crash-");
const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);
const tenant = "c0ffee00-0000-4000-8000-0000000000c1";
const partnerIds = ["719878", "1234567", "2345678"];
const apiVersion = "2018-02-01";

admin("tenant", "create", "--tenant-id", tenant, "--name", "Crash Tenant");
admin("partner", "add", "--partner-id", "719878", "--name", "Mekorma");
admin("partner", "add", "--partner-id", "1234567", "--name", "Northwind Traders");
admin("partner", "add", "--partner-id", "2345678", "--name", "Fabrikam");
const principals = [];
for (let i = 0; i < writers; i++) {
  principals.push(admin("principal", "create", "--tenant-id", tenant, "--kind", "ServicePrincipal",
    "--name", `crash-writer-${i}`));
}

let baseUrl = null; // null while the server is down
let stopping = false;
let acknowledged = 0;
let refused = 0;
let failed = 0;
const problems = [];

// One writer: sequential requests, so at most one is in flight at a kill.
async function writer(index) {
  const me = principals[index];
  const own = prng(seed ^ ((index + 1) * 0x9e3779b1));
  const state = { acks: [], attemptsAfterLastAck: 0, cut: 0, token: null };
  let next = 0;
  while (!stopping) {
    const url = baseUrl;
    if (!url) {
      await sleep(5);
      continue;
    }
    let sent = false;
    try {
      if (!state.token) {
        const t = await clientCredentialsToken(url, tenant, me.appId, me.secret);
        assert.equal(t.status, 200, JSON.stringify(t.body));
        state.token = t.body.access_token;
      }
      const last = state.acks.at(-1);
      let method, partnerId;
      if (!last) {
        method = "PUT";
        partnerId = partnerIds[index % partnerIds.length];
      } else if (own() < 0.2) {
        method = "PUT"; // same id as acknowledged: a rewrite, or 409 if a later write committed
        partnerId = last.partnerId;
      } else {
        method = "PATCH";
        partnerId = partnerIds[(partnerIds.indexOf(last.partnerId) + 1 + Math.floor(own() * 2)) % 3];
      }
      next++;
      state.attemptsAfterLastAck++;
      sent = true;
      const r = await fetch(`${url}/providers/Microsoft.ManagementPartner/partners/${partnerId}?api-version=${apiVersion}`,
        { method, headers: { Authorization: `Bearer ${state.token}` } });
      const text = await r.text();
      if (r.status === 200) {
        const body = JSON.parse(text);
        const version = body.properties.version;
        if (body.etag !== version) problems.push(`writer ${index}: etag ${body.etag} != version ${version}`);
        if (body.properties.partnerId !== partnerId) problems.push(`writer ${index}: acked ${body.properties.partnerId}, asked ${partnerId}`);
        if (last && version <= last.version) {
          problems.push(`writer ${index}: acknowledged version ${version} after ${last.version}`);
        }
        state.acks.push({ version, partnerId, method });
        state.attemptsAfterLastAck = 0;
        acknowledged++;
      } else if (r.status === 401) {
        state.token = null; // never expected (same port, same key), but a new token is cheap
        problems.push(`writer ${index}: ${method} ${partnerId} answered 401 ${text.slice(0, 200)}`);
      } else if (r.status === 409 || r.status === 503) {
        refused++; // a clean refusal, nothing written
      } else {
        problems.push(`writer ${index}: ${method} ${partnerId} answered ${r.status} ${text.slice(0, 200)}`);
      }
    } catch {
      if (sent) {
        failed++; // cut off by the kill: may or may not have committed
        state.cut++;
      }
      await sleep(5);
    }
  }
  return { me, ...state };
}

const started = Date.now();
let kills = 0;
let server = await startServer(["--data", dataDir, "--port", "0", "--http"]);
// A failure below must not leave a server behind.
process.on("exit", () => server.process.exitCode === null && server.process.kill("SIGKILL"));
baseUrl = server.url;
const port = new URL(server.url).port;
const running = principals.map((_, i) => writer(i));

try {
  while (kills < minKills || Date.now() - started < seconds * 1000) {
    if (Date.now() - started > (seconds + 60) * 1000) {
      throw new Error(`only ${kills} kills in ${seconds + 60} s`);
    }
    // Mostly well into serving, sometimes right after start-up.
    await sleep(random() < 0.2 ? Math.floor(random() * 100) : 150 + Math.floor(random() * 1850));
    baseUrl = null;
    server.process.kill("SIGKILL");
    const how = await server.exited;
    assert.equal(how, "SIGKILL", `the server had already stopped: ${how}\n${server.stderr()}`);
    kills++;
    // The same port again: the token's issuer names it, so the writers' tokens stay valid.
    server = await startServer(["--data", dataDir, "--port", port, "--http"]);
    baseUrl = server.url;
  }
  // Let every writer land at least one more acknowledged write on the last server.
  const ackedBefore = acknowledged;
  const deadline = Date.now() + 30_000;
  while (acknowledged < ackedBefore + writers && Date.now() < deadline) await sleep(20);
} finally {
  stopping = true;
}
const results = await Promise.all(running);
const elapsed = (Date.now() - started) / 1000;

// The final state of each link, read through the API before the clean shutdown.
const finals = new Map();
for (const w of results) {
  const r = await fetch(`${baseUrl}/providers/Microsoft.ManagementPartner/partners?api-version=${apiVersion}`,
    { headers: { Authorization: `Bearer ${w.token}` } });
  assert.equal(r.status, 200, await r.clone().text());
  finals.set(w.me.objectId, (await r.json()).properties);
}
const exitCode = await server.stop();

const listed = spawnSync(palBin, ["admin", "link", "history", "--data", dataDir, "-o", "json"],
  { encoding: "utf8", maxBuffer: 1 << 30, timeout: 120_000 });
assert.equal(listed.status, 0, `pal admin link history: ${listed.error ?? listed.stderr}`);
const history = JSON.parse(listed.stdout);
const byPrincipal = new Map();
for (const row of history.sort((x, y) => x.sequence - y.sequence)) {
  if (!byPrincipal.has(row.objectId)) byPrincipal.set(row.objectId, []);
  byPrincipal.get(row.objectId).push(row);
}

for (const w of results) {
  const rows = byPrincipal.get(w.me.objectId) ?? [];
  const name = w.me.name;
  // History consistency.
  rows.forEach((row, i) => {
    if (row.version !== i + 1) problems.push(`${name}: history row ${i} has version ${row.version}`);
    if (row.tenantId !== tenant) problems.push(`${name}: history row ${i} of tenant ${row.tenantId}`);
    const prev = rows[i - 1];
    if (prev) {
      if (row.oldPartnerId !== prev.newPartnerId) problems.push(`${name}: v${row.version} old partner ${row.oldPartnerId} != ${prev.newPartnerId}`);
      if (row.oldState !== prev.newState) problems.push(`${name}: v${row.version} old state ${row.oldState} != ${prev.newState}`);
      if (prev.validTo !== row.validFrom) problems.push(`${name}: v${prev.version} valid to ${prev.validTo}, v${row.version} from ${row.validFrom}`);
    } else if (row.oldState !== null) {
      problems.push(`${name}: first row has old state ${row.oldState}`);
    }
  });
  if (rows.length && rows.at(-1).validTo !== null) problems.push(`${name}: last history row is closed`);
  // Every acknowledged write is there, with its version and partner.
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  for (const ack of w.acks) {
    const row = byVersion.get(ack.version);
    if (!row) problems.push(`${name}: acknowledged v${ack.version} (${ack.partnerId}) missing from the history`);
    else if (row.newPartnerId !== ack.partnerId || row.newState !== "Active") {
      problems.push(`${name}: acknowledged v${ack.version} ${ack.partnerId}, history says ${row.newPartnerId} ${row.newState}`);
    }
  }
  const last = w.acks.at(-1);
  const final = finals.get(w.me.objectId);
  if (!last) {
    problems.push(`${name}: no acknowledged write at all`);
    continue;
  }
  if (final.version < last.version) problems.push(`${name}: final v${final.version} older than acknowledged v${last.version}`);
  if (final.version === last.version && final.partnerId !== last.partnerId) {
    problems.push(`${name}: final ${final.partnerId} != acknowledged ${last.partnerId} at v${last.version}`);
  }
  // Anything after the last acknowledgement was in flight at the end: at most attemptsAfterLastAck.
  if (final.version - last.version > w.attemptsAfterLastAck) {
    problems.push(`${name}: ${final.version - last.version} writes after v${last.version}, only ${w.attemptsAfterLastAck} unacknowledged attempts`);
  }
  // The history holds no more writes than were acknowledged or cut off.
  if (rows.length > w.acks.length + w.cut) problems.push(`${name}: ${rows.length} history rows, only ${w.acks.length} acknowledged + ${w.cut} cut off`);
  const top = rows.at(-1);
  if (!top || top.version !== final.version || top.newPartnerId !== final.partnerId) {
    problems.push(`${name}: final v${final.version} ${final.partnerId}, history ends at v${top?.version} ${top?.newPartnerId}`);
  }
}
if (exitCode !== 0) problems.push(`pal serve exited ${exitCode} on SIGTERM (expected 0)`);

const unacked = history.length - acknowledged;
console.log(`crash: ${kills} kills survived in ${elapsed.toFixed(1)} s; ${acknowledged} writes acknowledged ` +
  `(${(acknowledged / elapsed).toFixed(0)} writes/s), ${failed} requests cut off by a kill ` +
  `(${unacked} of them committed), ${refused} refused cleanly; ${history.length} history rows`);
if (problems.length) {
  console.error(`crash: ${problems.length} problems (seed ${seed}):\n  ${problems.slice(0, 40).join("\n  ")}`);
  console.error(`data directory kept: ${dataDir}`);
  keepDataDir(dataDir);
  process.exit(1);
}
removeDir(dataDir);
console.log("crash: ok");

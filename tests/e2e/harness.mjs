// Shared helpers for the end-to-end tests: run the pal binary, start servers, forge tokens.
import { spawn, spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { createSign, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");

export const palBin =
  process.env.PAL_BIN ?? path.join(repoRoot, "build", "debug", "src", "app", "pal");

// The official OpenAPI files of the Azure APIs pal implements (copied with their license note).
export const specsDir = process.env.PAL_SPECS_DIR ?? path.join(repoRoot, "tests", "specs");

export function tempDir(prefix = "pal-e2e-") {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

// PAL_TEST_POSTGRES (a server's URL, postgresql://postgres@127.0.0.1:55432/postgres) runs the
// tests against PostgreSQL: every data directory names a fresh database of its own in its
// store-url file, so the tests stay as independent of each other as with one pal.db each.
export const postgresServer = process.env.PAL_TEST_POSTGRES ?? "";
export const usingPostgres = postgresServer !== "";
const postgresScript = path.join(repoRoot, "scripts", "postgres-test-server");
const databases = new Map(); // resolved data directory -> its database, dropped with it
let databasesMade = 0;

function dropDatabase(name) {
  spawnSync(postgresScript, ["dropdb", postgresServer, name], { stdio: "ignore", timeout: 30_000 });
}
if (usingPostgres) {
  // Databases of directories never removed (a test that failed midway) go at exit, unless kept.
  process.on("exit", () => {
    for (const name of databases.values()) dropDatabase(name);
  });
}

// Makes `dir` (and its parents) a data directory whose store is a new PostgreSQL database when
// PAL_TEST_POSTGRES is set; otherwise leaves it alone (pal makes pal.db, and the directory if
// needed). Returns dir.
export function storeIn(dir) {
  if (!usingPostgres) return dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hint = path.basename(dir).toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^pal_/, "").slice(0, 24);
  const name = `pal_${hint}_${process.pid}_${++databasesMade}_${randomBytes(3).toString("hex")}`;
  const made = spawnSync(postgresScript, ["createdb", postgresServer, name], { encoding: "utf8", timeout: 30_000 });
  if (made.error) throw made.error;
  if (made.status !== 0) throw new Error(`cannot make the database of ${dir}: ${made.stderr.trim()}`);
  // The URL has no password (the test server trusts loopback); 0600 as for pal's own secrets.
  writeFileSync(path.join(dir, "store-url"), `${made.stdout.trim()}\n`, { mode: 0o600 });
  databases.set(path.resolve(dir), name);
  return dir;
}

// A new temporary data directory (--data of pal serve and pal admin): its store is a fresh
// PostgreSQL database under PAL_TEST_POSTGRES, pal.db otherwise.
export function dataDir(prefix = "pal-e2e-") {
  return storeIn(tempDir(prefix));
}

// Keeps the database of a data directory left for debugging (it is not dropped at exit).
export function keepDataDir(dir) {
  databases.delete(path.resolve(dir));
}

// Runs `pal args...` to completion. Returns { status, stdout, stderr }.
export function pal(args, { env = {}, cwd } = {}) {
  const result = spawnSync(palBin, args, {
    encoding: "utf8",
    env: { ...process.env, ...env },
    cwd,
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Runs pal and parses its JSON stdout; throws with stderr on failure.
export function palJson(args, options) {
  const r = pal([...args, "-o", "json"], options);
  if (r.status !== 0) throw new Error(`pal ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Starts `pal serve` and resolves once it printed "Ready.".
// Returns { process, url, urls, stdout(), stop() } where stop() sends SIGTERM and resolves
// with the exit code.
export function startServer(args, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(palBin, ["serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`pal serve did not become ready:\n${out}\n${err}`));
    }, timeoutMs);
    const exited = new Promise((res) => child.on("exit", (code, signal) => res(code ?? signal)));
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      if (/^Ready\.$/m.test(out)) {
        clearTimeout(timer);
        const m = out.match(/listening on (\S+) \(also (\S+)\)/);
        resolve({
          process: child,
          url: m[2],
          listenUrl: m[1],
          stdout: () => out,
          stderr: () => err,
          exited,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`pal serve exited early (${code}):\n${out}\n${err}`));
    });
  });
}

function base64url(input) {
  return Buffer.from(input).toString("base64url");
}

// Signs a JWT with an RSA private key (PEM). `kid` optional.
export function signJwt(payload, privateKeyPem, kid) {
  const header = { alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) };
  const data = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signer = createSign("RSA-SHA256");
  signer.update(data);
  return `${data}.${signer.sign(privateKeyPem).toString("base64url")}`;
}

export function decodeJwt(token) {
  const [h, p] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString()),
    payload: JSON.parse(Buffer.from(p, "base64url").toString()),
  };
}

export function newRsaKeyPem() {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  });
}

export function readSigningKey(dataDir) {
  return readFileSync(path.join(dataDir, "signing-key.pem"), "utf8");
}

export const armScope = "https://management.azure.com/.default";
export const apiVersion = "2018-02-01";
export const uuid = randomUUID;

// Requests a token with the client-credentials grant over fetch.
export async function clientCredentialsToken(baseUrl, tenantId, appId, secret, scope = armScope) {
  const response = await fetch(`${baseUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: appId,
      client_secret: secret,
      scope,
    }),
  });
  return { status: response.status, body: await response.json() };
}

// Removes a directory and drops the databases of the data directories in it.
export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  const root = path.resolve(dir);
  for (const [d, name] of databases) {
    if (d === root || d.startsWith(root + path.sep)) {
      dropDatabase(name);
      databases.delete(d);
    }
  }
}

// Bearer-token calls to one server as principals `pal admin principal create -o json` printed:
// tokenFor(p) gets (and caches) a token — client credentials for service principals, the
// password grant for users and guests; call(p, method, path, body) sends JSON and returns
// { status, body } with the body parsed when it is JSON. `tokens` (object id -> token) is the
// cache; pass one to share it or to read the tokens obtained.
export function armCaller(baseUrl, tokens = new Map()) {
  async function tokenFor(p) {
    if (!tokens.has(p.objectId)) {
      const form = p.kind === "ServicePrincipal"
        ? { grant_type: "client_credentials", client_id: p.appId, client_secret: p.secret, scope: armScope }
        : { grant_type: "password", client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", username: p.name,
          password: p.secret, scope: armScope };
      const r = await fetch(`${baseUrl}/${p.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
      const body = await r.json();
      assert.equal(r.status, 200, `token for ${p.name}: ${JSON.stringify(body)}`);
      tokens.set(p.objectId, body.access_token);
    }
    return tokens.get(p.objectId);
  }
  async function call(p, method, urlPath, body) {
    const r = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: { Authorization: `Bearer ${await tokenFor(p)}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: r.status, body: parsed };
  }
  return { tokenFor, call };
}

export const showResponse = (r) => `${r.status} ${JSON.stringify(r.body)}`;

// An ARM error: exactly {"error":{"code","message"}} with the status and code given; returns
// the message.
export function assertArmError(r, status, code, what) {
  const show = showResponse;
  assert.equal(r.status, status, `${what}: ${show(r)}`);
  assert.ok(r.body && typeof r.body === "object" && typeof r.body.error === "object", `${what}: ${show(r)}`);
  assert.deepEqual(Object.keys(r.body), ["error"], `${what}: ${show(r)}`);
  assert.equal(r.body.error.code, code, `${what}: ${show(r)}`);
  assert.equal(typeof r.body.error.message, "string", `${what}: ${show(r)}`);
  assert.ok(r.body.error.message.length > 0, `${what}: empty message`);
  return r.body.error.message;
}

// RFC 4180 rows of a CSV text (header included).
export function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

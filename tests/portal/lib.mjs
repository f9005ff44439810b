// Helpers of the portal tests: HTTPS calls to the server (trusting its self-signed
// certificate), tokens, the step runner that collects failures, and CSV handling.
import assert from "node:assert/strict";
import https from "node:https";
import { readFileSync } from "node:fs";
import { parseCsv } from "../e2e/harness.mjs";

export const cliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const armScope = "https://management.azure.com/.default";

// An HTTPS client of one server: call(method, path, {token, form, json}) → {status, body, text}.
export function serverClient(origin, certFile) {
  const ca = readFileSync(certFile);
  function call(method, urlPath, { token, form, json } = {}) {
    return new Promise((resolve, reject) => {
      const headers = {};
      let body;
      if (form) {
        body = new URLSearchParams(form).toString();
        headers["Content-Type"] = "application/x-www-form-urlencoded";
      } else if (json !== undefined) {
        body = JSON.stringify(json);
        headers["Content-Type"] = "application/json";
      }
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers["Content-Length"] = Buffer.byteLength(body);
      const req = https.request(new URL(urlPath, origin), { method, headers, ca, timeout: 20_000 }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
        });
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath}: no answer in 20 s`)));
      req.on("error", reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
  // A password-grant token at an authority (`organizations` or a tenant id).
  async function passwordToken(authority, username, password) {
    const r = await call("POST", `/${authority}/oauth2/v2.0/token`, {
      form: { grant_type: "password", client_id: cliClientId, username, password, scope: armScope },
    });
    assert.equal(r.status, 200, `token for ${username} at ${authority}: ${r.status} ${r.text}`);
    return r.body.access_token;
  }
  return { call, passwordToken };
}

export function jwtClaims(token) {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
}

export const show = (r) => `${r.status} ${r.text}`;

// Runs named steps in order; a failing step is recorded and the next one still runs.
export function stepRunner() {
  const failures = [];
  async function step(name, fn) {
    const started = Date.now();
    process.stdout.write(`--- ${name}\n`);
    try {
      await fn();
      process.stdout.write(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (e) {
      failures.push({ name, error: e });
      process.stdout.write(`FAIL ${name}: ${e && e.stack ? e.stack : e}\n`);
    }
  }
  return { step, failures };
}

// pal attribute's CSV as objects (header names as keys).
export function csvObjects(text) {
  const rows = parseCsv(text).filter((r) => r.length > 1 || r[0] !== "");
  const [header, ...body] = rows;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

// Sums fixed-point decimal strings exactly (as integer millionths), per currency.
export function totalsByCurrency(rows) {
  const sums = new Map();
  for (const r of rows) {
    const [whole, frac = ""] = r.cost.split(".");
    const negative = whole.startsWith("-");
    const micro = BigInt(whole.replace("-", "")) * 1_000_000n + BigInt((frac + "000000").slice(0, 6));
    sums.set(r.currency, (sums.get(r.currency) ?? 0n) + (negative ? -micro : micro));
  }
  return new Map([...sums].map(([c, v]) => [c, microText(v)]));
}

export function microText(v) {
  const negative = v < 0n;
  const a = negative ? -v : v;
  return `${negative ? "-" : ""}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, "0")}`;
}

export { parseCsv };

// Interactive sign-in against the suite's server: the device code flow through
// @azure/identity's DeviceCodeCredential (the PAL link with @azure/arm-managementpartner) and
// `pal login --use-device-code`, each approved on the verification page; the authorization code
// flow with PKCE through the sign-in page; and the refusals: a reused code, a wrong verifier,
// an unregistered redirect URI, polling faster than the interval, a declined code. The suite's
// server polls at 1 s (--device-code-interval 1), so each flow takes about a second.
import { ACEProvisioningManagementPartnerAPI } from "@azure/arm-managementpartner";
import { DeviceCodeCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { pal, palBin, palJson, tempDir } from "./harness.mjs";
import { approveDeviceCode, signInOnPage } from "./sign_in_page.mjs";

const ctx = JSON.parse(readFileSync(process.env.PAL_E2E_CONTEXT, "utf8"));
const admin = (...args) => palJson(["admin", ...args, "--data", ctx.dataDir]);
const cliClient = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const scope = "https://management.azure.com//.default offline_access openid profile";
const user = admin("principal", "create", "--tenant-id", ctx.tenantA, "--kind", "User", "--name", "device-user@a.example");

async function form(path, fields) {
  const r = await fetch(`${ctx.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return { status: r.status, body: await r.json() };
}
function assertRefused(r, error, code) {
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error, error, JSON.stringify(r.body));
  assert.deepEqual(r.body.error_codes, [code]);
  assert.equal(r.body.access_token, undefined);
  assert.equal(r.body.refresh_token, undefined);
}

test("DeviceCodeCredential signs a user in on the verification page and links a partner", async () => {
  const started = Date.now();
  let approval;
  const credential = new DeviceCodeCredential({
    tenantId: ctx.tenantA,
    authorityHost: ctx.url,
    disableInstanceDiscovery: true,
    userPromptCallback: (info) => {
      assert.match(info.message, /devicelogin and enter the code [A-Z0-9]{9} to authenticate\.$/);
      approval = approveDeviceCode(info.verificationUri, info.userCode, user);
    },
  });
  const client = new ACEProvisioningManagementPartnerAPI(credential, { endpoint: ctx.url });
  const created = await client.partner.create("719878");
  assert.equal(created.partnerId, "719878");
  assert.equal(created.objectId, user.objectId);
  assert.equal(created.tenantId, ctx.tenantA);
  const page = await approval;
  assert.equal(page.status, 200);
  assert.match(page.text, /You have signed in to Microsoft Azure CLI/);
  await client.partner.delete("719878");
  console.log(`# DeviceCodeCredential: signed in and linked in ${Date.now() - started} ms`);
});

test("pal login --use-device-code prints the code and waits for the page", async () => {
  const configDir = tempDir("pal-device-");
  const child = spawn(palBin, ["login", "--use-device-code", "--server", ctx.url, "--ca-cert", ctx.certFile],
    { env: { ...process.env, PAL_CONFIG_DIR: configDir }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const code = await new Promise((resolve, reject) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      const m = stderr.match(/open the page (\S+) and enter the code ([A-Z0-9]{9})/);
      if (m) resolve({ uri: m[1], userCode: m[2] });
    });
    child.on("exit", () => reject(new Error(`pal login exited: ${stderr}`)));
  });
  assert.equal(code.uri, `${ctx.url}/devicelogin`);
  const page = await approveDeviceCode(code.uri, code.userCode, user);
  assert.equal(page.status, 200, page.text);
  assert.equal(await exited, 0, stderr);
  const account = JSON.parse(stdout);
  assert.equal(account.tenantId, ctx.tenantA);
  assert.equal(account.user.name, user.name);
  const env = { PAL_CONFIG_DIR: configDir };
  const shown = pal(["managementpartner", "show", "--partner-id", "719878"], { env });
  assert.match(shown.stderr, /NotFound/, "the cached token reaches the API");
});

test("device code refusals: too fast, declined, a wrong password on the page, an unknown client", async () => {
  const start = () => form("/organizations/oauth2/v2.0/devicecode", { client_id: cliClient, scope });
  const poll = (device_code) => form("/organizations/oauth2/v2.0/token",
    { grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_id: cliClient, device_code });
  const fast = await start();
  assert.equal(fast.status, 200);
  assert.equal(fast.body.interval, 1);
  assert.equal(fast.body.expires_in, 900);
  assertRefused(await poll(fast.body.device_code), "authorization_pending", 70016);
  assertRefused(await poll(fast.body.device_code), "slow_down", 70016);

  const declined = await start();
  const page = await approveDeviceCode(declined.body.verification_uri, declined.body.user_code, user, "deny");
  assert.match(page.text, /You declined/);
  assertRefused(await poll(declined.body.device_code), "authorization_declined", 65004);
  assertRefused(await poll(declined.body.device_code), "bad_verification_code", 70018);

  const wrong = await start();
  const refused = await approveDeviceCode(wrong.body.verification_uri, wrong.body.user_code,
    { name: user.name, secret: "not the password" });
  assert.match(refused.text, /AADSTS50126: Your account or password is incorrect\./);
  assertRefused(await poll(wrong.body.device_code), "authorization_pending", 70016);

  const unknown = await form("/adfs/oauth2/devicecode", { client_id: ctx.principals.sdk.appId, scope });
  assertRefused(unknown, "unauthorized_client", 700016);
});

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
function authorizeUrl(challenge, redirectUri = "http://localhost:8400/") {
  const q = new URLSearchParams({ client_id: cliClient, response_type: "code", redirect_uri: redirectUri,
    scope, state: "e2e-state", nonce: "e2e-nonce", code_challenge: challenge, code_challenge_method: "S256" });
  return `${ctx.url}/${ctx.tenantA}/oauth2/v2.0/authorize?${q}`;
}
const redeem = (code, verifier, redirect_uri = "http://localhost:8400/") => form(`/${ctx.tenantA}/oauth2/v2.0/token`,
  { grant_type: "authorization_code", client_id: cliClient, code, redirect_uri, code_verifier: verifier, scope, client_info: "1" });

test("the sign-in page gives a single-use code bound to its PKCE verifier and redirect URI", async () => {
  const { verifier, challenge } = pkce();
  const signedIn = await signInOnPage(authorizeUrl(challenge), user);
  assert.equal(signedIn.status, 302, signedIn.text);
  const location = new URL(signedIn.location);
  assert.equal(location.origin + location.pathname, "http://localhost:8400/");
  assert.equal(location.searchParams.get("state"), "e2e-state");
  const code = location.searchParams.get("code");
  const tokens = await redeem(code, verifier);
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  for (const field of ["access_token", "id_token", "refresh_token", "client_info"]) assert.ok(tokens.body[field], field);
  const idToken = JSON.parse(Buffer.from(tokens.body.id_token.split(".")[1], "base64url"));
  assert.equal(idToken.nonce, "e2e-nonce");
  assert.equal(idToken.preferred_username, user.name);
  assertRefused(await redeem(code, verifier), "invalid_grant", 54005);

  const wrong = await signInOnPage(authorizeUrl(pkce().challenge), user);
  const wrongCode = new URL(wrong.location).searchParams.get("code");
  assertRefused(await redeem(wrongCode, verifier), "invalid_grant", 501481);
  assertRefused(await redeem(wrongCode, verifier), "invalid_grant", 54005);

  const other = pkce();
  const moved = await signInOnPage(authorizeUrl(other.challenge), user);
  assertRefused(await redeem(new URL(moved.location).searchParams.get("code"), other.verifier, "http://localhost:8401/"),
    "invalid_grant", 50011);

  const unregistered = await fetch(authorizeUrl(challenge, "https://evil.example/callback"), { redirect: "manual" });
  assert.equal(unregistered.status, 400);
  assert.equal(unregistered.headers.get("location"), null);
  assert.match(await unregistered.text(), /AADSTS50011/);
});

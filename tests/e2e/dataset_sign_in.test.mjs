// A service principal imported from a data set signs in (issue 18, item 9): `pal admin import`
// of principals.csv with and without the optional app_id column, `pal admin principal
// reset-secret` (which gives the one without an app id a new one and prints it), a
// client-credentials token for each app id from a server on the imported data, and an ARM call
// with it. Before the reset nothing signs in (AADSTS700016 for an unknown client id).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { clientCredentialsToken, dataDir as newDataDir, palJson, removeDir, startServer, tempDir } from "./harness.mjs";

const tenant = randomUUID();
const subscription = randomUUID();
const withoutAppId = randomUUID();
const withAppId = randomUUID();
const givenAppId = randomUUID();
const reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

function writeDataset(dir) {
  mkdirSync(dir, { recursive: true });
  const csv = (name, rows) => writeFileSync(path.join(dir, name), `${rows.map((r) => r.join(",")).join("\n")}\n`);
  csv("tenants.csv", [["tenant_id", "display_name"], [tenant, "Imported Contoso"]]);
  csv("principals.csv", [
    ["tenant_id", "object_id", "kind", "display_name", "app_id"],
    [tenant, withoutAppId, "ServicePrincipal", "imported-automation", ""],
    [tenant, withAppId, "ServicePrincipal", "imported-deployer", givenAppId],
  ]);
  csv("subscriptions.csv", [
    ["tenant_id", "subscription_id", "display_name", "offer", "state", "management_group_id"],
    [tenant, subscription, "Imported Prod", "AzurePlan", "Enabled", ""],
  ]);
  csv("role_assignments.csv", [
    ["assignment_id", "scope", "role_definition_id", "principal_id", "created_at", "deleted_at"],
    [randomUUID(), `/subscriptions/${subscription}`, reader, withoutAppId, "2026-01-05T10:00:00Z", ""],
    [randomUUID(), `/subscriptions/${subscription}`, reader, withAppId, "2026-01-05T10:00:00Z", ""],
  ]);
}

test("an imported service principal gets an app id from reset-secret and signs in with it", async () => {
  const work = tempDir("pal-import-signin-");
  const dataDir = newDataDir("pal-import-signin-data-");
  try {
    writeDataset(path.join(work, "set"));
    palJson(["admin", "import", path.join(work, "set"), "--data", dataDir]);
    const listed = palJson(["admin", "principal", "list", "--tenant-id", tenant, "--data", dataDir]);
    const byId = Object.fromEntries(listed.map((p) => [p.objectId, p]));
    assert.equal(byId[withoutAppId].appId, undefined, "imported without app_id: none yet");
    assert.equal(byId[withAppId].appId, givenAppId, "imported with app_id: kept");

    const server = await startServer(["--data", dataDir, "--port", "0", "--http"]);
    try {
      const refused = await clientCredentialsToken(server.url, tenant, givenAppId, "no-secret-yet");
      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      const unknown = await clientCredentialsToken(server.url, tenant, randomUUID(), "x");
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error_description, /^AADSTS700016:/);

      // Reset while the server runs (admin commands are safe beside it).
      const reset = palJson(["admin", "principal", "reset-secret", "--tenant-id", tenant, "--object-id",
        withoutAppId, "--data", dataDir]);
      assert.match(reset.appId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(reset.appIdAssigned, true);
      assert.equal(typeof reset.secret, "string");
      const kept = palJson(["admin", "principal", "reset-secret", "--tenant-id", tenant, "--object-id",
        withAppId, "--data", dataDir]);
      assert.equal(kept.appId, givenAppId);
      assert.equal(kept.appIdAssigned, undefined);

      for (const { appId, secret } of [reset, kept]) {
        const token = await clientCredentialsToken(server.url, tenant, appId, secret);
        assert.equal(token.status, 200, JSON.stringify(token.body));
        const subs = await fetch(`${server.url}/subscriptions?api-version=2022-12-01`,
          { headers: { Authorization: `Bearer ${token.body.access_token}` } });
        assert.equal(subs.status, 200);
        assert.deepEqual((await subs.json()).value.map((s) => s.subscriptionId), [subscription]);
      }

      // A second reset keeps the app id; export writes it in the app_id column.
      const again = palJson(["admin", "principal", "reset-secret", "--tenant-id", tenant, "--object-id",
        withoutAppId, "--data", dataDir]);
      assert.equal(again.appId, reset.appId);
      assert.equal(again.appIdAssigned, undefined);
      const stale = await clientCredentialsToken(server.url, tenant, reset.appId, reset.secret);
      assert.equal(stale.status, 401, "the first secret was replaced");
    } finally {
      assert.equal(await server.stop(), 0);
    }
    palJson(["admin", "export", path.join(work, "out"), "--data", dataDir]);
    const exported = readFileSync(path.join(work, "out", "principals.csv"), "utf8");
    assert.match(exported.split("\n")[0], /app_id/);
    assert.ok(exported.includes(givenAppId));
  } finally {
    removeDir(work);
    removeDir(dataDir);
  }
});

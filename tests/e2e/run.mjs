// Runs the end-to-end suite: prepares a data directory with `pal admin`, starts `pal serve`
// on a free loopback port, then runs the *.test.mjs files with NODE_EXTRA_CA_CERTS pointing at
// the server's self-signed certificate (the way a user trusts it), and finally checks that
// SIGTERM stops the server with exit code 0.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dataDir as newDataDir, palJson, removeDir, startServer, usingPostgres } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = newDataDir();
const admin = (...args) => palJson(["admin", ...args, "--data", dataDir]);

function principal(tenantId, kind, name) {
  return admin("principal", "create", "--tenant-id", tenantId, "--kind", kind, "--name", name);
}

const tenantA = "aaaaaaaa-0000-4000-8000-00000000000a";
const subscriptionA = "5b0a1c3e-aaaa-4000-8000-00000000000a";
const tenantB = "bbbbbbbb-0000-4000-8000-00000000000b";
admin("tenant", "create", "--tenant-id", tenantA, "--name", "Tenant A");
admin("partner", "add", "--partner-id", "719878", "--name", "Mekorma", "--global-id", "4960815");
admin("partner", "add", "--partner-id", "4960815", "--name", "Mekorma", "--kind", "global");
admin("partner", "add", "--partner-id", "1234567", "--name", "Northwind Traders");
admin("subscription", "create", "--subscription-id", subscriptionA, "--tenant-id", tenantA,
  "--name", "A Production", "--offer", "AzurePlan");

// Device-code clients poll every second here (5 s by default): the flows take a second.
const server = await startServer(["--data", dataDir, "--port", "0", "--device-code-interval", "1"]);
let exitCode = 1;
try {
  // Created while the server runs: admin commands are safe beside it.
  admin("tenant", "create", "--tenant-id", tenantB, "--name", "Tenant B");
  const context = {
    dataDir,
    url: server.url,
    listenUrl: server.listenUrl,
    certFile: path.join(dataDir, "tls-cert.pem"),
    tenantA,
    tenantB,
    principals: {
      sdk: principal(tenantA, "ServicePrincipal", "sdk-automation"),
      cli: principal(tenantA, "ServicePrincipal", "cli-automation"),
      alice: principal(tenantA, "User", "alice@a.example"),
      negA: principal(tenantA, "ServicePrincipal", "negative-a"),
      negB: principal(tenantB, "ServicePrincipal", "negative-b"),
      contract: principal(tenantA, "ServicePrincipal", "contract"),
      reader: principal(tenantA, "ServicePrincipal", "reader"),
    },
    subscriptionA,
  };
  admin("role", "assignment", "create", "--scope", `/subscriptions/${subscriptionA}`,
    "--role", "Reader", "--assignee", context.principals.reader.objectId);
  const contextFile = path.join(dataDir, "e2e-context.json");
  writeFileSync(contextFile, JSON.stringify(context, null, 2));

  const only = process.argv.slice(2);
  // Against PostgreSQL (e2e_postgresql) the files that test no store run once only, in the
  // SQLite suite: each says so with a line "// Store-independent: <why>" in its opening comment.
  const storeIndependent = (f) => /^\/\/ Store-independent: /m.test(
    readFileSync(path.join(here, f), "utf8").split("\nimport ")[0]);
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".test.mjs"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .filter((f) => {
      if (!usingPostgres || !storeIndependent(f)) return true;
      console.log(`${f}: store-independent, run by the SQLite suite only`);
      return false;
    })
    .map((f) => path.join(here, f));
  const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: context.certFile,
      PAL_E2E_CONTEXT: contextFile,
    },
  });
  exitCode = run.status ?? 1;
} finally {
  const code = await server.stop();
  if (code !== 0) {
    console.error(`pal serve exited with ${code} after SIGTERM (expected 0)`);
    exitCode = exitCode || 1;
  }
  removeDir(dataDir);
}
process.exit(exitCode);

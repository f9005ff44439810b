// The portal tests: prepares a data directory with `pal admin` (scenario.mjs) and a usage file
// of the current month, starts `pal serve --data DIR --port 0 --usage FILE`, and drives the
// portal (/portal/, docs/portal.md) in headless Chromium at 1280×800 and 390×844: sign-in,
// directory switch to a guest tenant, PAL link, DPOR, access control, partner insights (checked
// against `pal attribute`), then `pal report`'s HTML file (file:). Every page is saved as a
// screenshot (PAL_PORTAL_SCREENSHOTS, default portal-screenshots/ of pal's build tree); no
// request may leave the server's origin. Ends by stopping the server with SIGTERM (exit 0 expected).
//
//   PAL_BIN=build/debug/src/cli/pal node tests/portal/run.mjs
//   (PAL_PORTAL_DIR=DIR serves another built portal; PAL_PORTAL_KEEP_DATA=1 keeps the data dir)
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { dataDir as newDataDir, keepDataDir, pal, palBin, removeDir, startServer } from "../e2e/harness.mjs";
import { portalSteps } from "./steps.mjs";
import { launchBrowser, session } from "./browser.mjs";
import { csvObjects, serverClient, stepRunner, totalsByCurrency } from "./lib.mjs";
import { prepare } from "./scenario.mjs";

const watchdog = setTimeout(() => {
  console.error("portal tests: still running after 9 minutes, giving up");
  process.exit(1);
}, 9 * 60_000);

const screenshotDir = path.resolve(
  process.env.PAL_PORTAL_SCREENSHOTS ?? path.join(path.dirname(palBin), "..", "..", "portal-screenshots"));
const dataDir = newDataDir("pal-portal-");
const scenario = prepare(dataDir);
const { month, usageFile } = scenario;
console.log(`portal tests: data ${dataDir}, month ${month}, screenshots ${screenshotDir}`);

// PAL_PORTAL_DIR: another built portal than the source tree's web/dist (`pal serve --portal`).
const portalArgs = process.env.PAL_PORTAL_DIR ? ["--portal", path.resolve(process.env.PAL_PORTAL_DIR)] : [];
const server = await startServer(["--data", dataDir, "--port", "0", "--usage", usageFile, ...portalArgs]);
const origin = server.url;
const api = serverClient(origin, path.join(dataDir, "tls-cert.pem"));
const { step, failures } = stepRunner();
let browser;
let exitCode = 1;
try {
  browser = await launchBrowser();
  const s = session(browser, { origin, screenshotDir });

  // pal attribute over the server's store, read when a step needs it (after the portal made the
  // link and the partner of record).
  const attribute = () => {
    const r = pal(["attribute", "--data", dataDir, "--usage", usageFile, "--month", month]);
    assert.equal(r.status, 0, `pal attribute: ${r.stderr}`);
    return csvObjects(r.stdout);
  };

  await portalSteps({ step, s, api, origin, scenario, dataDir, attribute });

  await step("pal report: the HTML file's chart and totals", async () => {
    const file = path.join(dataDir, "report.html");
    const r = pal(["report", "--data", dataDir, "--usage", usageFile, "--month", month, "--html", file]);
    assert.equal(r.status, 0, `pal report: ${r.stdout}\n${r.stderr}`);
    const { context, page } = await s.open({ allow: ["file:"] });
    try {
      await page.goto(pathToFileURL(file).href);
      // One chart per credited partner (or one for all): each visible, with bars of some height.
      const charts = page.locator('svg[aria-label="Attributed revenue per month"]');
      await charts.first().waitFor({ state: "visible" });
      for (const chart of await charts.all()) {
        assert.ok(await chart.isVisible(), "a chart is not visible");
        const bars = await chart.locator("rect").evaluateAll((rs) => {
          const data = rs.filter((r) => r.hasAttribute("data-month"));
          return (data.length ? data : rs).filter((r) => r.getBBox().height > 0 && r.getBBox().width > 0).length;
        });
        assert.ok(bars > 0, "a chart has no bars (rect elements with a size)");
      }
      // data-testid="total": "COST CURRENCY", per partner when it carries data-partner.
      const shown = await page.locator('[data-testid="total"]').evaluateAll((es) => es.map((e) => ({
        partner: e.getAttribute("data-partner"), text: e.textContent.replace(/\s+/g, " ").trim() })));
      assert.ok(shown.length > 0, 'no data-testid="total" in the report');
      const got = {};
      for (const t of shown) {
        const m = t.text.match(/^(-?\d+\.\d{6}) ([A-Z]{3})$/);
        assert.ok(m, `total "${t.text}" is not "COST CURRENCY" with 6 decimals`);
        got[`${t.partner ?? "all"} ${m[2]}`] = m[1];
      }
      const rows = attribute().rows;
      const perPartner = shown.every((t) => t.partner !== null);
      const want = {};
      const partners = perPartner ? [...new Set(rows.map((r) => r.partner_id))] : ["all"];
      for (const p of partners) {
        for (const [currency, total] of totalsByCurrency(rows.filter((r) => p === "all" || r.partner_id === p))) {
          want[`${p} ${currency}`] = total;
        }
      }
      assert.deepEqual(got, want, "the report's totals against pal attribute's");
      await s.shoot(page, "report");
    } finally {
      await context.close();
    }
  });

  await step("no request left the server's origin; no page errors", async () => {
    assert.deepEqual(s.offOrigin, [], "requests outside the origin");
    assert.deepEqual(s.pageErrors, [], "page errors or CSP refusals");
  });

  console.log("screenshots:");
  for (const f of s.screenshots) console.log(`  ${f}`);
  exitCode = failures.length ? 1 : 0;
} catch (e) {
  console.error(`portal tests: ${e && e.stack ? e.stack : e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  const code = await server.stop();
  if (code !== 0) {
    console.error(`pal serve exited with ${code} after SIGTERM (expected 0)\n${server.stderr()}`);
    exitCode = 1;
  }
  if (process.env.PAL_PORTAL_KEEP_DATA === "1") {
    console.log(`data directory kept: ${dataDir}`);
    keepDataDir(dataDir);
  } else {
    removeDir(dataDir);
  }
  clearTimeout(watchdog);
}
for (const f of failures) console.log(`failed: ${f.name}: ${f.error && f.error.message}`);
console.log(exitCode === 0 ? "portal tests passed" : "portal tests FAILED");
process.exit(exitCode);

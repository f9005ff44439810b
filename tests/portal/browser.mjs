// Driving the portal in Debian's Chromium through playwright-core: contexts that record every
// request that leaves the origin, screenshots, polling assertions, and readers of the page's
// tables and definition lists.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

export const chromiumPath = process.env.PAL_CHROMIUM ?? "/usr/bin/chromium";
export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: install Debian's chromium (scripts/install-deps does)`);
  }
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run npm ci in tests/portal (scripts/install-deps does): ${e.message}`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"], timeout: 60_000 });
}

// One browser, many contexts; every context's requests are checked against the allowed
// prefixes (the server's origin, or file: for the report) and page errors are collected.
export function session(browser, { origin, screenshotDir }) {
  const offOrigin = [];
  const pageErrors = [];
  const screenshots = [];
  mkdirSync(screenshotDir, { recursive: true });

  async function open({ viewport = desktop, allow = [`${origin}/`] } = {}) {
    const context = await browser.newContext({ viewport, ignoreHTTPSErrors: true, acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    const allowed = (url) =>
      allow.some((p) => url.startsWith(p)) || url.startsWith(`blob:${origin}/`) || url.startsWith("data:");
    context.on("request", (request) => {
      if (!allowed(request.url())) offOrigin.push(request.url());
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) {
        pageErrors.push(`${page.url()}: ${m.text()}`);
      }
    });
    return { context, page };
  }

  async function shoot(page, name) {
    const { width } = page.viewportSize();
    const file = path.join(screenshotDir, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    screenshots.push(file);
    return file;
  }

  return { open, shoot, offOrigin, pageErrors, screenshots };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Retries an async assertion until it passes or the time is up (then throws its last error).
export async function eventually(fn, what, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${what}: ${last && last.message}`);
    await sleep(200);
  }
}

export const exact = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);

export function h1(page, name) {
  return page.getByRole("heading", { level: 1, name, exact: true });
}

// The <dd> after the <dt> whose text is `term` (inside `scope`, default the page).
export function definition(scope, term) {
  return scope.locator("dt").filter({ hasText: exact(term) }).first().locator("xpath=following-sibling::dd[1]");
}

// A table's header texts and its body rows (cells' trimmed texts; rows with another number of
// cells than the header, such as an empty-state row, are left out).
export async function readTable(table) {
  const data = await table.evaluate((t) => {
    const text = (c) => c.textContent.replace(/\s+/g, " ").trim();
    const head = [...t.querySelectorAll("thead th")].map(text);
    const rows = [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("th,td")].map(text));
    return { head, rows };
  });
  return { head: data.head, rows: data.rows.filter((r) => r.length === data.head.length) };
}

// The index of the header starting with `name` (sort buttons may add an arrow).
export function column(head, name) {
  const i = head.findIndex((h) => h === name || h.startsWith(`${name} `) || h.startsWith(name));
  if (i < 0) throw new Error(`no column "${name}" in [${head.join(" | ")}]`);
  return i;
}

// Chooses the option of a combobox whose text is (else contains) `text`: a <select>, or an input
// combobox (typed into, then its option clicked).
export async function choose(page, combobox, text) {
  const tag = await combobox.evaluate((e) => e.tagName);
  if (tag === "SELECT") {
    // The page fills its options from the API after it renders: wait (bounded) for the one.
    let options = [];
    let index = -1;
    for (const deadline = Date.now() + 10_000; index < 0 && Date.now() < deadline;) {
      options = await combobox.locator("option").evaluateAll((os) => os.map((o) => o.textContent.trim()));
      index = options.findIndex((o) => o === text);
      if (index < 0) index = options.findIndex((o) => o.includes(text));
      if (index < 0) await page.waitForTimeout(100);
    }
    if (index < 0) throw new Error(`no option containing "${text}" in [${options.join(" | ")}]`);
    await combobox.selectOption({ index });
    return options[index];
  }
  await combobox.fill(text);
  const option = page.getByRole("option").filter({ hasText: text }).first();
  await option.click();
  return text;
}

export async function optionTexts(combobox) {
  return combobox.locator("option").evaluateAll((os) => os.map((o) => o.textContent.trim()));
}

// True when the page scrolls sideways (wider than the viewport).
export async function overflowsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

// Visible form controls without a visible label (<label for>, a wrapping <label> or
// aria-labelledby pointing at visible text), described for the failure message.
export async function unlabelledControls(page) {
  return page.evaluate(() => {
    const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
    const controls = [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(visible);
    return controls.filter((c) => {
      const labels = [...(c.labels ?? [])].filter((l) => visible(l) && l.textContent.trim());
      const by = (c.getAttribute("aria-labelledby") ?? "").split(/\s+/).map((id) => id && document.getElementById(id))
        .filter((e) => e && visible(e) && e.textContent.trim());
      return labels.length === 0 && by.length === 0;
    }).map((c) => c.outerHTML.slice(0, 120));
  });
}

// The shell (header, directory switcher, navigation) and the hash router.

import "./styles.css";
import { errorMessage } from "./api";
import { h, uid } from "./dom";
import { createAlert, type Page, type PageContext } from "./page";
import * as session from "./session";
import { iamPage } from "./pages/iam";
import { insightsPage } from "./pages/insights";
import { linkPage } from "./pages/link";
import { partnerInformationPage } from "./pages/partner-information";
import { setReturnTo, signInPage } from "./pages/signin";
import { subscriptionsPage } from "./pages/subscriptions";

interface Route {
  pattern: RegExp;
  page: Page;
  title: string;
  nav?: string; // the navigation link it belongs to
}

const routes: Route[] = [
  { pattern: /^\/signin$/, page: signInPage, title: "Sign in" },
  { pattern: /^\/link$/, page: linkPage, title: "Link to a partner ID", nav: "#/link" },
  { pattern: /^\/subscriptions$/, page: subscriptionsPage, title: "Subscriptions", nav: "#/subscriptions" },
  {
    pattern: /^\/subscriptions\/([^/]+)$/,
    page: partnerInformationPage,
    title: "Partner information",
    nav: "#/subscriptions",
  },
  { pattern: /^\/iam$/, page: iamPage, title: "Access control (IAM)", nav: "#/iam" },
  { pattern: /^\/insights$/, page: insightsPage, title: "Partner insights", nav: "#/insights" },
];

const navLinks: [string, string][] = [
  ["#/link", "Link to a partner ID"],
  ["#/subscriptions", "Subscriptions"],
  ["#/iam", "Access control (IAM)"],
  ["#/insights", "Partner insights"],
];

const DEFAULT_ROUTE = "#/link";
let returnTo = DEFAULT_ROUTE;
let controller: AbortController | null = null;
let firstRender = true;
let notice: string | null = null; // shown in the alert by the next page rendered
const alerts = createAlert();

// ---- Shell ----

const main = h("main", { id: "main", tabindex: -1 });
const nav = h("nav", { id: "site-nav", class: "site-nav", "aria-label": "Portal" });
const menuButton = h(
  "button",
  { type: "button", class: "menu-button", "aria-expanded": "false", "aria-controls": "site-nav" },
  "Menu",
);
const directorySelect = h("select", { id: uid("directory") });
const userName = h("span", { class: "user-name" });
const signOutButton = h("button", { type: "button", class: "button quiet" }, "Sign out");
const account = h(
  "div",
  { class: "account" },
  h("div", { class: "directory" }, h("label", { for: directorySelect.id }, "Directory"), directorySelect),
  userName,
  signOutButton,
);
const skipLink = h("a", { class: "skip-link", href: "#main" }, "Skip to main content");
const header = h(
  "header",
  { class: "topbar" },
  h("div", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "pal"), " Partner Admin Link"),
  menuButton,
  account,
);
const layout = h("div", { class: "layout" }, nav, main);
document.getElementById("app")!.append(skipLink, header, layout);

for (const [href, text] of navLinks) nav.append(h("a", { href }, text));

skipLink.addEventListener("click", (event) => {
  event.preventDefault();
  (main.querySelector("h1") ?? main).focus();
});

function setMenu(open: boolean): void {
  nav.classList.toggle("open", open);
  menuButton.setAttribute("aria-expanded", String(open));
}
menuButton.addEventListener("click", () => {
  const open = menuButton.getAttribute("aria-expanded") !== "true";
  setMenu(open);
  if (open) nav.querySelector("a")?.focus();
});
nav.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && nav.classList.contains("open")) {
    setMenu(false);
    menuButton.focus();
  }
});

function updateHeader(): void {
  const s = session.current();
  const signedIn = s !== null;
  account.hidden = !signedIn;
  nav.hidden = !signedIn;
  menuButton.hidden = !signedIn;
  layout.classList.toggle("signed-out", !signedIn);
  if (!s) return;
  userName.textContent = session.displayName();
  directorySelect.replaceChildren(
    ...s.tenants.map((t) =>
      h(
        "option",
        { value: t.tenantId },
        `${t.displayName || t.tenantId}${t.accountType === "Guest" ? " (guest)" : ""}`,
      ),
    ),
  );
  const tid = session.currentTenantId().toLowerCase();
  const match = s.tenants.find((t) => t.tenantId.toLowerCase() === tid);
  if (match) directorySelect.value = match.tenantId;
}

directorySelect.addEventListener("change", async () => {
  const tenantId = directorySelect.value;
  const previous = session.currentTenantId();
  const option = directorySelect.selectedOptions[0]?.textContent ?? tenantId;
  alerts.clearError();
  // The old directory's page must not stay usable while the new token is fetched.
  controller?.abort();
  directorySelect.disabled = true;
  main.setAttribute("aria-busy", "true");
  main.replaceChildren(h("p", { class: "muted" }, `Signing in to ${option}…`));
  try {
    await session.switchDirectory(tenantId);
  } catch (error) {
    updateHeader();
    if (previous) directorySelect.value = previous;
    render();
    alerts.showError(error);
    return;
  } finally {
    directorySelect.disabled = false;
    main.removeAttribute("aria-busy");
  }
  // A subscription of the old directory is not one of the new one's: go back to the list.
  if (/^#\/subscriptions\/.+/.test(location.hash)) location.hash = "#/subscriptions";
  else render();
});

signOutButton.addEventListener("click", () => {
  session.signOut();
  returnTo = DEFAULT_ROUTE;
  location.hash = "#/signin";
});

session.onSessionChange(updateHeader);
session.onSessionExpired(() => {
  returnTo = location.hash && location.hash !== "#/signin" ? location.hash : DEFAULT_ROUTE;
  notice = "Your session has ended. Sign in again.";
  location.hash = "#/signin";
});

// ---- Router ----

function render(): void {
  const path = location.hash.replace(/^#/, "") || "/";
  if (!session.signedIn() && path !== "/signin") {
    if (path !== "/") returnTo = `#${path}`;
    location.replace("#/signin");
    return;
  }
  if (session.signedIn() && (path === "/signin" || path === "/")) {
    location.replace(path === "/signin" ? returnTo : DEFAULT_ROUTE);
    returnTo = DEFAULT_ROUTE;
    return;
  }
  let route: Route | undefined;
  let params: string[] = [];
  for (const r of routes) {
    const match = r.pattern.exec(path);
    if (match) {
      route = r;
      params = match.slice(1).map((p) => decodeURIComponent(p));
      break;
    }
  }
  if (!route) {
    location.replace(DEFAULT_ROUTE);
    return;
  }
  if (route.page === signInPage) setReturnTo(returnTo);

  controller?.abort();
  controller = new AbortController();
  setMenu(false);
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === route.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const directory = session.currentDirectory()?.displayName;
  document.title = directory ? `${route.title} · ${directory} · pal` : `${route.title} · pal`;
  alerts.clearError();
  main.replaceChildren();
  const ctx: PageContext = {
    signal: controller.signal,
    params,
    ...alerts,
    navigate: (hash) => {
      if (location.hash === hash) render();
      else location.hash = hash;
    },
  };
  const focusTarget = (): void => {
    if (firstRender) return;
    main.querySelector<HTMLElement>("h1")?.focus();
  };
  try {
    const result = route.page(main, ctx);
    focusTarget();
    if (result instanceof Promise) result.catch((error: unknown) => ctx.showError(error));
  } catch (error) {
    alerts.showError(new Error(errorMessage(error)));
  }
  firstRender = false;
  if (notice) alerts.showError(new Error(notice));
  notice = null;
}

/** Finishes a sign-in coming back from the token service's sign-in page, then renders. */
async function start(): Promise<void> {
  // Signed out until the code is redeemed: no header controls before then.
  updateHeader();
  if (location.search) main.replaceChildren(h("p", { class: "muted" }, "Signing in…"));
  try {
    const next = await session.completeSignIn();
    if (next) returnTo = next;
  } catch (error) {
    notice = errorMessage(error);
  }
  window.addEventListener("hashchange", render);
  updateHeader();
  render();
}

void start();

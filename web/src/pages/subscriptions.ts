// Subscriptions (#/subscriptions): the directory's subscriptions the user can read.

import { API, armList, type Subscription } from "../api";
import { h, scrollBox } from "../dom";
import { heading, type Page } from "../page";

export function listSubscriptions(signal: AbortSignal): Promise<Subscription[]> {
  return armList<Subscription>(`/subscriptions?api-version=${API.resources}`, signal).then((list) =>
    list.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId)),
  );
}

export const subscriptionsPage: Page = async (root, ctx) => {
  const body = h("div", { "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  root.append(
    heading("Subscriptions"),
    h(
      "p",
      { class: "lede" },
      "Choose a subscription to set its partner of record (DPOR) under Partner information.",
    ),
    ctx.alert,
    body,
  );
  try {
    const subscriptions = await listSubscriptions(ctx.signal);
    body.removeAttribute("aria-busy");
    if (!subscriptions.length) {
      body.replaceChildren(h("p", {}, "You have no subscriptions in this directory."));
      return;
    }
    const table = h(
      "table",
      { class: "data" },
      h("caption", { class: "visually-hidden" }, "Subscriptions"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "ID"), h("th", { scope: "col" }, "State"))),
      h(
        "tbody",
        {},
        subscriptions.map((s) =>
          h(
            "tr",
            {},
            h("td", {}, h("a", { href: `#/subscriptions/${encodeURIComponent(s.subscriptionId)}` }, s.displayName || s.subscriptionId)),
            h("td", { class: "mono" }, s.subscriptionId),
            h("td", {}, s.state),
          ),
        ),
      ),
    );
    body.replaceChildren(scrollBox(table));
  } catch (error) {
    body.removeAttribute("aria-busy");
    body.replaceChildren();
    ctx.showError(error);
  }
};

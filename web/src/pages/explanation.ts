// Renders `pal explain -o json` (GET /providers/Pal.Insights/explain) as readable HTML:
// per subscription and Power Platform resource, the verdict, the rules' reasons and the
// credits, with the raw JSON behind a disclosure.

import { h } from "../dom";

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (v === null || v === undefined || v === "" ? "—" : String(v));

/** {"USD":"12.000000"} → "12.000000 USD". */
/** Amounts per currency; undefined when the answer leaves them out (not shown to the caller). */
function money(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const entries = Object.entries(asObject(v));
  return entries.length ? entries.map(([currency, amount]) => `${String(amount)} ${currency}`).join(", ") : "—";
}

function facts(pairs: [string, unknown][]): HTMLElement {
  return h(
    "dl",
    { class: "facts compact" },
    pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, text(v))]),
  );
}

function reasons(list: unknown): HTMLElement | null {
  const items = asArray(list).map(asObject);
  if (!items.length) return null;
  return h(
    "div",
    {},
    h("p", { class: "sublabel" }, "Reasons"),
    h(
      "ul",
      { class: "reasons" },
      items.map((r) => h("li", {}, h("span", { class: "rule" }, `${text(r.rule)} ${text(r.code)}`), " ", text(r.message))),
    ),
  );
}

function interval(from: unknown, to: unknown): string {
  return `${text(from)} → ${to ? String(to) : "in force"}`;
}

function credit(c: Json): HTMLElement {
  const parts: (HTMLElement | string)[] = [h("strong", {}, text(c.association)), `${c.cost === undefined ? "" : ` ${money(c.cost)},`} days ${text(c.firstDay)} to ${text(c.lastDay)}`];
  if (c.principal) {
    const p = asObject(c.principal);
    const g = asObject(c.grant);
    const l = asObject(c.link);
    parts.push(
      h("br"),
      `through ${text(p.displayName)} (${text(p.kind)}), ${text(g.role)} at ${text(g.scope)} by ${text(g.kind)} ${interval(g.from, g.to)}; `,
      `linked to ${text(l.partnerId)} ${interval(l.from, l.to)}`,
    );
  }
  if (c.partnerOfRecord) {
    const d = asObject(c.partnerOfRecord);
    parts.push(h("br"), `partner of record ${interval(d.from, d.to)}`);
  }
  return h("li", {}, parts);
}

function verdict(v: unknown): HTMLElement {
  return h("span", { class: "verdict" }, text(v));
}

export function renderExplanation(answer: unknown): HTMLElement {
  const x = asObject(answer);
  const subscriptions = asArray(x.subscriptions).map(asObject);
  const resources = asArray(x.resources).map(asObject);
  const notes = asArray(x.notes);
  return h(
    "div",
    {},
    h(
      "p",
      {},
      h("strong", {}, text(x.tenantName)),
      ` (${text(x.tenantId)}) for partner `,
      h("strong", {}, text(x.partnerName)),
      ` (${text(x.partnerId)}) in ${text(x.month)}`,
      x.monthEnd ? `, links judged at ${String(x.monthEnd)}` : "",
      ".",
    ),
    h("h4", {}, "Subscriptions"),
    subscriptions.length
      ? subscriptions.map((s) =>
          h(
            "article",
            { class: "explained" },
            h("h5", {}, text(s.displayName), " ", h("span", { class: "mono muted" }, text(s.subscriptionId)), " ", verdict(s.verdict)),
            facts([
              ["Offer", s.offer],
              ["State", s.state],
              ["Usage rows", s.usageRows],
              ["Usage", money(s.usageCost)],
              ["Credited by PAL", money(s.palCost)],
              ["Credited by DPOR", money(s.dporCost)],
            ]),
            reasons(s.reasons),
            asArray(s.credits).length
              ? [h("p", { class: "sublabel" }, "Credits"), h("ul", { class: "credits" }, asArray(s.credits).map((c) => credit(asObject(c))))]
              : null,
          ),
        )
      : h("p", { class: "muted" }, "No subscriptions."),
    h("h4", {}, "Power Platform resources"),
    resources.length
      ? resources.map((r) =>
          h(
            "article",
            { class: "explained" },
            h("h5", {}, h("span", { class: "mono" }, text(r.resourceId)), " ", verdict(r.verdict)),
            facts([
              ["Product", r.product],
              ["Environment", `${text(r.environmentId)} (${text(r.environmentType)}${r.paid ? ", paid" : ""})`],
              ["Eligible", r.eligible ? "Yes" : "No"],
              ["Metric", `${text(r.metric)} ${text(r.value)}`],
              ["Credited partner", r.creditedPartnerId ? `${text(r.creditedPartnerName)} (${text(r.creditedPartnerId)}) through ${text(r.creditedThrough)}` : "none"],
            ]),
            reasons(r.reasons),
            asArray(r.users).length
              ? [h("p", { class: "sublabel" }, "Users"), h(
                  "ul",
                  { class: "credits" },
                  asArray(r.users).map((u) => {
                    const user = asObject(u);
                    const link = user.link ? asObject(user.link) : null;
                    return h(
                      "li",
                      {},
                      `${text(user.displayName)} (${text(user.kind)}, ${text(user.role)}), last active ${text(user.lastActive)}; `,
                      link ? `linked to ${text(link.partnerName)} (${text(link.partnerId)}) ${interval(link.from, link.to)}` : "no link in force",
                    );
                  }),
                )]
              : null,
          ),
        )
      : h("p", { class: "muted" }, "No Power Platform resources."),
    notes.length ? [h("h4", {}, "Notes"), h("ul", {}, notes.map((n) => h("li", {}, text(n))))] : null,
    h("details", {}, h("summary", {}, "Raw JSON"), h("pre", { class: "json" }, JSON.stringify(answer, null, 2))),
  );
}

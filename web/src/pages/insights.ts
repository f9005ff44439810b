// Partner insights (#/insights): for a person holding a Partner Center role in a partner
// organisation (in its own tenant), the organisation's attributed revenue per month, per customer
// and subscription (Pal.Insights), its CSV, Power Platform usage, and "explain". Revenue is shown
// to Admins and Executive report viewers only. A PAL link shows nothing here.

import { API, arm, type Attribution, type AttributionRow, type PartnerOrganization } from "../api";
import { barChart, type BarSeries } from "../chart";
import { attributionCsv, download } from "../csv";
import { field, h, scrollBox } from "../dom";
import { compareCodePoints, formatMicros, toMicros, totalsByCurrency } from "../money";
import { busy, heading, type Page } from "../page";
import { renderExplanation } from "./explanation";

const CHART_NAME = "Attributed revenue per month";

/** YYYY-MM of the month `offset` months from the current one (UTC). */
function monthFromNow(offset: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

interface Column {
  key: string;
  label: string;
  text: (r: AttributionRow) => string;
  compare: (a: AttributionRow, b: AttributionRow) => number;
  numeric?: boolean;
}

const byText = (f: (r: AttributionRow) => string) => (a: AttributionRow, b: AttributionRow) =>
  f(a).localeCompare(f(b), undefined, { sensitivity: "base" }) || compareCodePoints(f(a), f(b));

const customer = (r: AttributionRow): string => r.customerName || r.tenantId;
const subscriptionName = (r: AttributionRow): string => r.subscriptionName || r.subscriptionId;

const COLUMNS: Column[] = [
  { key: "month", label: "Month", text: (r) => r.month, compare: byText((r) => r.month) },
  { key: "customer", label: "Customer", text: customer, compare: byText(customer) },
  { key: "subscription", label: "Subscription", text: subscriptionName, compare: byText(subscriptionName) },
  { key: "association", label: "Association", text: (r) => r.association, compare: byText((r) => r.association) },
  {
    key: "cost",
    label: "Cost",
    text: (r) => r.cost ?? "—",
    compare: (a, b) => {
      const d = toMicros(a.cost ?? "0") - toMicros(b.cost ?? "0");
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    },
    numeric: true,
  },
  { key: "currency", label: "Currency", text: (r) => r.currency, compare: byText((r) => r.currency) },
];

export const insightsPage: Page = (root, ctx) => {
  const from = h("input", { type: "month", value: monthFromNow(-5), min: "2000-01", max: "2999-12" });
  const to = h("input", { type: "month", value: monthFromNow(0), min: "2000-01", max: "2999-12" });
  const association = h(
    "select",
    {},
    h("option", { value: "" }, "All"),
    h("option", { value: "PAL" }, "Partner Admin Link"),
    h("option", { value: "DPOR" }, "DPOR"),
  );
  const partnerLine = h("p", { class: "muted" });
  const organization = h("select", {});
  const organizationField = field("Partner organisation", organization);
  organizationField.hidden = true;
  const revenueNote = h("p", { class: "muted", "data-testid": "revenue-hidden" });
  revenueNote.hidden = true;
  const total = h("span", { "data-testid": "total", class: "total-value" }, "—");
  const chartBox = h("div", { class: "chart-box" });
  const legend = h("ul", { class: "legend", "aria-label": "Currencies" });
  const revenueBody = h("tbody");
  const headRow = h("tr");
  const downloadButton = h("button", { type: "button", class: "button" }, "Download CSV");
  const revenueTable = h(
    "table",
    { class: "data", "aria-labelledby": "insights-table" },
    h("thead", {}, headRow),
    revenueBody,
  );
  const ppBody = h("tbody");
  const ppTable = h(
    "table",
    { class: "data", "aria-labelledby": "insights-pp" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Month", "Customer", "Resource", "Product", "Metric", "Value", "Eligible"].map((c) =>
          h("th", { scope: "col", class: c === "Value" ? "num" : null }, c),
        ),
      ),
    ),
    ppBody,
  );

  const explainTenant = h("input", {
    type: "text",
    size: 38,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "00000000-0000-0000-0000-000000000000",
  });
  const explainMonth = h("input", { type: "month", value: to.value, min: "2000-01", max: "2999-12" });
  const explainButton = h("button", { type: "submit", class: "button" }, "Explain");
  const explanation = h(
    "section",
    { class: "explanation", "aria-labelledby": "explanation-title" },
    h("h3", { id: "explanation-title" }, "Explanation"),
    h("div", { class: "explanation-body" }, h("p", { class: "muted" }, "Enter a customer's tenant ID and a month, then choose Explain.")),
  );
  const explainForm = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("div", { class: "field-row" }, field("Customer tenant ID", explainTenant), field("Month", explainMonth)),
    h("div", { class: "actions" }, explainButton),
  );

  root.append(
    heading("Partner insights"),
    partnerLine,
    ctx.alert,
    h(
      "div",
      { class: "toolbar" },
      organizationField,
      field("From", from),
      field("To", to),
      field("Association", association),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", { id: "insights-revenue" }, "Revenue"),
      h("p", { class: "total" }, "Total: ", total),
      revenueNote,
      chartBox,
      legend,
    ),
    h(
      "section",
      {},
      h(
        "div",
        { class: "section-head" },
        h("h2", { id: "insights-table" }, "Revenue by customer and subscription"),
        downloadButton,
      ),
      scrollBox(revenueTable),
    ),
    h(
      "section",
      {},
      h("h2", { id: "insights-pp" }, "Power Platform monthly active users"),
      scrollBox(ppTable),
    ),
    h(
      "section",
      {},
      h("h2", { id: "insights-explain" }, "Why don't I see this customer?"),
      h(
        "p",
        { class: "lede" },
        "See, rule by rule, why you are or are not credited for a customer's subscriptions and Power Platform resources in a month.",
      ),
      explainForm,
      explanation,
    ),
  );

  let data: Attribution | null = null;
  let sortKey = "month";
  let sortDescending = false;
  let loading: AbortController | null = null;

  const visibleRows = (): AttributionRow[] =>
    (data?.value ?? []).filter((r) => !association.value || r.association === association.value);

  const drawChart = (): void => {
    const rows = (data?.revenueVisible === false ? [] : visibleRows()).map((r) => ({ ...r, cost: r.cost ?? "0" }));
    const currencies = [...totalsByCurrency(rows).keys()];
    const series: BarSeries[] = currencies.map((currency) => {
      const values = new Map<string, bigint>();
      for (const r of rows) {
        if (r.currency === currency) values.set(r.month, (values.get(r.month) ?? 0n) + toMicros(r.cost));
      }
      return { label: currency, values };
    });
    const width = Math.max(280, Math.floor(chartBox.clientWidth || 640));
    chartBox.replaceChildren(barChart(CHART_NAME, data?.months ?? [], series, width));
    legend.replaceChildren(
      ...(series.length > 1
        ? series.map((s, i) => h("li", {}, h("span", { class: `swatch series-${i % 4}`, "aria-hidden": "true" }), s.label))
        : []),
    );
  };

  const drawTable = (): void => {
    headRow.replaceChildren(
      ...COLUMNS.map((c) => {
        const active = c.key === sortKey;
        const button = h("button", { type: "button", class: "sort" }, c.label, h("span", { class: "sort-mark", "aria-hidden": "true" }, active ? (sortDescending ? " ▼" : " ▲") : ""));
        button.addEventListener("click", () => {
          if (sortKey === c.key) sortDescending = !sortDescending;
          else {
            sortKey = c.key;
            sortDescending = false;
          }
          drawTable();
          headRow.querySelectorAll("button")[COLUMNS.indexOf(c)]?.focus();
        });
        return h(
          "th",
          { scope: "col", class: c.numeric ? "num" : null, "aria-sort": active ? (sortDescending ? "descending" : "ascending") : null },
          button,
        );
      }),
    );
    const column = COLUMNS.find((c) => c.key === sortKey) ?? COLUMNS[0]!;
    const rows = visibleRows().sort((a, b) => {
      const d = column.compare(a, b);
      if (d !== 0) return sortDescending ? -d : d;
      for (const c of COLUMNS) {
        const e = c.compare(a, b);
        if (e !== 0) return e;
      }
      return 0;
    });
    revenueBody.replaceChildren(
      ...(rows.length
        ? rows.map((r) =>
            h(
              "tr",
              {},
              h("td", {}, r.month),
              h("td", { title: r.tenantId }, customer(r)),
              h("td", { title: r.subscriptionId }, subscriptionName(r)),
              h("td", {}, r.association),
              h("td", { class: "num" }, r.cost ?? "—"),
              h("td", {}, r.currency),
            ),
          )
        : [h("tr", {}, h("td", { colspan: COLUMNS.length, class: "muted" }, data ? "No attributed revenue in these months." : "—"))]),
    );
    const totals = data?.revenueVisible === false ? new Map<string, bigint>() : totalsByCurrency(rows as { cost: string; currency: string }[]);
    total.textContent = data?.revenueVisible === false
      ? "not shown to your role"
      : totals.size
      ? [...totals.entries()].map(([currency, micros]) => `${formatMicros(micros)} ${currency}`).join(", ")
      : data
        ? "no attributed revenue"
        : "—";
    downloadButton.disabled = !data;
  };

  const drawPowerPlatform = (): void => {
    const rows = [...(data?.powerPlatform ?? [])].sort(
      (a, b) =>
        compareCodePoints(a.month, b.month) ||
        (a.customerName || a.tenantId).localeCompare(b.customerName || b.tenantId) ||
        compareCodePoints(a.resourceId, b.resourceId) ||
        compareCodePoints(a.metric, b.metric),
    );
    ppBody.replaceChildren(
      ...(rows.length
        ? rows.map((r) =>
            h(
              "tr",
              {},
              h("td", {}, r.month),
              h("td", { title: r.tenantId }, r.customerName || r.tenantId),
              h("td", { class: "mono" }, r.resourceId),
              h("td", {}, r.product),
              h("td", {}, r.metric),
              h("td", { class: "num" }, String(r.value)),
              h("td", {}, r.eligible ? "Yes" : "No"),
            ),
          )
        : [h("tr", {}, h("td", { colspan: 7, class: "muted" }, data ? "No Power Platform usage in these months." : "—"))]),
    );
  };

  const redraw = (): void => {
    drawChart();
    drawTable();
    drawPowerPlatform();
  };

  // The organisations the signed-in person holds a role in; none: say so plainly.
  let organizations: PartnerOrganization[] | null = null;
  const loadOrganizations = async (signal: AbortSignal): Promise<boolean> => {
    if (organizations) return organizations.length > 0;
    const answer = await arm<{ value: PartnerOrganization[] }>(
      `/providers/Pal.Insights/organizations?api-version=${API.insights}`,
      { signal },
    );
    organizations = answer.value;
    if (!organizations.length) {
      root.replaceChildren(
        heading("Partner insights"),
        ctx.alert,
        h(
          "section",
          { class: "card", "data-testid": "no-partner-organization" },
          h("h2", {}, "No partner organisation"),
          h(
            "p",
            {},
            "You hold no role in a partner organisation, so there are no partner insights to show. Partner insights are for a partner's own people: sign in to your partner organisation's own tenant with a Partner Center role (Admin, Report viewer or Executive report viewer), given by its Admin.",
          ),
          h(
            "p",
            { class: "muted" },
            "A link to a partner ID made in a customer's directory credits that partner for the customer's usage; it does not let anyone see the partner's data.",
          ),
        ),
      );
      return false;
    }
    organization.replaceChildren(
      ...organizations.map((o) => h("option", { value: o.name }, `${o.properties.displayName} (${o.name})`)),
    );
    organizationField.hidden = organizations.length < 2;
    return true;
  };

  const load = async (): Promise<void> => {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    ctx.signal.addEventListener("abort", () => controller.abort(), { once: true });
    ctx.clearError();
    try {
      if (!(await loadOrganizations(controller.signal))) return;
    } catch (error) {
      if (!controller.signal.aborted) ctx.showError(error);
      return;
    }
    if (!from.value || !to.value) {
      ctx.showError(new Error("Choose the months From and To."));
      return;
    }
    if (from.value > to.value) {
      ctx.showError(new Error("The month From must not be after To."));
      return;
    }
    root.setAttribute("aria-busy", "true");
    try {
      const path = `/providers/Pal.Insights/attribution?api-version=${API.insights}&from=${from.value}&to=${to.value}&partnerId=${encodeURIComponent(organization.value)}`;
      data = await arm<Attribution>(path, { signal: controller.signal });
      partnerLine.replaceChildren(
        "Partner ",
        h("strong", {}, data.partnerName),
        ` (${data.partnerId}) · your role${data.roles.length > 1 ? "s" : ""}: ${data.roles.join(", ")}`,
      );
      revenueNote.hidden = data.revenueVisible;
      revenueNote.textContent = data.revenueVisible
        ? ""
        : "Revenue is shown to the organisation's Admins and Executive report viewers; you see customers, subscriptions and associations.";
    } catch (error) {
      if (controller.signal.aborted) return;
      data = null;
      ctx.showError(error);
    } finally {
      if (loading === controller) root.removeAttribute("aria-busy");
    }
    redraw();
  };

  organization.addEventListener("change", () => void load());
  from.addEventListener("change", () => void load());
  to.addEventListener("change", () => void load());
  association.addEventListener("change", () => {
    drawChart();
    drawTable();
  });
  downloadButton.addEventListener("click", () => {
    if (!data) return;
    download("pal-insights.csv", attributionCsv(data.partnerId, data.partnerName, visibleRows()));
  });

  // Links name location ids: explain the organisation's only location, or the first one it credits.
  const explainPartner = (): string => {
    const o = organizations?.find((x) => x.name === organization.value);
    const locations = (o?.properties.partnerIds ?? []).filter((id) => id !== o?.name);
    const credited = data?.value.find((r) => r.partnerId)?.partnerId;
    const id = locations.length === 1 ? locations[0] : credited ?? locations[0];
    return id ? `&partnerId=${encodeURIComponent(id)}` : "";
  };

  explainForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const tenant = explainTenant.value.trim();
    if (!tenant || !explainMonth.value) {
      ctx.showError(new Error("Enter the customer's tenant ID and a month."));
      (tenant ? explainMonth : explainTenant).focus();
      return;
    }
    const body = explanation.querySelector(".explanation-body")!;
    void busy(ctx, explainButton, async () => {
      explanation.setAttribute("aria-busy", "true");
      try {
        const answer = await arm<unknown>(
          `/providers/Pal.Insights/explain?api-version=${API.insights}&tenant=${encodeURIComponent(tenant)}&month=${explainMonth.value}${explainPartner()}`,
          { signal: ctx.signal },
        );
        body.replaceChildren(renderExplanation(answer));
      } catch (error) {
        body.replaceChildren(h("p", { class: "muted" }, "No explanation."));
        throw error;
      } finally {
        explanation.removeAttribute("aria-busy");
      }
    });
  });

  // Keep the chart as wide as its box (it is drawn in CSS pixels, so its text stays legible).
  let lastWidth = 0;
  const observer = new ResizeObserver(() => {
    const width = Math.floor(chartBox.clientWidth);
    if (width && Math.abs(width - lastWidth) > 8) {
      lastWidth = width;
      drawChart();
    }
  });
  observer.observe(chartBox);
  ctx.signal.addEventListener("abort", () => observer.disconnect(), { once: true });

  redraw();
  void load();
};

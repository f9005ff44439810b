#include "attribution/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>

namespace pal::attribution {
namespace {

constexpr NanosSum kNanosPerMicro = 1000;
constexpr int kChartWidth = 640;
constexpr int kChartHeight = 260;
constexpr int kChartTop = 40;     // room for the legend and the value above the tallest bar
constexpr int kChartBottom = 36;  // room for the month labels
constexpr int kChartSide = 12;
// Bar colours: distinguishable, and at least 3:1 against the white background.
constexpr std::array<std::string_view, 6> kBarColours = {"#1d4ed8", "#b45309", "#047857",
                                                         "#7c3aed", "#be123c", "#0e7490"};

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// A cost as `pal attribute` prints it, as a sum: rounded half away from zero to micros.
NanosSum PrintedCost(NanosSum nanos) {
  const NanosSum magnitude = (nanos < 0 ? -nanos : nanos) + kNanosPerMicro / 2;
  const NanosSum rounded = magnitude / kNanosPerMicro * kNanosPerMicro;
  return nanos < 0 ? -rounded : rounded;
}

// "1.2M", "12.3k", "950" for a bar's label.
std::string Compact(NanosSum nanos) {
  const double units = static_cast<double>(nanos) / static_cast<double>(kNanosPerUnit);
  const double magnitude = units < 0 ? -units : units;
  if (magnitude >= 1e9) return fmt::format("{:.1f}G", units / 1e9);
  if (magnitude >= 1e6) return fmt::format("{:.1f}M", units / 1e6);
  if (magnitude >= 1e3) return fmt::format("{:.1f}k", units / 1e3);
  return fmt::format("{:.0f}", units);
}

std::string AssociationName(const std::string& association) {
  return association == "PAL" ? "Partner Admin Link" : association;
}

// Currency -> exact sum of printed costs.
using Totals = std::map<std::string, NanosSum>;

std::string NameOf(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? std::string() : it->second;
}

// A name over its id; just the id when the state has no name for it.
std::string NameAndId(const std::string& name, const std::string& id) {
  if (name.empty()) return fmt::format("<span class=\"id\">{}</span>", Escape(id));
  return fmt::format("{}<br><span class=\"id\">{}</span>", Escape(name), Escape(id));
}

std::string Chart(const std::vector<std::string>& months, const std::vector<Totals>& per_month) {
  std::set<std::string> currency_set;
  for (const auto& totals : per_month) {
    for (const auto& [currency, cost] : totals) currency_set.insert(currency);
  }
  const std::vector<std::string> currencies(currency_set.begin(), currency_set.end());
  std::string svg = fmt::format(
      "<svg role=\"img\" aria-label=\"Attributed revenue per month\" viewBox=\"0 0 {} {}\" "
      "class=\"chart\">\n",
      kChartWidth, kChartHeight);
  const int base = kChartHeight - kChartBottom;
  const int plot_height = base - kChartTop;
  const double group =
      static_cast<double>(kChartWidth - 2 * kChartSide) / static_cast<double>(months.size());
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>\n", kChartSide,
                     base, kChartWidth - kChartSide, base);
  if (currencies.empty()) {
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">No attributed revenue</text>\n",
                    kChartWidth / 2, kChartTop + plot_height / 2);
  }
  // Each currency on its own scale: costs of different currencies are never compared.
  std::map<std::string, NanosSum> max;
  for (const auto& totals : per_month) {
    for (const auto& [currency, cost] : totals) max[currency] = std::max(max[currency], cost);
  }
  for (size_t c = 0; c < currencies.size() && currencies.size() > 1; ++c) {
    const int x = kChartSide + static_cast<int>(c) * 110;
    svg += fmt::format(
        "<rect x=\"{}\" y=\"8\" width=\"14\" height=\"14\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"20\">{}</text>\n",
        x, kBarColours[c % kBarColours.size()], x + 20, Escape(currencies[c]));
  }
  const double bar = currencies.empty() ? 0 : group * 0.7 / static_cast<double>(currencies.size());
  for (size_t m = 0; m < months.size(); ++m) {
    const double left = kChartSide + group * static_cast<double>(m) + group * 0.15;
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"month\">{}</text>\n",
        kChartSide + group * (static_cast<double>(m) + 0.5), base + 22, Escape(months[m]));
    for (size_t c = 0; c < currencies.size(); ++c) {
      auto it = per_month[m].find(currencies[c]);
      const NanosSum cost = it == per_month[m].end() ? 0 : it->second;
      const NanosSum top = max[currencies[c]];
      const double height = top > 0 && cost > 0
                                ? static_cast<double>(plot_height) * static_cast<double>(cost) /
                                      static_cast<double>(top)
                                : 0.0;
      const double x = left + bar * static_cast<double>(c);
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
          "data-month=\"{}\" "
          "data-currency=\"{}\" data-cost=\"{}\"><title>{}: {} {}</title></rect>\n",
          x, base - height, std::max(bar - 2, 1.0), height, kBarColours[c % kBarColours.size()],
          Escape(months[m]), Escape(currencies[c]), FormatCost6(cost), Escape(months[m]),
          FormatCost6(cost), Escape(currencies[c]));
      if (cost == 0) continue;
      svg += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" class=\"value\">{}</text>\n",
          x + bar / 2 - 1, base - height - 4, Compact(cost));
    }
  }
  svg += "</svg>\n";
  return svg;
}

// A table in a scroll container (keyboard-scrollable at narrow widths).
std::string TableStart(const std::string& id, const std::string& caption,
                       const std::vector<std::string>& columns, const std::set<size_t>& numeric) {
  std::string out = fmt::format(
      "<div class=\"scroll\" role=\"region\" aria-labelledby=\"{0}\" tabindex=\"0\">\n"
      "<table class=\"sortable\">\n<caption id=\"{0}\">{1}</caption>\n<thead><tr>",
      id, Escape(caption));
  for (size_t i = 0; i < columns.size(); ++i) {
    out += fmt::format("<th scope=\"col\"{}>{}</th>",
                       numeric.count(i) ? " class=\"num\" data-sort=\"number\"" : "",
                       Escape(columns[i]));
  }
  out += "</tr></thead>\n<tbody>\n";
  return out;
}
constexpr std::string_view kTableEnd = "</tbody>\n</table>\n</div>\n";

std::string TotalsText(const Totals& totals) {
  std::string out;
  for (const auto& [currency, cost] : totals) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", FormatCost6(cost), Escape(currency));
  }
  return out.empty() ? "none" : out;
}

constexpr std::string_view kStyle = R"(
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --band: #f6f8fa; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.75rem; margin: 0.5rem 0; }
h2 { font-size: 1.375rem; margin: 2rem 0 0.5rem; padding-top: 1rem; border-top: 2px solid var(--line); }
h3 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0.5rem 0; }
a { color: var(--accent); }
.muted, .id { color: var(--muted); }
.id { font-size: 0.8125rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.scroll { overflow-x: auto; margin: 0.5rem 0 1rem; }
.scroll:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { padding: 0.375rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--band); white-space: nowrap; }
.num { text-align: right; }
.num, .nowrap { white-space: nowrap; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " \25B2"; }
th[aria-sort="descending"] button::after { content: " \25BC"; }
.totals { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0; margin: 0.5rem 0; list-style: none; }
.totals li { font-size: 1.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
figure { margin: 0.5rem 0; }
figcaption { color: var(--muted); font-size: 0.875rem; }
.chart { width: 100%; height: auto; max-width: 48rem; display: block; }
.chart text { font-size: 13px; fill: var(--ink); }
.chart .value { font-size: 11px; fill: var(--muted); }
.chart .axis { stroke: var(--muted); stroke-width: 1; }
@media (max-width: 700px) {
  body { font-size: 15px; }
  th, td { padding: 0.25rem 0.375rem; }
  h1 { font-size: 1.5rem; }
  .chart text { font-size: 20px; }
  .chart .value { font-size: 16px; }
}
)";

// Sorting only: the tables are complete without it.
constexpr std::string_view kScript = R"(
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var numeric = th.dataset.sort === "number";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
)";

// Per partner: the totals of every month, and the totals of the last month per association.
struct PartnerTotals {
  std::map<std::string, std::vector<Totals>> per_month;
  std::map<std::string, std::map<std::string, Totals>> per_association;
};

PartnerTotals TotalsOf(const InsightsReportData& data, const std::vector<std::string>& partners) {
  PartnerTotals totals;
  for (const auto& p : partners) totals.per_month[p].resize(data.months.size());
  for (size_t m = 0; m < data.rows.size(); ++m) {
    for (const auto& r : data.rows[m]) {
      auto it = totals.per_month.find(r.partner_id);
      if (it == totals.per_month.end()) continue;
      it->second[m][r.currency] += PrintedCost(r.cost);
      if (m + 1 == data.rows.size())
        totals.per_association[r.partner_id][r.association][r.currency] += PrintedCost(r.cost);
    }
  }
  return totals;
}

std::string PageStart(const InsightsReportData& data) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Partner insights, {0}</title>\n<style>{1}</style>\n</head>\n<body>\n"
      "<header>\n<h1>Partner insights</h1>\n<p>Attributed Azure revenue (Partner Admin Link and "
      "DPOR) and Power "
      "Platform monthly active users for {0}, with the revenue per month from {2} to {0}. Written "
      "by "
      "<code>pal attribute</code>'s engine; costs are its figures to 6 "
      "decimals.</p>\n</header>\n<main>\n",
      Escape(data.months.back()), kStyle, Escape(data.months.front()));
}

// The partners at a glance.
std::string PartnersSection(const InsightsReportData& data,
                            const std::vector<std::string>& partners, PartnerTotals& totals) {
  const std::string& month = data.months.back();
  std::string html = "<section aria-labelledby=\"partners\">\n<h2 id=\"partners\">Partners</h2>\n";
  if (partners.empty()) {
    html += fmt::format("<p>No partner is credited in {} to {}.</p>\n", Escape(data.months.front()),
                        Escape(month));
  } else {
    html += TableStart("partners-table", fmt::format("Partners and their revenue in {}", month),
                       {"Partner", "Revenue"}, {});
    for (const auto& p : partners) {
      html += fmt::format(
          "<tr><td><a href=\"#partner-{0}\">{1}</a><br><span "
          "class=\"id\">{0}</span></td><td>{2}</td></tr>\n",
          Escape(p), Escape(NameOf(data.names.partners, p)),
          TotalsText(totals.per_month[p].back()));
    }
    html += kTableEnd;
  }
  html += "</section>\n";
  return html;
}

// Revenue per month: the chart, then the same figures as a table.
std::string MonthsOfPartner(const InsightsReportData& data, const std::string& anchor,
                            const std::vector<Totals>& per_month) {
  std::string html = "<h3>Attributed revenue per month</h3>\n<figure>\n";
  html += Chart(data.months, per_month);
  html +=
      "<figcaption>Each currency on its own scale; the figures are in the table "
      "below.</figcaption>\n</figure>\n";
  html += TableStart(anchor + "-months", "Revenue per month", {"Month", "Cost", "Currency"}, {1});
  for (size_t m = 0; m < data.months.size(); ++m) {
    if (per_month[m].empty()) {
      html += fmt::format("<tr><td>{}</td><td class=\"num\">none</td><td></td></tr>\n",
                          Escape(data.months[m]));
    }
    for (const auto& [currency, cost] : per_month[m]) {
      html += fmt::format(
          "<tr data-month-total=\"{0}\" data-currency=\"{2}\" data-cost=\"{1}\"><td>{0}</td>"
          "<td class=\"num\">{1}</td><td>{2}</td></tr>\n",
          Escape(data.months[m]), FormatCost6(cost), Escape(currency));
    }
  }
  html += kTableEnd;
  return html;
}

// The month's totals, per currency and per association.
std::string TotalsOfPartner(const std::string& month, const std::string& p,
                            const std::string& anchor, const Totals& totals,
                            const std::map<std::string, Totals>& per_association) {
  std::string html = fmt::format("<h3>Totals, {}</h3>\n", Escape(month));
  if (totals.empty()) {
    html += fmt::format("<p>No attributed revenue in {}.</p>\n", Escape(month));
    return html;
  }
  html += "<ul class=\"totals\" aria-label=\"Total per currency\">\n";
  for (const auto& [currency, cost] : totals) {
    html += fmt::format(
        "<li data-testid=\"total\" data-partner=\"{0}\" data-currency=\"{2}\">{1} {2}</li>\n",
        Escape(p), FormatCost6(cost), Escape(currency));
  }
  html += "</ul>\n";
  html += TableStart(anchor + "-associations", fmt::format("Totals by association, {}", month),
                     {"Association", "Cost", "Currency"}, {1});
  for (const auto& [association, by_currency] : per_association) {
    for (const auto& [currency, cost] : by_currency) {
      html += fmt::format(
          "<tr data-testid=\"association-total\" data-partner=\"{0}\" data-association=\"{1}\" "
          "data-currency=\"{4}\" data-cost=\"{3}\"><td>{2}</td><td class=\"num\">{3}</td>"
          "<td>{4}</td></tr>\n",
          Escape(p), Escape(association), Escape(AssociationName(association)), FormatCost6(cost),
          Escape(currency));
    }
  }
  html += kTableEnd;
  return html;
}

// The month's rows by customer and subscription.
std::string RowsOfPartner(const InsightsReportData& data, const std::string& p,
                          const std::string& anchor) {
  const std::string& month = data.months.back();
  std::string html =
      fmt::format("<h3>Revenue by customer and subscription, {}</h3>\n", Escape(month));
  std::vector<const AttributionRow*> rows;
  for (const auto& r : data.rows.back()) {
    if (r.partner_id == p) rows.push_back(&r);
  }
  if (rows.empty()) {
    html += fmt::format("<p>No customer's usage is credited to this partner in {}.</p>\n",
                        Escape(month));
    return html;
  }
  html += TableStart(anchor + "-rows", "Revenue by customer and subscription",
                     {"Month", "Customer", "Subscription", "Association", "Cost", "Currency"}, {4});
  const InsightsNames& names = data.names;
  for (const AttributionRow* r : rows) {
    const std::string cost = FormatCost6(r->cost);
    html += fmt::format(
        "<tr data-month=\"{}\" data-partner=\"{}\" data-tenant=\"{}\" data-subscription=\"{}\" "
        "data-association=\"{}\" data-cost=\"{}\" data-currency=\"{}\"><td "
        "class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        Escape(r->month), Escape(r->partner_id), Escape(r->tenant_id), Escape(r->subscription_id),
        Escape(r->association), cost, Escape(r->currency), Escape(r->month),
        NameAndId(NameOf(names.customers, r->tenant_id), r->tenant_id),
        NameAndId(NameOf(names.subscriptions, r->subscription_id), r->subscription_id),
        Escape(AssociationName(r->association)), cost, Escape(r->currency));
  }
  html += kTableEnd;
  return html;
}

// The month's Power Platform and Customer Insights resources.
std::string PowerPlatformOfPartner(const InsightsReportData& data, const std::string& p,
                                   const std::string& anchor) {
  const std::string& month = data.months.back();
  std::string html =
      fmt::format("<h3>Power Platform monthly active users, {}</h3>\n", Escape(month));
  std::vector<const PowerPlatformRow*> resources;
  for (const auto& r : *data.power_platform) {
    if (r.partner_id == p) resources.push_back(&r);
  }
  if (resources.empty()) {
    html += fmt::format(
        "<p>No Power Platform or Customer Insights resource is credited to this partner in "
        "{}.</p>\n",
        Escape(month));
    return html;
  }
  html +=
      TableStart(anchor + "-power-platform", "Power Platform monthly active users",
                 {"Month", "Customer", "Resource", "Product", "Metric", "Value", "Eligible"}, {5});
  for (const PowerPlatformRow* r : resources) {
    html += fmt::format(
        "<tr data-month=\"{}\" data-partner=\"{}\" data-tenant=\"{}\" data-resource=\"{}\" "
        "data-product=\"{}\" "
        "data-metric=\"{}\" data-value=\"{}\" data-eligible=\"{}\"><td "
        "class=\"nowrap\">{}</td><td>{}</td>"
        "<td class=\"id\">{}</td><td>{}</td><td>{}</td><td "
        "class=\"num\">{}</td><td>{}</td></tr>\n",
        Escape(r->month), Escape(r->partner_id), Escape(r->tenant_id), Escape(r->resource_id),
        Escape(r->product), Escape(r->metric), r->value, r->eligible ? "true" : "false",
        Escape(r->month), NameAndId(NameOf(data.names.customers, r->tenant_id), r->tenant_id),
        Escape(r->resource_id), Escape(r->product), Escape(r->metric), r->value,
        r->eligible ? "Yes" : "No");
  }
  html += kTableEnd;
  return html;
}

// Partner `p`'s section.
std::string PartnerSection(const InsightsReportData& data, const std::string& p,
                           PartnerTotals& totals) {
  const std::string name = NameOf(data.names.partners, p);
  const std::string anchor = fmt::format("partner-{}", Escape(p));
  std::string html = fmt::format(
      "<section id=\"{0}\" aria-labelledby=\"{0}-h\" data-partner=\"{1}\">\n"
      "<h2 id=\"{0}-h\">{2} <span class=\"id\">({1})</span></h2>\n",
      anchor, Escape(p), name.empty() ? Escape(p) : Escape(name));
  html += MonthsOfPartner(data, anchor, totals.per_month[p]);
  html += TotalsOfPartner(data.months.back(), p, anchor, totals.per_month[p].back(),
                          totals.per_association[p]);
  html += RowsOfPartner(data, p, anchor);
  if (data.power_platform) html += PowerPlatformOfPartner(data, p, anchor);
  html += "</section>\n";
  return html;
}

}  // namespace

InsightsNames InsightsNamesOf(const Dataset& state) {
  InsightsNames names;
  for (const auto& p : state.partners) names.partners[p.partner_id] = p.partner_name;
  for (const auto& t : state.tenants) names.customers[t.tenant_id.ToString()] = t.display_name;
  for (const auto& s : state.subscriptions)
    names.subscriptions[s.subscription_id.ToString()] = s.display_name;
  return names;
}

std::vector<std::string> InsightsPartners(const InsightsReportData& data) {
  if (!data.partner.empty()) return {data.partner};
  std::set<std::string> partners;
  for (const auto& rows : data.rows) {
    for (const auto& r : rows) partners.insert(r.partner_id);
  }
  if (data.power_platform) {
    for (const auto& r : *data.power_platform) partners.insert(r.partner_id);
  }
  return {partners.begin(), partners.end()};
}

std::string RenderInsightsHtml(const InsightsReportData& data) {
  const std::vector<std::string> partners = InsightsPartners(data);
  PartnerTotals totals = TotalsOf(data, partners);
  std::string html = PageStart(data);
  html += PartnersSection(data, partners, totals);
  for (const auto& p : partners) html += PartnerSection(data, p, totals);
  html += fmt::format("</main>\n<script>{}</script>\n</body>\n</html>\n", kScript);
  return html;
}

}  // namespace pal::attribution

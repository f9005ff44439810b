#include "attribution/insights_answer.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>

#include "attribution/attribution_report.h"
#include "core/money_amount.h"

namespace pal::attribution {
namespace {

Error BadResponse(const std::string& what) {
  return Error{
      ErrorKind::kInternal, "BadResponse",
      fmt::format("The server's insights answer is not what the API documents: {}.", what)};
}

// The member `key` of `object` when it is a string; nullptr otherwise.
const std::string* Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

// Copies the string members `keys` of `row` into `out`, in order; false when one is missing.
bool Texts(const nlohmann::json& row,
           std::initializer_list<std::pair<const char*, std::string*>> keys) {
  for (const auto& [key, out] : keys) {
    const std::string* text = Text(row, key);
    if (!text) return false;
    *out = *text;
  }
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> InsightsRequestMonths(
    const std::vector<std::string>& months) {
  std::vector<std::pair<std::string, std::string>> requests;
  for (size_t first = 0; first < months.size(); first += kInsightsMonthsPerRequest) {
    const size_t last = std::min(first + kInsightsMonthsPerRequest, months.size()) - 1;
    requests.emplace_back(months[first], months[last]);
  }
  return requests;
}

Result<void> CheckInsightsRevenueVisible(const nlohmann::json& answer) {
  if (!answer.is_object()) return BadResponse("not a JSON object");
  auto visible = answer.find("revenueVisible");
  if (visible == answer.end() || !visible->is_boolean()) return BadResponse("no 'revenueVisible'");
  if (!visible->get<bool>()) {
    return Error::Forbidden(
        "RevenueNotVisible",
        "The report shows revenue, which needs the Admin or Executive report viewer role in the "
        "partner organisation; a Report viewer sees no revenue (the portal's Partner insights "
        "shows what it may see).");
  }
  return {};
}

Result<InsightsReportData> InsightsReportFromAnswers(const std::vector<nlohmann::json>& answers,
                                                     const std::vector<std::string>& months,
                                                     const std::string& partner) {
  if (months.empty()) return BadResponse("no months");
  InsightsReportData data;
  data.months = months;
  data.rows.resize(months.size());
  data.power_platform.emplace();
  data.partner = partner;
  std::map<std::string, size_t> month_index;
  for (size_t m = 0; m < months.size(); ++m) month_index[months[m]] = m;
  std::string organisation;
  for (const auto& answer : answers) {
    PAL_TRY(CheckInsightsRevenueVisible(answer));
    const std::string* organisation_id = Text(answer, "organizationId");
    const std::string* partner_id = Text(answer, "partnerId");
    const std::string* partner_name = Text(answer, "partnerName");
    if (!organisation_id || !partner_id || !partner_name) {
      return BadResponse("no 'organizationId', 'partnerId' or 'partnerName'");
    }
    if (!organisation.empty() && organisation != *organisation_id) {
      return BadResponse("the answers are about different organisations");
    }
    organisation = *organisation_id;
    // Every id of an answer is one of the organisation's: shown with the registry name its rows
    // carry (a location's own, e.g. "Mekorma (EMEA)"), else the organisation's.
    auto name_partner = [&](const std::string& id, const nlohmann::json& row = nlohmann::json()) {
      const std::string* own = row.is_object() ? Text(row, "partnerName") : nullptr;
      if (own && !own->empty()) {
        data.names.partners[id] = *own;
      } else if (!partner_name->empty() && !data.names.partners.count(id)) {
        data.names.partners[id] = *partner_name;
      }
    };
    name_partner(*partner_id);
    if (!partner.empty()) name_partner(partner);
    auto value = answer.find("value");
    auto power_platform = answer.find("powerPlatform");
    if (value == answer.end() || !value->is_array() || power_platform == answer.end() ||
        !power_platform->is_array()) {
      return BadResponse("no 'value' or 'powerPlatform' list");
    }
    for (const auto& item : *value) {
      if (!item.is_object()) return BadResponse("a row of 'value' is not an object");
      AttributionRow row;
      std::string customer_name, subscription_name, cost;
      if (!Texts(item, {{"month", &row.month},
                        {"partnerId", &row.partner_id},
                        {"tenantId", &row.tenant_id},
                        {"customerName", &customer_name},
                        {"subscriptionId", &row.subscription_id},
                        {"subscriptionName", &subscription_name},
                        {"association", &row.association},
                        {"currency", &row.currency}})) {
        return BadResponse("a row of 'value' lacks a field");
      }
      const std::string* cost_text = Text(item, "cost");
      if (!cost_text)
        return BadResponse(fmt::format("the row of subscription {} in {} has no cost",
                                       row.subscription_id, row.month));
      auto nanos = ParseCostNanos(*cost_text);
      if (!nanos) return BadResponse(fmt::format("'{}' is not a cost", *cost_text));
      row.cost = *nanos;
      auto month = month_index.find(row.month);
      if (month == month_index.end())
        return BadResponse(fmt::format("a row of {}, a month not asked for", row.month));
      if (const std::string* own = Text(item, "partnerName")) row.partner_name = *own;
      name_partner(row.partner_id, item);
      if (!customer_name.empty()) data.names.customers[row.tenant_id] = customer_name;
      if (!subscription_name.empty())
        data.names.subscriptions[row.subscription_id] = subscription_name;
      data.rows[month->second].push_back(std::move(row));
    }
    for (const auto& item : *power_platform) {
      if (!item.is_object()) return BadResponse("a row of 'powerPlatform' is not an object");
      PowerPlatformRow row;
      std::string customer_name;
      if (!Texts(item, {{"month", &row.month},
                        {"partnerId", &row.partner_id},
                        {"tenantId", &row.tenant_id},
                        {"customerName", &customer_name},
                        {"resourceId", &row.resource_id},
                        {"product", &row.product},
                        {"metric", &row.metric}})) {
        return BadResponse("a row of 'powerPlatform' lacks a field");
      }
      auto count = item.find("value");
      auto eligible = item.find("eligible");
      if (count == item.end() || !count->is_number_unsigned() || eligible == item.end() ||
          !eligible->is_boolean()) {
        return BadResponse(fmt::format("the Power Platform row of {} has no 'value' or 'eligible'",
                                       row.resource_id));
      }
      if (!month_index.count(row.month))
        return BadResponse(fmt::format("a row of {}, a month not asked for", row.month));
      row.value = count->get<std::uint64_t>();
      row.eligible = eligible->get<bool>();
      if (const std::string* own = Text(item, "partnerName")) row.partner_name = *own;
      name_partner(row.partner_id, item);
      if (!customer_name.empty()) data.names.customers[row.tenant_id] = customer_name;
      // The page's Power Platform table is of its last month, as offline.
      if (row.month == months.back()) data.power_platform->push_back(std::move(row));
    }
  }
  for (auto& rows : data.rows) SortAttributionRows(rows);
  return data;
}

}  // namespace pal::attribution

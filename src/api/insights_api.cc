#include "api/insights_api.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "api/arm_response.h"
#include "api/partner_organisations.h"
#include "api/resource_type_not_found.h"
#include "core/money_amount.h"
#include "core/text.h"

namespace pal::api {

using attribution::AttributionMonth;
using attribution::ParseAttributionMonth;

namespace {

constexpr int kMaxMonths = 12;

// The month after `month` ("2026-12" -> "2027-01").
std::string NextMonth(const AttributionMonth& month) {
  int year = 0, number = 0;
  std::sscanf(month.text.c_str(), "%d-%d", &year, &number);
  return number == 12 ? fmt::format("{:04}-01", year + 1)
                      : fmt::format("{:04}-{:02}", year, number + 1);
}

Result<AttributionMonth> MonthParam(const HttpRequest& request, std::string_view name) {
  auto text = request.QueryParam(name);
  if (!text || text->empty()) {
    return Error::InvalidArgument(
        "InvalidQueryParameter",
        fmt::format("The query parameter '{}' (YYYY-MM) is required.", name));
  }
  auto month = ParseAttributionMonth(*text);
  if (!month.ok()) {
    return Error::InvalidArgument(
        "InvalidQueryParameter",
        fmt::format("The query parameter '{}' is not a month YYYY-MM: '{}'.", name, *text));
  }
  return month;
}

}  // namespace

void InsightsApi::AddRoutes(ArmRouter& router) {
  constexpr std::string_view kReadOnly = "Insights are read with GET.";
  router
      .Add("/providers/Pal.Insights/attribution", RouteFamily::kInsights, kInsightsApiVersion,
           std::string(kReadOnly))
      .On("GET", [this](const ArmCall& call) { return Attribution(call); });
  router
      .Add("/providers/Pal.Insights/explain", RouteFamily::kInsights, kInsightsApiVersion,
           std::string(kReadOnly))
      .On("GET", [this](const ArmCall& call) { return Explain(call); });
  const auto not_served = [](const ArmCall& call) {
    return Error::NotFound("InvalidResourceType",
                           fmt::format("No Pal.Insights resource is served at '{}'; use "
                                       "/providers/Pal.Insights/attribution, .../explain or "
                                       ".../organizations.",
                                       call.request.path));
  };
  AddResourceTypeNotFound(router, "/providers/Pal.Insights/{type}", RouteFamily::kInsights,
                          kInsightsApiVersion, not_served);
  AddResourceTypeNotFound(router, "/providers/Pal.Insights/{type}/{rest*}", RouteFamily::kInsights,
                          kInsightsApiVersion, not_served);
}

Result<CallerOrganisation> InsightsApi::Organisation(const ArmCall& call) {
  return ResolveCallerOrganisation(store_, call.caller, call.request.QueryParam("partnerId"),
                                   "insights show what the partner is credited for");
}

Result<HttpResponse> InsightsApi::Attribution(const ArmCall& call) {
  const HttpRequest& request = call.request;
  PAL_ASSIGN_OR_RETURN(const CallerOrganisation organisation, Organisation(call));
  // The whole organisation, or the one location asked for.
  std::set<std::string> partner_ids(organisation.partner_ids.begin(),
                                    organisation.partner_ids.end());
  std::string shown_id = organisation.organisation_id;
  if (auto asked = request.QueryParam("partnerId");
      asked && !asked->empty() && *asked != organisation.organisation_id) {
    partner_ids = {*asked};
    shown_id = *asked;
  }
  const bool revenue = organisation.access.read_revenue;
  PAL_ASSIGN_OR_RETURN(const AttributionMonth from, MonthParam(request, "from"));
  PAL_ASSIGN_OR_RETURN(const AttributionMonth to, MonthParam(request, "to"));
  if (to.first_day < from.first_day) {
    return Error::InvalidArgument("InvalidQueryParameter", "'to' comes before 'from'.");
  }
  std::vector<AttributionMonth> months = {from};
  while (months.back().text != to.text) {
    if (static_cast<int>(months.size()) == kMaxMonths) {
      return Error::InvalidArgument("InvalidQueryParameter",
                                    fmt::format("At most {} months at a time.", kMaxMonths));
    }
    months.push_back(*ParseAttributionMonth(NextMonth(months.back())));
  }
  PAL_ASSIGN_OR_RETURN(auto computed, engine_.Attribute(months));

  std::map<std::string, std::string> customer_names, subscription_names;
  auto customer = [&](const std::string& tenant) -> std::string {
    auto it = customer_names.find(tenant);
    if (it != customer_names.end()) return it->second;
    auto id = Guid::Parse(tenant);
    auto found =
        id ? store_.directory().FindTenant(*id) : Result<std::optional<Tenant>>(std::nullopt);
    return customer_names[tenant] = found.ok() && *found ? (*found)->name : "";
  };
  auto subscription = [&](const std::string& sub) -> std::string {
    auto it = subscription_names.find(sub);
    if (it != subscription_names.end()) return it->second;
    auto id = Guid::Parse(sub);
    auto found = id ? store_.scopes().FindSubscription(*id)
                    : Result<std::optional<Subscription>>(std::nullopt);
    return subscription_names[sub] = found.ok() && *found ? (*found)->display_name : "";
  };
  nlohmann::json value = nlohmann::json::array(), power_platform = nlohmann::json::array(),
                 month_names = nlohmann::json::array();
  for (size_t i = 0; i < months.size(); ++i) {
    month_names.push_back(months[i].text);
    for (const auto& r : computed[i].rows) {
      if (!partner_ids.count(r.partner_id)) continue;
      value.push_back({{"month", r.month},
                       {"partnerId", r.partner_id},
                       {"partnerName", r.partner_name},
                       {"tenantId", r.tenant_id},
                       {"customerName", customer(r.tenant_id)},
                       {"subscriptionId", r.subscription_id},
                       {"subscriptionName", subscription(r.subscription_id)},
                       {"association", r.association},
                       {"cost", revenue ? nlohmann::json(FormatCost6(r.cost)) : nlohmann::json()},
                       {"currency", r.currency}});
    }
    for (const auto& r : computed[i].power_platform) {
      if (!partner_ids.count(r.partner_id)) continue;
      power_platform.push_back({{"month", r.month},
                                {"partnerId", r.partner_id},
                                {"partnerName", r.partner_name},
                                {"tenantId", r.tenant_id},
                                {"customerName", customer(r.tenant_id)},
                                {"resourceId", r.resource_id},
                                {"product", r.product},
                                {"metric", r.metric},
                                {"value", r.value},
                                {"eligible", r.eligible}});
    }
  }
  nlohmann::json roles = nlohmann::json::array();
  for (PartnerRole role : organisation.roles) roles.push_back(PartnerRoleName(role));
  return ArmJson(200,
                 nlohmann::json{{"partnerId", shown_id},
                                {"partnerName", organisation.name},
                                {"organizationId", organisation.organisation_id},
                                {"roles", roles},
                                {"revenueVisible", revenue},
                                {"months", month_names},
                                {"value", value},
                                {"powerPlatform", power_platform}}
                     .dump(),
                 request);
}

Result<HttpResponse> InsightsApi::Explain(const ArmCall& call) {
  const HttpRequest& request = call.request;
  PAL_ASSIGN_OR_RETURN(const CallerOrganisation organisation, Organisation(call));
  PAL_ASSIGN_OR_RETURN(const AttributionMonth month, MonthParam(request, "month"));
  const std::string tenant = request.QueryParam("tenant").value_or("");
  if (!Guid::Parse(tenant)) {
    return Error::InvalidArgument(
        "InvalidQueryParameter",
        fmt::format("The query parameter 'tenant' is not a tenant id (a GUID): '{}'.", tenant));
  }
  // Links name location ids: explain the one asked for, or the organisation's only one.
  std::string partner_id;
  if (auto asked = request.QueryParam("partnerId");
      asked && *asked != organisation.organisation_id) {
    partner_id = *asked;
  } else if (organisation.partner_ids.size() == 1) {
    partner_id = organisation.partner_ids.front();
  } else if (organisation.partner_ids.size() == 2 &&
             organisation.partner_ids.front() == organisation.organisation_id) {
    partner_id = organisation.partner_ids.back();
  } else {
    return Error::InvalidArgument(
        "PartnerIdRequired",
        fmt::format("Organisation {} has several partner location ids; name the one "
                    "to explain with the query parameter 'partnerId'.",
                    organisation.organisation_id));
  }
  PAL_ASSIGN_OR_RETURN(auto json, engine_.PartnerExplainJson(tenant, partner_id, month,
                                                             organisation.access.read_revenue));
  return ArmJson(200, json, request);
}

}  // namespace pal::api

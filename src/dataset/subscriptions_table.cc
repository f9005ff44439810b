#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.h"
#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {
    "tenant_id", "subscription_id", "display_name", "offer", "state", "management_group_id"};

std::optional<DatasetSubscription> ParseRow(DatasetRowReader& r, size_t i, DatasetParseContext& c) {
  auto t = r.GuidAt(i, "tenant_id");
  auto s = r.GuidAt(i, "subscription_id");
  const std::string offer_text = r.Text(i, "offer");
  const std::string state_text = r.Text(i, "state");
  const auto offer = ParseSubscriptionOffer(offer_text);
  const auto state = ParseSubscriptionState(state_text);
  const std::string group = r.Text(i, "management_group_id");
  bool ok = t && s && c.KnownTenant(r, i, *t);
  if (!offer) {
    r.Problem(i, fmt::format("offer '{}' is not one of EnterpriseAgreement, AzurePlan, CSP, "
                             "PayAsYouGo",
                             offer_text));
    ok = false;
  }
  if (!state) {
    r.Problem(i, fmt::format("state '{}' is not one of Enabled, Warned, PastDue, Disabled, "
                             "Deleted",
                             state_text));
    ok = false;
  }
  if (ok && !group.empty()) {
    auto gt = c.group_tenant.find(ToLowerAscii(group));
    if (gt == c.group_tenant.end() || gt->second != *t) {
      r.Problem(
          i, fmt::format("management group {} does not exist in tenant {}", group, t->ToString()));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (!c.subscription_tenant.emplace(s->ToString(), *t).second) {
    r.Problem(i, fmt::format("subscription {} appears twice", s->ToString()));
    return std::nullopt;
  }
  return DatasetSubscription{
      *t,       *s,     r.Text(i, "display_name"),
      *offer,   *state, group.empty() ? std::nullopt : std::optional<std::string>(group),
      r.Line(i)};
}

std::vector<std::string> WriteRow(const DatasetSubscription& s) {
  return {s.tenant_id.ToString(),
          s.subscription_id.ToString(),
          s.display_name,
          std::string(SubscriptionOfferName(s.offer)),
          std::string(SubscriptionStateName(s.state)),
          s.management_group_id.value_or("")};
}

}  // namespace

constinit const DatasetTable<DatasetSubscription> kSubscriptionsTable = {
    "subscriptions.csv", kColumns, kColumns, &Dataset::subscriptions, ParseRow, nullptr, WriteRow};

}  // namespace pal

#include "attribution/usage_generator.h"

#include <fmt/format.h>

#include <map>
#include <random>
#include <string>

#include "attribution/usage_row.h"
#include "core/civil_date.h"
#include "core/text.h"
#include "dataset/synthetic_resources.h"

namespace pal::attribution {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return out;
}

struct Target {
  std::string subscription;
  std::string subscription_upper;
  std::string name;
  std::string currency;
  std::vector<std::string> resources;  // as named
  std::vector<std::string> resources_lower;
  std::vector<std::string> resources_upper;
  std::vector<std::string> groups;  // resource group name of each resource
};

constexpr std::string_view kMeters[] = {"Virtual Machines", "Storage", "SQL Database",
                                        "Azure App Service", "Bandwidth"};
constexpr std::string_view kLocations[] = {"westeurope", "eastus", "northeurope", "uksouth"};

}  // namespace

void GenerateUsage(const Dataset& dataset, const UsageGeneratorOptions& options,
                   const std::function<void(std::string_view)>& write) {
  std::mt19937_64 rng(options.seed ^ 0x5eed0f05a9e5ULL);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::map<Guid, std::string> currency_of;
  for (size_t t = 0; t < dataset.tenants.size(); ++t) {
    currency_of[dataset.tenants[t].tenant_id] = t % 5 == 4 ? "EUR" : "USD";
  }
  std::vector<Target> targets;
  for (const auto& s : dataset.subscriptions) {
    Target t;
    t.subscription = s.subscription_id.ToString();
    t.subscription_upper = Upper(t.subscription);
    t.name = s.display_name;
    t.currency = currency_of[s.tenant_id];
    for (const auto& r : SyntheticResourcesOf(s.subscription_id).resources) {
      t.resources.push_back(r);
      t.resources_lower.push_back(ToLowerAscii(r));
      t.resources_upper.push_back(Upper(r));
      const auto parts = SplitOnSlash(r);  // "", subscriptions, s, resourceGroups, rg, ...
      t.groups.push_back(std::string(parts.size() > 4 ? parts[4] : ""));
    }
    targets.push_back(std::move(t));
  }
  const bool focus = options.layout == UsageLayoutKind::kFocus;
  fmt::memory_buffer out;
  if (focus) {
    fmt::format_to(std::back_inserter(out),
                   "BillingAccountId,SubAccountId,SubAccountName,ChargePeriodStart,ChargePeriodEnd,"
                   "ServiceName,"
                   "ResourceId,EffectiveCost,BillingCurrency,Tags\n");
  } else {
    fmt::format_to(
        std::back_inserter(out),
        "InvoiceSectionName,AccountName,SubscriptionId,SubscriptionName,ResourceGroup,"
        "ResourceLocation,"
        "Date,MeterCategory,Quantity,CostInBillingCurrency,BillingCurrencyCode,ResourceId,Tags\n");
  }
  if (targets.empty()) {
    write(std::string_view(out.data(), out.size()));
    return;
  }
  for (std::uint64_t i = 0; i < options.rows; ++i) {
    const Target& t = targets[pick(targets.size())];
    const size_t r = pick(t.resources.size());
    const size_t casing = pick(8);
    const std::string& resource = casing == 0  ? t.resources_upper[r]
                                  : casing < 3 ? t.resources_lower[r]
                                               : t.resources[r];
    const std::string& subscription = pick(8) == 0 ? t.subscription_upper : t.subscription;
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    CivilFromDays(options.month.first_day +
                      static_cast<std::int32_t>(pick(static_cast<size_t>(options.month.days))),
                  year, month, day);
    const std::uint64_t micros = rng() % 250'000'000;  // up to 250.000000
    const std::string_view meter = kMeters[pick(std::size(kMeters))];
    const std::string_view location = kLocations[pick(std::size(kLocations))];
    const size_t quantity = 1 + pick(24);
    std::string_view tags;
    switch (pick(6)) {
      case 0:
        tags = "\"{\"\"env\"\": \"\"prod\"\", \"\"team\"\": \"\"web, data\"\"}\"";
        break;
      case 1:
        tags = "\"{\"\"cost-center\"\": \"\"4711\"\"}\"";
        break;
      default:
        break;
    }
    if (focus) {
      fmt::format_to(
          std::back_inserter(out),
          "ea-1234,/subscriptions/{},{},{:04}-{:02}-{:02}T00:00:00Z,,{},{},{}.{:06},{},{}\n",
          subscription, t.name, year, month, day, meter, resource, micros / 1'000'000,
          micros % 1'000'000, t.currency, tags);
    } else if (options.us_dates) {
      fmt::format_to(
          std::back_inserter(out),
          "Contoso IT,Contoso EA,{},{},{},{},{:02}/{:02}/{:04},{},{},{}.{:06},{},{},{}\n",
          subscription, t.name, t.groups[r], location, month, day, year, meter, quantity,
          micros / 1'000'000, micros % 1'000'000, t.currency, resource, tags);
    } else {
      fmt::format_to(
          std::back_inserter(out),
          "Contoso IT,Contoso EA,{},{},{},{},{:04}-{:02}-{:02},{},{},{}.{:06},{},{},{}\n",
          subscription, t.name, t.groups[r], location, year, month, day, meter, quantity,
          micros / 1'000'000, micros % 1'000'000, t.currency, resource, tags);
    }
    if (out.size() > (1u << 20)) {
      write(std::string_view(out.data(), out.size()));
      out.clear();
    }
  }
  write(std::string_view(out.data(), out.size()));
}

}  // namespace pal::attribution

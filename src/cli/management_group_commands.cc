#include "cli/management_group_commands.h"

#include <fmt/format.h>

#include <cstdio>

#include "api/url_encoding.h"
#include "cli/arm_client.h"
#include "core/guid.h"

namespace pal::cli {
namespace {

constexpr std::string_view kVersion = "api-version=2021-04-01";
constexpr std::string_view kGroups = "/providers/Microsoft.Management/managementGroups";

// az prints management groups with their properties at the top level.
int Print(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

std::string GroupPath(const std::string& name) {
  return fmt::format("{}/{}", kGroups, api::PercentEncode(name));
}

std::string ParentId(const std::string& parent) {
  return parent.rfind('/', 0) == 0 ? parent : fmt::format("{}/{}", kGroups, parent);
}

}  // namespace

int RunGroup(GroupVerb verb, const GroupOptions& options) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (verb != GroupVerb::kList && options.name.empty()) {
    return PrintCliError(Error::InvalidArgument("InvalidArgument", "--name is required."));
  }
  switch (verb) {
    case GroupVerb::kList: {
      auto groups = client->ListAll(fmt::format("{}?{}", kGroups, kVersion));
      if (!groups.ok()) return PrintCliError(groups.error());
      nlohmann::json out = nlohmann::json::array();
      for (const auto& g : *groups) out.push_back(FlattenProperties(g));
      return Print(out, options.output);
    }
    case GroupVerb::kShow: {
      std::string query(kVersion);
      if (options.expand || options.recurse) query += "&$expand=children";
      if (options.recurse) query += "&$recurse=true";
      auto group = client->Get(fmt::format("{}?{}", GroupPath(options.name), query));
      if (!group.ok()) return PrintCliError(group.error());
      return Print(FlattenProperties(*group), options.output);
    }
    case GroupVerb::kCreate: {
      nlohmann::json properties = nlohmann::json::object();
      if (!options.display_name.empty()) properties["displayName"] = options.display_name;
      if (!options.parent.empty())
        properties["details"] = {{"parent", {{"id", ParentId(options.parent)}}}};
      const nlohmann::json body = {{"properties", properties}};
      auto group =
          client->Send("PUT", fmt::format("{}?{}", GroupPath(options.name), kVersion), &body);
      if (!group.ok()) return PrintCliError(group.error());
      return Print(FlattenProperties(*group), options.output);
    }
    case GroupVerb::kUpdate: {
      nlohmann::json body = nlohmann::json::object();
      if (!options.display_name.empty()) body["displayName"] = options.display_name;
      if (!options.parent.empty()) body["parentGroupId"] = ParentId(options.parent);
      if (body.empty()) {
        return PrintCliError(Error::InvalidArgument(
            "InvalidArgument", "Give --display-name and/or --parent to change."));
      }
      auto group =
          client->Send("PATCH", fmt::format("{}?{}", GroupPath(options.name), kVersion), &body);
      if (!group.ok()) return PrintCliError(group.error());
      return Print(FlattenProperties(*group), options.output);
    }
    case GroupVerb::kDelete: {
      auto deleted =
          client->Send("DELETE", fmt::format("{}?{}", GroupPath(options.name), kVersion));
      if (!deleted.ok()) return PrintCliError(deleted.error());
      return 0;
    }
    case GroupVerb::kAddSubscription:
    case GroupVerb::kRemoveSubscription: {
      if (!Guid::Parse(options.subscription)) {
        return PrintCliError(Error::InvalidArgument(
            "InvalidArgument", "--subscription must be a subscription id (a GUID)."));
      }
      const bool add = verb == GroupVerb::kAddSubscription;
      auto moved = client->Send(add ? "PUT" : "DELETE",
                                fmt::format("{}/subscriptions/{}?{}", GroupPath(options.name),
                                            options.subscription, kVersion));
      if (!moved.ok()) return PrintCliError(moved.error());
      return add ? Print(FlattenProperties(*moved), options.output) : 0;
    }
  }
  return 1;
}

int RunAccountList(OutputFormat output) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  auto subscriptions = client->ListAll("/subscriptions?api-version=2022-12-01");
  if (!subscriptions.ok()) return PrintCliError(subscriptions.error());
  // az's shape: id is the subscription id, name its display name.
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : *subscriptions) {
    out.push_back({{"cloudName", "pal"},
                   {"id", s.value("subscriptionId", "")},
                   {"isDefault", false},
                   {"name", s.value("displayName", "")},
                   {"state", s.value("state", "")},
                   {"tenantId", s.value("tenantId", "")},
                   {"user",
                    {{"name", client->profile().principal_name},
                     {"type", client->profile().principal_type}}}});
  }
  return Print(out, output);
}

}  // namespace pal::cli

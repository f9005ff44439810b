#include "cli/management_group_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
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

void RegisterManagementGroupCommands(CLI::App& app, CommandContext& context) {
  auto& group = context.Hold<GroupOptions>();
  auto* group_cmd = app.add_subcommand("group", "Management groups");
  group_cmd->require_subcommand(1);
  struct GroupVerbSpec {
    const char* name;
    const char* help;
    GroupVerb verb;
  };
  const auto choose = [&group, &context](CLI::App* cmd, GroupVerb verb) {
    context.AddOutputOption(cmd);
    context.OnChosen(cmd, [&group, &context, verb] {
      group.output = context.Format();
      return RunGroup(verb, group);
    });
  };
  for (const GroupVerbSpec& v :
       {GroupVerbSpec{"create", "Create a management group", GroupVerb::kCreate},
        GroupVerbSpec{"update", "Rename or move a management group", GroupVerb::kUpdate},
        GroupVerbSpec{"show", "Show a management group", GroupVerb::kShow},
        GroupVerbSpec{"list", "List the management groups you can read", GroupVerb::kList},
        GroupVerbSpec{"delete", "Delete an empty management group", GroupVerb::kDelete}}) {
    auto* cmd = group_cmd->add_subcommand(v.name, v.help);
    if (v.verb != GroupVerb::kList) {
      cmd->add_option("-n,--name", group.name, "Management group id")->required();
    }
    if (v.verb == GroupVerb::kCreate || v.verb == GroupVerb::kUpdate) {
      cmd->add_option("-d,--display-name", group.display_name, "Display name");
      cmd->add_option("--parent", group.parent, "Parent management group id");
    }
    if (v.verb == GroupVerb::kShow) {
      cmd->add_flag("-e,--expand", group.expand, "Include the children");
      cmd->add_flag("-r,--recurse", group.recurse, "Include the whole subtree");
    }
    choose(cmd, v.verb);
  }
  auto* group_sub = group_cmd->add_subcommand("subscription", "Subscriptions under a group");
  group_sub->require_subcommand(1);
  for (const GroupVerbSpec& v :
       {GroupVerbSpec{"add", "Move a subscription under the group", GroupVerb::kAddSubscription},
        GroupVerbSpec{"remove", "Move a subscription back to the tenant root group",
                      GroupVerb::kRemoveSubscription}}) {
    auto* cmd = group_sub->add_subcommand(v.name, v.help);
    cmd->add_option("-n,--name", group.name, "Management group id")->required();
    cmd->add_option("--subscription", group.subscription, "Subscription id")->required();
    choose(cmd, v.verb);
  }
}

}  // namespace pal::cli

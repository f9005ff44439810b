#include "cli/power_platform_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/url_encoding.h"
#include "cli/arm_client.h"
#include "core/csv.h"
#include "core/guid.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_usage.h"
#include "core/text.h"

namespace pal::cli {

const char kPowerPlatformVersion[] = "?api-version=2026-12-01";

std::string PowerPlatformEnvironmentPath(const std::string& environment) {
  return fmt::format("{}/environments/{}", kPowerPlatformProvider, api::PercentEncode(environment));
}

Result<std::string> ReadInputFile(const std::string& path) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (path.empty() || !std::filesystem::is_regular_file(path, ec) || !in) {
    return Error::InvalidArgument("InvalidArgument",
                                  fmt::format("Cannot read the file '{}'.", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

// Rows per POST of activity or profiles: well below the 1 MiB request limit.
constexpr size_t kBatchRows = 1000;

int Print(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

int PrintList(const std::vector<nlohmann::json>& items, OutputFormat output) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(FlattenProperties(item));
  return Print(out, output);
}

Error BadInput(std::string message) {
  return Error::InvalidArgument("InvalidArgument", std::move(message));
}

// An object id option (--owner, --assignee) as a GUID.
Result<std::string> ObjectId(std::string_view option, const std::string& value) {
  auto id = Guid::Parse(value);
  if (!id) return BadInput(fmt::format("{} '{}' is not an object id (a GUID).", option, value));
  return id->ToString();
}

// The collection of a product given by name (CanvasApp) or collection (canvasApps).
Result<std::string> Collection(const std::string& product) {
  auto p = ParsePowerPlatformProduct(product);
  if (!p) p = ParsePowerPlatformCollection(product);
  if (!p) {
    return BadInput(
        fmt::format("--product '{}' is not one of CanvasApp, ModelDrivenApp, Flow, Dataset, Bot, "
                    "CustomerInsightsInstance.",
                    product));
  }
  return std::string(PowerPlatformCollection(*p));
}

}  // namespace

int RunEnvironment(EnvironmentVerb verb, const PowerPlatformOptions& o) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (verb == EnvironmentVerb::kList) {
    auto items = client->ListAll(
        fmt::format("{}/environments{}", kPowerPlatformProvider, kPowerPlatformVersion));
    return items.ok() ? PrintList(*items, o.output) : PrintCliError(items.error());
  }
  const std::string path = PowerPlatformEnvironmentPath(o.name) + kPowerPlatformVersion;
  switch (verb) {
    case EnvironmentVerb::kShow: {
      auto env = client->Get(path);
      return env.ok() ? Print(FlattenProperties(*env), o.output) : PrintCliError(env.error());
    }
    case EnvironmentVerb::kDelete: {
      auto deleted = client->Send("DELETE", path);
      return deleted.ok() ? 0 : PrintCliError(deleted.error());
    }
    case EnvironmentVerb::kCreate:
    case EnvironmentVerb::kUpdate: {
      nlohmann::json properties = nlohmann::json::object();
      if (verb == EnvironmentVerb::kUpdate) {
        if (o.display_name.empty() && o.type.empty() && !o.paid) {
          return PrintCliError(
              BadInput("Give --display-name, --type, --paid or --unpaid to change."));
        }
        // A PUT replaces the properties: start from the environment as it is.
        auto current = client->Get(path);
        if (!current.ok()) return PrintCliError(current.error());
        const nlohmann::json& was = (*current)["properties"];
        for (const char* key : {"displayName", "environmentType", "paid"}) {
          if (was.is_object() && was.contains(key)) properties[key] = was[key];
        }
      } else if (o.type.empty()) {
        return PrintCliError(
            BadInput("--type (Production, Sandbox, Trial or Developer) is required."));
      }
      if (!o.display_name.empty()) properties["displayName"] = o.display_name;
      if (!o.type.empty()) properties["environmentType"] = o.type;
      if (o.paid) properties["paid"] = *o.paid;
      if (verb == EnvironmentVerb::kCreate && !properties.contains("paid"))
        properties["paid"] = false;
      const nlohmann::json body = {{"properties", properties}};
      auto env = client->Send("PUT", path, &body);
      return env.ok() ? Print(FlattenProperties(*env), o.output) : PrintCliError(env.error());
    }
    case EnvironmentVerb::kList:
      break;
  }
  return 1;
}

int RunEnvironmentMember(MemberVerb verb, const PowerPlatformOptions& o) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  const std::string members = PowerPlatformEnvironmentPath(o.environment) + "/members";
  if (verb == MemberVerb::kList) {
    auto items = client->ListAll(members + kPowerPlatformVersion);
    return items.ok() ? PrintList(*items, o.output) : PrintCliError(items.error());
  }
  auto assignee = ObjectId("--assignee", o.assignee);
  if (!assignee.ok()) return PrintCliError(assignee.error());
  const std::string path = fmt::format("{}/{}{}", members, *assignee, kPowerPlatformVersion);
  if (verb == MemberVerb::kRemove) {
    auto removed = client->Send("DELETE", path);
    return removed.ok() ? 0 : PrintCliError(removed.error());
  }
  if (o.role.empty())
    return PrintCliError(BadInput("--role (EnvironmentAdmin or EnvironmentMaker) is required."));
  const nlohmann::json body = {{"properties", {{"role", o.role}}}};
  auto member = client->Send("PUT", path, &body);
  return member.ok() ? Print(FlattenProperties(*member), o.output) : PrintCliError(member.error());
}

int RunResource(ResourceVerb verb, const PowerPlatformOptions& o) {
  if (verb == ResourceVerb::kList && o.product.empty()) {
    auto client = ArmClient::FromProfile();
    if (!client.ok()) return PrintCliError(client.error());
    auto items = client->ListAll(PowerPlatformEnvironmentPath(o.environment) + "/resources" +
                                 kPowerPlatformVersion);
    return items.ok() ? PrintList(*items, o.output) : PrintCliError(items.error());
  }
  auto collection = Collection(o.product);
  if (!collection.ok()) return PrintCliError(collection.error());
  Result<std::string> principal = std::string();
  if (verb == ResourceVerb::kSetOwner) principal = ObjectId("--owner", o.owner);
  if (verb == ResourceVerb::kAddCoOwner || verb == ResourceVerb::kRemoveCoOwner) {
    principal = ObjectId("--assignee", o.assignee);
  }
  if (!principal.ok()) return PrintCliError(principal.error());
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  const std::string base =
      fmt::format("{}/{}", PowerPlatformEnvironmentPath(o.environment), *collection);
  if (verb == ResourceVerb::kList) {
    auto items = client->ListAll(base + kPowerPlatformVersion);
    return items.ok() ? PrintList(*items, o.output) : PrintCliError(items.error());
  }
  const std::string resource = fmt::format("{}/{}", base, api::PercentEncode(o.name));
  Result<nlohmann::json> answer = nlohmann::json();
  switch (verb) {
    case ResourceVerb::kCreate: {
      nlohmann::json properties = nlohmann::json::object();
      if (!o.display_name.empty()) properties["displayName"] = o.display_name;
      const nlohmann::json body = {{"properties", properties}};
      answer = client->Send("PUT", resource + kPowerPlatformVersion, &body);
      break;
    }
    case ResourceVerb::kShow:
      answer = client->Get(resource + kPowerPlatformVersion);
      break;
    case ResourceVerb::kDelete:
      answer = client->Send("DELETE", resource + kPowerPlatformVersion);
      if (answer.ok()) return 0;
      break;
    case ResourceVerb::kHistory: {
      auto items = client->ListAll(resource + "/ownershipHistory" + kPowerPlatformVersion);
      return items.ok() ? PrintList(*items, o.output) : PrintCliError(items.error());
    }
    case ResourceVerb::kSetOwner: {
      if (o.channel.empty())
        return PrintCliError(
            BadInput("--channel (gui, powershell, pp-cli or devops) is required."));
      const nlohmann::json body = {{"owner", *principal}, {"channel", o.channel}};
      answer = client->Send("POST", resource + "/setOwner" + kPowerPlatformVersion, &body);
      break;
    }
    case ResourceVerb::kAddCoOwner:
    case ResourceVerb::kRemoveCoOwner:
      answer = client->Send(
          verb == ResourceVerb::kAddCoOwner ? "PUT" : "DELETE",
          fmt::format("{}/coOwners/{}{}", resource, *principal, kPowerPlatformVersion));
      break;
    case ResourceVerb::kList:
      break;
  }
  return answer.ok() ? Print(FlattenProperties(*answer), o.output) : PrintCliError(answer.error());
}

int RunUsageFile(UsageFileKind kind, const PowerPlatformOptions& o) {
  const bool activity = kind == UsageFileKind::kActivity;
  // Read and check the whole file before anything is sent.
  auto text = ReadInputFile(o.file);
  if (!text.ok()) return PrintCliError(text.error());
  auto table = ParseCsv(*text, o.file);
  if (!table.ok()) return PrintCliError(table.error());
  const std::vector<std::string> columns =
      activity ? std::vector<std::string>{"date", "resource_id", "user_id"}
               : std::vector<std::string>{"date", "resource_id", "unified_profiles"};
  std::vector<size_t> at;
  for (const auto& column : columns) {
    auto index = table->Column(column);
    if (!index) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidCsv", fmt::format("{}: the header has no '{}' column (expected {}).", o.file,
                                    column, fmt::join(columns, ","))));
    }
    at.push_back(*index);
  }
  std::vector<nlohmann::json> rows;
  rows.reserve(table->rows.size());
  for (size_t i = 0; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i];
    auto cell = [&](size_t c) {
      return at[c] < row.size() ? std::string(Trim(row[at[c]])) : std::string();
    };
    if (activity) {
      rows.push_back({{"date", cell(0)}, {"resourceId", cell(1)}, {"userId", cell(2)}});
      continue;
    }
    auto value = ParseUnsigned(cell(2));
    if (!value) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidCsv", fmt::format("{}:{}: unified_profiles '{}' is not a count.", o.file,
                                    table->lines[i], cell(2))));
    }
    rows.push_back({{"date", cell(0)}, {"resourceId", cell(1)}, {"unifiedProfiles", *value}});
  }
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  const std::string path = PowerPlatformEnvironmentPath(o.environment) +
                           (activity ? "/activity" : "/unifiedProfiles") + kPowerPlatformVersion;
  std::uint64_t received = 0, added = 0;
  for (size_t first = 0; first < rows.size(); first += kBatchRows) {
    const size_t last = std::min(rows.size(), first + kBatchRows);
    const nlohmann::json body = {{"value", nlohmann::json(std::vector<nlohmann::json>(
                                               rows.begin() + first, rows.begin() + last))}};
    auto answer = client->Send("POST", path, &body);
    if (!answer.ok()) {
      // The server's index counts from the batch's first row: say which lines the batch held.
      Error error = answer.error();
      error.message += fmt::format(" (the batch of lines {}-{} of {}", table->lines[first],
                                   table->lines[last - 1], o.file);
      error.message +=
          first == 0 ? ")" : fmt::format("; the {} rows before it were posted)", first);
      return PrintCliError(error);
    }
    received += answer->value("received", std::uint64_t{0});
    added += answer->value("added", std::uint64_t{0});
  }
  return Print({{"file", o.file}, {"received", received}, {"added", added}}, o.output);
}

}  // namespace pal::cli

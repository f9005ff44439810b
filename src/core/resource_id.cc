#include "core/resource_id.h"

#include <fmt/format.h>

#include "core/guid.h"
#include "core/text.h"

namespace pal {
namespace {

constexpr size_t kMaxIdLength = 4096;
constexpr size_t kMaxNameLength = 260;
constexpr size_t kMaxGroupNameLength = 90;

Error Invalid(std::string_view text, std::string_view problem) {
  return Error::InvalidArgument("InvalidScope",
                                fmt::format("The scope '{}' is not valid: {}.", text, problem));
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsValidGroupLikeName(std::string_view name) {
  if (name.empty() || name.size() > kMaxGroupNameLength) return false;
  for (char c : name) {
    if (!IsWordChar(c) && c != '-' && c != '.' && c != '(' && c != ')') return false;
  }
  return true;
}

// "Microsoft.Compute": dot-separated runs of letters and digits, at least two.
bool IsValidNamespace(std::string_view ns) {
  size_t parts = 0;
  while (true) {
    const size_t dot = ns.find('.');
    std::string_view part = ns.substr(0, dot);
    if (part.empty()) return false;
    for (char c : part) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    ns.remove_prefix(dot + 1);
  }
  return parts >= 2;
}

bool IsValidTypeOrName(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameLength) return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F || c == '?' || c == '#' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::string_view ScopeLevelName(ScopeLevel level) {
  switch (level) {
    case ScopeLevel::kRoot:
      return "root";
    case ScopeLevel::kManagementGroup:
      return "managementGroup";
    case ScopeLevel::kSubscription:
      return "subscription";
    case ScopeLevel::kResourceGroup:
      return "resourceGroup";
    case ScopeLevel::kResource:
      return "resource";
  }
  return "root";
}

bool IsValidResourceGroupName(std::string_view name) {
  return IsValidGroupLikeName(name) && name.back() != '.';
}

bool IsValidManagementGroupName(std::string_view name) { return IsValidResourceGroupName(name); }

ResourceId ResourceId::Root() { return ResourceId(); }

Result<ResourceId> ResourceId::Parse(std::string_view text) {
  if (text.size() > kMaxIdLength) return Invalid(text.substr(0, 80), "it is too long");
  std::string_view path = text;
  if (path.empty() || path.front() != '/') return Invalid(text, "it must start with '/'");
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  ResourceId id;
  const auto segments = SplitOnSlash(path);
  for (auto segment : segments) {
    if (segment.empty()) return Invalid(text, "it has an empty segment ('//')");
  }
  size_t i = 0;
  auto remaining = [&] { return segments.size() - i; };
  if (remaining() >= 4 && EqualsIgnoreCase(segments[0], "providers") &&
      EqualsIgnoreCase(segments[1], "Microsoft.Management") &&
      EqualsIgnoreCase(segments[2], "managementGroups")) {
    if (!IsValidGroupLikeName(segments[3])) {
      return Invalid(text, fmt::format("'{}' is not a valid management group id", segments[3]));
    }
    id.management_group_ = std::string(segments[3]);
    i = 4;
  } else if (remaining() >= 1 && EqualsIgnoreCase(segments[0], "subscriptions")) {
    if (remaining() < 2) return Invalid(text, "the subscription id is missing");
    if (!Guid::Parse(segments[1])) {
      return Invalid(text, fmt::format("'{}' is not a subscription id (a GUID)", segments[1]));
    }
    id.subscription_id_ = std::string(segments[1]);
    i = 2;
    if (remaining() >= 1 && EqualsIgnoreCase(segments[i], "resourceGroups")) {
      if (remaining() < 2) return Invalid(text, "the resource group name is missing");
      if (!IsValidResourceGroupName(segments[i + 1])) {
        return Invalid(text,
                       fmt::format("'{}' is not a valid resource group name", segments[i + 1]));
      }
      id.resource_group_ = std::string(segments[i + 1]);
      i += 2;
    }
  }
  while (remaining() > 0) {
    if (!EqualsIgnoreCase(segments[i], "providers")) {
      return Invalid(text,
                     fmt::format("'{}' was found where 'providers' was expected", segments[i]));
    }
    if (remaining() < 4) {
      return Invalid(text, "'providers' must be followed by a namespace, a type and a name");
    }
    if (!IsValidNamespace(segments[i + 1])) {
      return Invalid(text,
                     fmt::format("'{}' is not a resource provider namespace", segments[i + 1]));
    }
    ProviderPath provider{std::string(segments[i + 1]), {}};
    i += 2;
    while (remaining() >= 2 && !EqualsIgnoreCase(segments[i], "providers")) {
      if (!IsValidTypeOrName(segments[i]) || !IsValidTypeOrName(segments[i + 1])) {
        return Invalid(text, "a resource type or name has characters that are not allowed");
      }
      provider.types.emplace_back(std::string(segments[i]), std::string(segments[i + 1]));
      i += 2;
    }
    if (provider.types.empty()) return Invalid(text, "a resource type and name are missing");
    if (remaining() == 1) {
      return Invalid(text, fmt::format("the resource type '{}' has no name", segments[i]));
    }
    id.providers_.push_back(std::move(provider));
  }
  id.Finish();
  return id;
}

void ResourceId::Finish() {
  // Appended piece by piece: g++ 12 -O3 reports -Wrestrict false positives on string `+`.
  text_.clear();
  auto append = [this](std::string_view prefix, std::string_view value) {
    text_.append(prefix);
    text_.append(value);
  };
  if (management_group_)
    append("/providers/Microsoft.Management/managementGroups/", *management_group_);
  if (subscription_id_) append("/subscriptions/", *subscription_id_);
  if (resource_group_) append("/resourceGroups/", *resource_group_);
  for (const auto& provider : providers_) {
    append("/providers/", provider.provider_namespace);
    for (const auto& [type, name] : provider.types) {
      append("/", type);
      append("/", name);
    }
  }
  if (text_.empty()) text_.push_back('/');
  key_ = ToLowerAscii(text_);
}

ScopeLevel ResourceId::level() const {
  // The first provider run below a resource group is a resource; any run after that, or
  // any run directly at a subscription, group or root, is an extension.
  if (resource_group_ && !providers_.empty()) return ScopeLevel::kResource;
  if (resource_group_) return ScopeLevel::kResourceGroup;
  if (subscription_id_) return ScopeLevel::kSubscription;
  if (management_group_) return ScopeLevel::kManagementGroup;
  return ScopeLevel::kRoot;
}

bool ResourceId::IsScope() const {
  if (resource_group_) return providers_.size() <= 1;
  return providers_.empty();
}

std::optional<ResourceId> ResourceId::Parent() const {
  ResourceId parent = *this;
  if (!parent.providers_.empty()) {
    auto& last = parent.providers_.back();
    if (last.types.size() > 1) {
      last.types.pop_back();  // a child resource's parent is the enclosing resource
    } else {
      parent.providers_.pop_back();
    }
  } else if (parent.resource_group_) {
    parent.resource_group_.reset();
  } else {
    return std::nullopt;
  }
  parent.Finish();
  return parent;
}

bool ResourceId::Contains(const ResourceId& other) const {
  if (key_ == "/") return true;
  return other.key_ == key_ ||
         (other.key_.size() > key_.size() && other.key_.compare(0, key_.size(), key_) == 0 &&
          other.key_[key_.size()] == '/');
}

}  // namespace pal

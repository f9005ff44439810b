#pragma once

#include <string>
#include <vector>

#include "core/guid.h"

namespace pal {

// The resource groups and resources the synthetic data set and usage generators give every
// subscription: three resource groups (one with a mixed-case name), parent and nested child
// resources (a web app and its slot, a SQL server and its databases), as ARM ids.
struct SyntheticResources {
  std::vector<std::string> resource_groups;  // "/subscriptions/{s}/resourceGroups/{rg}"
  std::vector<std::string> resources;        // ".../providers/{ns}/{type}/{name}[/{type}/{name}]"
};
SyntheticResources SyntheticResourcesOf(const Guid& subscription);

}  // namespace pal

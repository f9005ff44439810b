#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/power_platform_usage.h"
#include "core/result.h"

namespace pal {

// A Power Platform solution: a named, versioned set of components carried from one
// environment to another. Importing it makes the importer the owner of every component
// (docs/attribution-rules.md, B6).
struct SolutionComponent {
  PowerPlatformProduct product = PowerPlatformProduct::kCanvasApp;
  std::string name;
  std::string display_name;
};

struct Solution {
  std::string name;              // 1-64 letters, digits and '_'
  std::string version = "1.0.0.0";  // four dot-separated numbers
  bool managed = true;
  std::string exported_from;     // environment name; informational
  Timestamp exported_on = 0;
  std::vector<SolutionComponent> components;
};

// Whether a product's resources can be part of a solution: canvas apps, model-driven apps and
// flows can; datasets, bots and Customer Insights instances cannot.
bool IsSolutionAware(PowerPlatformProduct product);

// Ok when the name and version are well formed, there is at least one component, every
// component is solution-aware with a valid name, and no (product, name) appears twice. Errors
// InvalidArgument: InvalidSolutionName, InvalidSolutionVersion, EmptySolution,
// ComponentNotSolutionAware (naming the component and the products that can be), InvalidResourceName,
// DuplicateSolutionComponent.
Result<void> ValidateSolution(const Solution& solution);

}  // namespace pal

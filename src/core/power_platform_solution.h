#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/power_platform_resource.h"
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
  std::string name;                 // 1-64 letters, digits and '_'
  std::string version = "1.0.0.0";  // four dot-separated numbers
  bool managed = true;
  std::string exported_from;  // environment name; informational
  Timestamp exported_on = 0;
  std::vector<SolutionComponent> components;
};

// What importing a solution did, or why the importer may not import it (then nothing changed):
// the importer's right is decided in the transaction that writes the import, so no concurrent
// change of an owner or a membership slips between the check and the write.
struct SolutionImport {
  enum class Refusal {
    kNone,
    kNotMaker,  // the importer is no member (maker or admin) of the environment
    kNotOwner,  // a component exists and someone else owns it; the importer is no admin
  };
  Refusal refusal = Refusal::kNone;
  std::optional<size_t> component;  // kNotOwner: the index of the first such component
  std::vector<PowerPlatformResourceRecord> components;  // kNone: as stored, in the solution's order
};

// Whether a product's resources can be part of a solution: canvas apps, model-driven apps and
// flows can; datasets, bots and Customer Insights instances cannot.
bool IsSolutionAware(PowerPlatformProduct product);

// Ok when the name and version are well formed, there is at least one component, every
// component is solution-aware with a valid name, and no (product, name) appears twice. Errors
// InvalidArgument: InvalidSolutionName, InvalidSolutionVersion, EmptySolution,
// ComponentNotSolutionAware (naming the component and the products that can be),
// InvalidResourceName, DuplicateSolutionComponent.
Result<void> ValidateSolution(const Solution& solution);

}  // namespace pal

// The command-line tree of the Power Platform client commands (see power_platform_commands.h).
#include <CLI/CLI.hpp>
#include <functional>
#include <tuple>

#include "cli/power_platform_commands.h"

namespace pal::cli {
namespace {

constexpr const char* kProducts =
    "CanvasApp, ModelDrivenApp, Flow, Dataset, Bot or CustomerInsightsInstance";
constexpr const char* kChannels = "gui, powershell, pp-cli or devops";

// What the chosen command fills in; one command runs per process.
struct State {
  PowerPlatformOptions options;
  bool paid = false;
  bool unpaid = false;
  bool model_driven = false;
  bool unmanaged = false;
};

using Runner = std::function<int(PowerPlatformOptions&)>;

class Tree {
 public:
  explicit Tree(CommandContext& context) : context_(context), state_(context.Hold<State>()) {}

  PowerPlatformOptions& o() { return state_.options; }
  State& s() { return state_; }

  // A leaf command with -o; choosing it makes `run` the action.
  CLI::App* Leaf(CLI::App* parent, const char* name, const char* help, Runner run) {
    CLI::App* cmd = parent->add_subcommand(name, help);
    context_.AddOutputOption(cmd);
    context_.OnChosen(cmd, [&context = context_, &state = state_, run = std::move(run)] {
      state.options.output = context.Format();
      return run(state.options);
    });
    return cmd;
  }

  static CLI::App* Group(CLI::App* parent, const char* name, const char* help) {
    CLI::App* cmd = parent->add_subcommand(name, help);
    cmd->require_subcommand(1);
    return cmd;
  }

  void Environment(CLI::App* cmd) {
    cmd->add_option("--environment", o().environment, "Environment name")->required();
  }

 private:
  CommandContext& context_;
  State& state_;
};

void AddEnvironmentCommands(Tree& t, CLI::App* pp) {
  CLI::App* env = Tree::Group(pp, "environment", "Environments of your tenant");
  auto& o = t.o();
  struct Spec {
    const char* name;
    const char* help;
    EnvironmentVerb verb;
  };
  for (const Spec& v : {Spec{"create", "Create an environment (you become its EnvironmentAdmin)",
                             EnvironmentVerb::kCreate},
                        Spec{"list", "List your tenant's environments", EnvironmentVerb::kList},
                        Spec{"show", "Show an environment", EnvironmentVerb::kShow},
                        Spec{"update", "Change an environment's display name, type or paid flag",
                             EnvironmentVerb::kUpdate},
                        Spec{"delete", "Delete an environment that holds no resources",
                             EnvironmentVerb::kDelete}}) {
    const EnvironmentVerb verb = v.verb;
    State& s = t.s();
    CLI::App* cmd = t.Leaf(env, v.name, v.help, [verb, &s](PowerPlatformOptions& options) {
      if (s.paid || s.unpaid) options.paid = s.paid;
      return RunEnvironment(verb, options);
    });
    if (verb == EnvironmentVerb::kList) continue;
    cmd->add_option("-n,--name", o.name, "Environment name")->required();
    if (verb != EnvironmentVerb::kCreate && verb != EnvironmentVerb::kUpdate) continue;
    cmd->add_option("--display-name", o.display_name, "Display name");
    auto* type = cmd->add_option("--type", o.type, "Production, Sandbox, Trial or Developer");
    if (verb == EnvironmentVerb::kCreate) type->required();
    auto* paid = cmd->add_flag("--paid", s.paid,
                               "Paid capacity (attribution credits paid Production environments)");
    if (verb == EnvironmentVerb::kUpdate) {
      cmd->add_flag("--unpaid", s.unpaid, "No paid capacity")->excludes(paid);
    }
  }

  CLI::App* member =
      Tree::Group(env, "member", "Members of an environment: EnvironmentAdmin or EnvironmentMaker");
  CLI::App* add =
      t.Leaf(member, "add", "Add a member or change its role", [](PowerPlatformOptions& options) {
        return RunEnvironmentMember(MemberVerb::kAdd, options);
      });
  t.Environment(add);
  add->add_option("--assignee", o.assignee, "Principal object id")->required();
  add->add_option("--role", o.role, "EnvironmentAdmin or EnvironmentMaker")->required();
  CLI::App* remove = t.Leaf(member, "remove", "Remove a member", [](PowerPlatformOptions& options) {
    return RunEnvironmentMember(MemberVerb::kRemove, options);
  });
  t.Environment(remove);
  remove->add_option("--assignee", o.assignee, "Principal object id")->required();
  CLI::App* list = t.Leaf(member, "list", "List the members", [](PowerPlatformOptions& options) {
    return RunEnvironmentMember(MemberVerb::kList, options);
  });
  t.Environment(list);
}

void AddResourceCommands(Tree& t, CLI::App* pp) {
  auto& o = t.o();
  CLI::App* resource =
      Tree::Group(pp, "resource", "Apps, flows, datasets, bots and Customer Insights instances");
  struct Spec {
    const char* name;
    const char* help;
    ResourceVerb verb;
  };
  for (const Spec& v :
       {Spec{"create", "Create a resource (you become its owner)", ResourceVerb::kCreate},
        Spec{"show", "Show a resource", ResourceVerb::kShow},
        Spec{"delete", "Delete a resource (its owner)", ResourceVerb::kDelete},
        Spec{"list", "List an environment's resources", ResourceVerb::kList},
        Spec{"history", "A resource's ownership history", ResourceVerb::kHistory}}) {
    const ResourceVerb verb = v.verb;
    CLI::App* cmd = t.Leaf(resource, v.name, v.help, [verb](PowerPlatformOptions& options) {
      return RunResource(verb, options);
    });
    t.Environment(cmd);
    auto* product = cmd->add_option("--product", o.product, kProducts);
    if (verb == ResourceVerb::kList) continue;
    product->required();
    cmd->add_option("-n,--name", o.name, "Resource name")->required();
    if (verb == ResourceVerb::kCreate)
      cmd->add_option("--display-name", o.display_name, "Display name");
  }
  CLI::App* owner = Tree::Group(resource, "owner", "A resource's owner");
  CLI::App* set = t.Leaf(
      owner, "set", "Give a resource another owner through a channel",
      [](PowerPlatformOptions& options) { return RunResource(ResourceVerb::kSetOwner, options); });
  t.Environment(set);
  set->add_option("--product", o.product, kProducts)->required();
  set->add_option("-n,--name", o.name, "Resource name")->required();
  set->add_option("--owner", o.owner, "The new owner's object id")->required();
  set->add_option("--channel", o.channel, kChannels)->required();
}

void AddUsageCommands(Tree& t, CLI::App* pp) {
  auto& o = t.o();
  for (const auto& [group, help, kind] :
       {std::tuple{"activity", "Daily active users (date,resource_id,user_id)",
                   UsageFileKind::kActivity},
        std::tuple{"profiles",
                   "Customer Insights unified profiles (date,resource_id,unified_profiles)",
                   UsageFileKind::kProfiles}}) {
    CLI::App* cmd = Tree::Group(pp, group, help);
    const UsageFileKind k = kind;
    CLI::App* add = t.Leaf(cmd, "add", "Post the rows of a data set CSV file, 1000 at a time",
                           [k](PowerPlatformOptions& options) { return RunUsageFile(k, options); });
    t.Environment(add);
    add->add_option("--file", o.file, "CSV file with a header row")->required();
  }
}

// `owner set` of one product, with the channel Microsoft's tool for it uses by default.
CLI::App* AddOwnerSet(Tree& t, CLI::App* parent, const char* name_option, const char* name_help,
                      std::string product, std::string default_channel) {
  auto& o = t.o();
  CLI::App* owner = Tree::Group(parent, "owner", "The owner");
  State& s = t.s();
  CLI::App* set = t.Leaf(owner, "set", "Give it another owner",
                         [product, default_channel, &s](PowerPlatformOptions& options) {
                           if (options.product.empty())
                             options.product = s.model_driven ? "ModelDrivenApp" : product;
                           if (options.channel.empty()) {
                             options.channel =
                                 options.product == "ModelDrivenApp" ? "pp-cli" : default_channel;
                           }
                           return RunResource(ResourceVerb::kSetOwner, options);
                         });
  t.Environment(set);
  set->add_option(name_option, o.name, name_help)->required();
  set->add_option("--owner", o.owner, "The new owner's object id")->required();
  set->add_option("--channel", o.channel,
                  std::string(kChannels) + " (default " + default_channel + ")");
  return set;
}

void AddProductCommands(Tree& t, CLI::App& app) {
  auto& o = t.o();
  State& s = t.s();
  CLI::App* powerapp =
      Tree::Group(&app, "powerapp", "Power Apps (like the PowerApps admin cmdlets)");
  CLI::App* set = AddOwnerSet(t, powerapp, "--app", "App name", "CanvasApp", "powershell");
  auto* model_driven = set->add_flag("--model-driven", s.model_driven,
                                     "A model-driven app (default channel pp-cli)");
  set->add_option("--product", o.product, "CanvasApp (default) or ModelDrivenApp")
      ->check(CLI::IsMember({"CanvasApp", "ModelDrivenApp"}))
      ->excludes(model_driven);
  CLI::App* coowner = Tree::Group(powerapp, "coowner", "Co-owners of a canvas app");
  for (const bool add : {true, false}) {
    CLI::App* cmd =
        t.Leaf(coowner, add ? "add" : "remove", add ? "Add a co-owner" : "Remove a co-owner",
               [add](PowerPlatformOptions& options) {
                 options.product = "CanvasApp";
                 return RunResource(add ? ResourceVerb::kAddCoOwner : ResourceVerb::kRemoveCoOwner,
                                    options);
               });
    t.Environment(cmd);
    cmd->add_option("--app", o.name, "Canvas app name")->required();
    cmd->add_option("--assignee", o.assignee, "The co-owner's object id (a user or guest)")
        ->required();
  }

  CLI::App* flow = Tree::Group(&app, "flow", "Power Automate flows (like Set-AdminFlowOwnerRole)");
  AddOwnerSet(t, flow, "--flow", "Flow name", "Flow", "powershell");

  CLI::App* powerbi = Tree::Group(&app, "powerbi", "Power BI datasets");
  CLI::App* publish = t.Leaf(powerbi, "publish", "Publish a dataset (you become its publisher)",
                             [](PowerPlatformOptions& options) {
                               options.product = "Dataset";
                               return RunResource(ResourceVerb::kCreate, options);
                             });
  t.Environment(publish);
  publish->add_option("-n,--name", o.name, "Dataset name")->required();
  publish->add_option("--display-name", o.display_name, "Display name");
  CLI::App* dataset = Tree::Group(powerbi, "dataset", "Datasets");
  AddOwnerSet(t, dataset, "--name", "Dataset name", "Dataset", "powershell");

  CLI::App* solution = Tree::Group(&app, "solution", "Solutions (like pac solution)");
  CLI::App* exp =
      t.Leaf(solution, "export", "Export components of an environment as a solution file",
             [&s](PowerPlatformOptions& options) {
               if (s.unmanaged) options.managed = false;
               return RunSolutionExport(options);
             });
  t.Environment(exp);
  exp->add_option("-n,--name", o.name, "Solution name")->required();
  exp->add_option("--version", o.solution_version, "Version, four numbers (default 1.0.0.0)");
  auto* managed = exp->add_flag("--managed", o.managed, "A managed solution");
  exp->add_flag("--unmanaged", s.unmanaged, "An unmanaged solution (the default)")
      ->excludes(managed);
  exp->add_option("--component", o.components,
                  "A component: {collection}/{name} (canvasApps/app1) or a resource id")
      ->required();
  exp->add_option("-p,--path", o.path, "The solution file to write")->required();
  exp->add_flag("--overwrite", o.overwrite, "Replace the file if it exists");
  CLI::App* imp =
      t.Leaf(solution, "import", "Import a solution file (you become the owner of its components)",
             [](PowerPlatformOptions& options) { return RunSolutionImport(options); });
  t.Environment(imp);
  imp->add_option("-p,--path", o.path, "The solution file to read")->required();
}

}  // namespace

void RegisterPowerPlatformCommands(CLI::App& app, CommandContext& context) {
  Tree tree(context);
  CLI::App* pp =
      Tree::Group(&app, "powerplatform", "Power Platform environments, resources and activity");
  AddEnvironmentCommands(tree, pp);
  AddResourceCommands(tree, pp);
  AddUsageCommands(tree, pp);
  AddProductCommands(tree, app);
}

}  // namespace pal::cli

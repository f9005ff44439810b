#include "server/pal_service_builder.h"

#include <utility>

#include "api/management_groups_api.h"
#include "api/resource_groups_api.h"
#include "api/role_assignments_api.h"
#include "api/role_definitions_api.h"

namespace pal::server {

struct PalServiceObjects::Handlers {
  Handlers(const PalServiceDependencies& d, PalServiceSettings& settings)
      : tokens(d.store, d.signing_key, d.issuer, d.clock, std::move(settings.tokens),
               settings.run_blocking),
        management_partner(d.store, settings.operations_page_size),
        authorizer(d.store),
        role_definitions(authorizer),
        role_assignments(d.store, authorizer, d.clock),
        subscriptions(d.store, settings.run_blocking),
        resource_groups(d.store, authorizer, d.clock),
        management_groups(d.store, authorizer, d.clock),
        managed_services(d.store, authorizer, d.clock, settings.run_blocking),
        partner_of_record(d.store, authorizer, settings.run_blocking),
        power_platform(d.store, authorizer, d.clock, settings.run_blocking),
        directory(d.store, settings.run_blocking),
        insights(d.store, d.insights_engine, settings.run_blocking),
        router(settings.run_blocking) {
    subscriptions.AddRoutes(router);
    // Role definitions and assignments before the providers after them: a path ending in one is
    // theirs whatever scope precedes it (an extension resource), a management group's included.
    role_definitions.AddRoutes(router);
    role_assignments.AddRoutes(router);
    management_groups.AddRoutes(router);
    resource_groups.AddRoutes(router);
  }

  api::ArmApis Apis() {
    return {.management_partner = management_partner,
            .subscriptions = subscriptions,
            .managed_services = managed_services,
            .partner_of_record = partner_of_record,
            .power_platform = power_platform,
            .directory = directory,
            .insights = insights};
  }

  api::TokenService tokens;
  api::ManagementPartnerApi management_partner;
  service::ScopeAuthorizer authorizer;
  api::RoleDefinitionsApi role_definitions;
  api::RoleAssignmentsApi role_assignments;
  api::SubscriptionsApi subscriptions;
  api::ResourceGroupsApi resource_groups;
  api::ManagementGroupsApi management_groups;
  api::ManagedServicesApi managed_services;
  api::PartnerOfRecordApi partner_of_record;
  api::PowerPlatformApi power_platform;
  api::DirectoryApi directory;
  api::InsightsApi insights;
  // The resources of the providers above that are on the route table, in matching order.
  api::ArmRouter router;
};

PalServiceObjects::PalServiceObjects(const PalServiceDependencies& dependencies,
                                     PalServiceSettings settings)
    : handlers_(std::make_unique<Handlers>(dependencies, settings)),
      service_(std::make_unique<api::PalService>(handlers_->tokens, dependencies.verifier,
                                                 handlers_->router, handlers_->Apis(),
                                                 settings.portal, std::move(settings.operations))) {
}

PalServiceObjects::~PalServiceObjects() = default;

std::unique_ptr<PalServiceObjects> BuildPalService(const PalServiceDependencies& dependencies,
                                                   PalServiceSettings settings) {
  return std::make_unique<PalServiceObjects>(dependencies, std::move(settings));
}

}  // namespace pal::server

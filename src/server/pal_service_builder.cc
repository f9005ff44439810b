#include "server/pal_service_builder.h"

#include <utility>

#include "api/directory_api.h"
#include "api/insights_api.h"
#include "api/managed_services_api.h"
#include "api/management_groups_api.h"
#include "api/management_partner_api.h"
#include "api/partner_of_record_api.h"
#include "api/partner_organisations_api.h"
#include "api/power_platform_api.h"
#include "api/resource_groups_api.h"
#include "api/role_assignments_api.h"
#include "api/role_definitions_api.h"
#include "api/subscriptions_api.h"

namespace pal::server {

struct PalServiceObjects::Handlers {
  Handlers(const PalServiceDependencies& d, PalServiceSettings& settings)
      : metadata({.base_urls = settings.tokens.base_urls, .audiences = settings.tokens.audiences}),
        managed_identity(
            d.store, d.issuer,
            {.base_urls = settings.tokens.base_urls, .audiences = settings.tokens.audiences}),
        tokens(d.store, d.signing_key, d.issuer, d.clock, std::move(settings.tokens),
               settings.run_blocking),
        management_partner(d.store, settings.operations_page_size),
        authorizer(d.store),
        role_definitions(authorizer),
        role_assignments(d.store, authorizer, d.clock),
        subscriptions(d.store, settings.run_blocking),
        resource_groups(d.store, authorizer, d.clock),
        management_groups(d.store, authorizer, d.clock),
        managed_services(d.store, authorizer, d.clock),
        partner_of_record(d.store, authorizer),
        power_platform(d.store, authorizer, d.clock),
        directory(d.store),
        insights(d.store, d.insights_engine),
        partner_organisations(d.store),
        router(settings.run_blocking) {
    subscriptions.AddRoutes(router);
    // In the order the providers claimed paths before the route table: those under a provider
    // namespace of their own first, then the extension resources that may follow any scope
    // (role definitions and assignments, DPOR, Lighthouse), then management and resource groups.
    management_partner.AddRoutes(router);
    directory.AddRoutes(router);
    power_platform.AddRoutes(router);
    partner_organisations.AddRoutes(router);
    role_definitions.AddRoutes(router);
    role_assignments.AddRoutes(router);
    partner_of_record.AddRoutes(router);
    managed_services.AddRoutes(router);
    management_groups.AddRoutes(router);
    resource_groups.AddRoutes(router);
    insights.AddRoutes(router);
  }

  // Before `tokens`: made from the settings `tokens` takes.
  api::CloudMetadata metadata;
  api::ManagedIdentityEndpoint managed_identity;
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
  api::PartnerOrganisationsApi partner_organisations;
  // The resources of the providers above that are on the route table, in matching order.
  api::ArmRouter router;
};

PalServiceObjects::PalServiceObjects(const PalServiceDependencies& dependencies,
                                     PalServiceSettings settings)
    : handlers_(std::make_unique<Handlers>(dependencies, settings)),
      service_(std::make_unique<api::PalService>(
          handlers_->tokens, handlers_->metadata, handlers_->managed_identity,
          dependencies.verifier, handlers_->router, handlers_->subscriptions.state_guard(),
          settings.portal, std::move(settings.operations))) {}

PalServiceObjects::~PalServiceObjects() = default;

std::unique_ptr<PalServiceObjects> BuildPalService(const PalServiceDependencies& dependencies,
                                                   PalServiceSettings settings) {
  return std::make_unique<PalServiceObjects>(dependencies, std::move(settings));
}

}  // namespace pal::server

#include "store/schema_migrations.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>
#include <string_view>

#include "store/append_only_triggers.h"
#include "store/postgresql_migrations.h"

namespace pal::store {
namespace {

// Each entry is one schema version; never change what an entry does once released, append a new
// one. The triggers of append-only history tables are named by "-- append-only: <table>" lines
// (append_only_triggers.h), so both dialects' triggers come from one list of each table's
// immutable columns.
constexpr std::array<std::string_view, 18> kMigrations = {
    // 1: directory, partner registry, subscriptions, PAL links and their history.
    R"sql(
CREATE TABLE tenants (
  tenant_id   TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE TABLE principals (
  tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id),
  object_id   TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('User', 'Guest', 'ServicePrincipal')),
  name        TEXT NOT NULL,
  sign_in_name TEXT,
  app_id      TEXT,
  secret_hash TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, object_id)
);
CREATE UNIQUE INDEX principals_by_app_id ON principals(tenant_id, app_id) WHERE app_id IS NOT NULL;
CREATE UNIQUE INDEX principals_by_sign_in_name ON principals(tenant_id, sign_in_name)
  WHERE sign_in_name IS NOT NULL;
CREATE TABLE partners (
  partner_id  TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('location', 'global')),
  global_id   TEXT,
  status      TEXT NOT NULL CHECK (status IN ('Active', 'Retired')),
  created_at  INTEGER NOT NULL
);
CREATE TABLE subscriptions (
  subscription_id TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id),
  display_name TEXT NOT NULL,
  offer       TEXT NOT NULL,
  state       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE TABLE partner_links (
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  partner_id  TEXT NOT NULL,
  partner_name TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('Active', 'Deleted')),
  version     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, object_id)
);
-- Append-only: a row is never deleted, and only its open valid_to may be closed, once.
CREATE TABLE partner_link_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  version     INTEGER NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  actor_tenant_id TEXT NOT NULL,
  actor_object_id TEXT NOT NULL,
  old_partner_id TEXT,
  new_partner_id TEXT NOT NULL,
  old_state   TEXT,
  new_state   TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  UNIQUE (tenant_id, object_id, version)
);
-- append-only: partner_link_history
)sql",
    // 2: the scope hierarchy (management groups, subscription parents, resource groups) and
    // role assignments with their append-only history.
    R"sql(
CREATE TABLE management_groups (
  group_id    TEXT PRIMARY KEY COLLATE NOCASE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id),
  display_name TEXT NOT NULL,
  parent_id   TEXT COLLATE NOCASE REFERENCES management_groups(group_id),
  created_at  INTEGER NOT NULL
);
ALTER TABLE subscriptions ADD COLUMN parent_group_id TEXT COLLATE NOCASE;
CREATE TABLE resource_groups (
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id),
  name        TEXT NOT NULL COLLATE NOCASE,
  location    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, name)
);
CREATE TABLE role_assignments (
  assignment_id TEXT PRIMARY KEY,
  scope       TEXT NOT NULL COLLATE NOCASE,
  role_definition_id TEXT NOT NULL,
  principal_tenant_id TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  principal_type TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  UNIQUE (scope, role_definition_id, principal_tenant_id, principal_id)
);
CREATE INDEX role_assignments_by_principal ON role_assignments(principal_tenant_id, principal_id);
-- Append-only: a row is never deleted, and only its open valid_to may be closed, once.
CREATE TABLE role_assignment_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  assignment_id TEXT NOT NULL,
  scope       TEXT NOT NULL,
  role_definition_id TEXT NOT NULL,
  principal_tenant_id TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  ended_by_tenant_id TEXT,
  ended_by_object_id TEXT
);
CREATE INDEX role_assignment_history_open ON role_assignment_history(assignment_id)
  WHERE valid_to IS NULL;
-- append-only: role_assignment_history
)sql",
    // 3: the changeable fields of role assignments (description, ABAC condition) and generic
    // resources, which must exist to be scopes.
    R"sql(
ALTER TABLE role_assignments ADD COLUMN description TEXT;
ALTER TABLE role_assignments ADD COLUMN condition TEXT;
ALTER TABLE role_assignments ADD COLUMN condition_version TEXT;
ALTER TABLE role_assignments ADD COLUMN updated_at INTEGER;
ALTER TABLE role_assignments ADD COLUMN updated_by_tenant_id TEXT;
ALTER TABLE role_assignments ADD COLUMN updated_by_object_id TEXT;
CREATE TABLE resources (
  resource_id TEXT PRIMARY KEY COLLATE NOCASE,
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX resources_by_subscription ON resources(subscription_id);
)sql",
    // 4: client secrets expire, as Entra's do.
    R"sql(
ALTER TABLE principals ADD COLUMN secret_expires_at INTEGER;
)sql",
    // 5: the history of principals (created, secret replaced), append-only like the others.
    // The actor is the pal administrator (the nil GUID pair): only `pal admin` changes them.
    R"sql(
CREATE TABLE principal_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'reset-secret')),
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL,
  app_id      TEXT,
  secret_expires_at INTEGER,
  actor_tenant_id TEXT NOT NULL,
  actor_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER
);
CREATE INDEX principal_history_open ON principal_history(tenant_id, object_id) WHERE valid_to IS NULL;
INSERT INTO principal_history(tenant_id, object_id, action, kind, name, app_id, secret_expires_at,
  actor_tenant_id, actor_object_id, valid_from)
  SELECT tenant_id, object_id, 'create', kind, name, app_id, secret_expires_at,
    '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', created_at
  FROM principals;
-- append-only: principal_history
)sql",
    // 6: resource groups carry their ARM tags.
    R"sql(
ALTER TABLE resource_groups ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
)sql",
    // 7: the history of subscriptions (created, renamed or changed state, moved between
    // management groups), with the
    // acting principal (the nil GUID pair for the pal administrator).
    R"sql(
CREATE TABLE subscription_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id TEXT NOT NULL,
  tenant_id   TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'move', 'update')),
  display_name TEXT NOT NULL,
  offer       TEXT NOT NULL,
  state       TEXT NOT NULL,
  parent_group_id TEXT,
  actor_tenant_id TEXT NOT NULL,
  actor_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER
);
CREATE INDEX subscription_history_open ON subscription_history(subscription_id) WHERE valid_to IS NULL;
INSERT INTO subscription_history(subscription_id, tenant_id, action, display_name, offer, state,
  parent_group_id, actor_tenant_id, actor_object_id, valid_from)
  SELECT subscription_id, tenant_id, 'create', display_name, offer, state, parent_group_id,
    '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', created_at
  FROM subscriptions;
-- append-only: subscription_history
)sql",
    // 8: Azure Lighthouse: registration definitions (with their authorizations), assignments,
    // and the append-only history of delegated grants (one row per assignment and
    // authorization, as lighthouse.csv has them).
    R"sql(
CREATE TABLE registration_definitions (
  definition_id TEXT PRIMARY KEY COLLATE NOCASE,
  scope       TEXT NOT NULL COLLATE NOCASE,
  customer_tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  managed_by_tenant_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL
);
CREATE TABLE registration_authorizations (
  definition_id TEXT NOT NULL REFERENCES registration_definitions(definition_id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  principal_id TEXT NOT NULL,
  principal_display_name TEXT NOT NULL,
  role_definition_id TEXT NOT NULL,
  PRIMARY KEY (definition_id, position)
);
CREATE TABLE registration_assignments (
  assignment_id TEXT PRIMARY KEY COLLATE NOCASE,
  scope       TEXT NOT NULL COLLATE NOCASE,
  customer_tenant_id TEXT NOT NULL,
  definition_id TEXT NOT NULL REFERENCES registration_definitions(definition_id),
  created_at  INTEGER NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  UNIQUE (scope, definition_id)
);
CREATE TABLE delegation_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  assignment_id TEXT NOT NULL,
  scope       TEXT NOT NULL,
  customer_tenant_id TEXT NOT NULL,
  managing_tenant_id TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  role_definition_id TEXT NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  ended_by_tenant_id TEXT,
  ended_by_object_id TEXT
);
CREATE INDEX delegation_history_open ON delegation_history(assignment_id) WHERE valid_to IS NULL;
-- append-only: delegation_history
)sql",
    // 9: Digital Partner of Record: the append-only history of each subscription's DPOR; the
    // open row (valid_to IS NULL) is the one in force.
    R"sql(
CREATE TABLE dpor_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id),
  partner_id  TEXT NOT NULL,
  assigned_by_tenant_id TEXT NOT NULL,
  assigned_by_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  ended_by_tenant_id TEXT,
  ended_by_object_id TEXT,
  end_reason  TEXT CHECK (end_reason IN ('removed', 'replaced', 'migrated'))
);
CREATE UNIQUE INDEX dpor_in_force ON dpor_history(subscription_id) WHERE valid_to IS NULL;
-- append-only: dpor_history
)sql",
    // 10: the partner registry's history (added, retired), so that attribution can end a
    // retired id's credit at the retirement instant.
    R"sql(
CREATE TABLE partner_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  partner_id  TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('add', 'retire')),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  global_id   TEXT,
  status      TEXT NOT NULL,
  actor_tenant_id TEXT NOT NULL,
  actor_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER
);
INSERT INTO partner_history(partner_id, action, name, kind, global_id, status, actor_tenant_id,
  actor_object_id, valid_from)
  SELECT partner_id, 'add', name, kind, global_id, status, '00000000-0000-0000-0000-000000000000',
    '00000000-0000-0000-0000-000000000000', created_at FROM partners;
-- append-only: partner_history
)sql",
    // 11: Power Platform and Customer Insights: environments and their members, resources,
    // the append-only ownership history (owner and co-owner intervals), activity and profiles.
    R"sql(
CREATE TABLE pp_environments (
  name        TEXT PRIMARY KEY COLLATE NOCASE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id),
  display_name TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('Production', 'Sandbox', 'Trial', 'Developer')),
  paid        INTEGER NOT NULL CHECK (paid IN (0, 1)),
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX pp_environments_by_tenant ON pp_environments(tenant_id);
CREATE TABLE pp_environment_members (
  environment TEXT NOT NULL COLLATE NOCASE REFERENCES pp_environments(name),
  object_id   TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('EnvironmentAdmin', 'EnvironmentMaker')),
  added_at    INTEGER NOT NULL,
  PRIMARY KEY (environment, object_id)
);
CREATE TABLE pp_resources (
  resource_id TEXT PRIMARY KEY COLLATE NOCASE,
  environment TEXT NOT NULL COLLATE NOCASE REFERENCES pp_environments(name),
  product     TEXT NOT NULL,
  name        TEXT NOT NULL,
  display_name TEXT NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  solution    TEXT
);
CREATE INDEX pp_resources_by_environment ON pp_resources(environment);
CREATE TABLE pp_ownership_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  resource_id TEXT NOT NULL COLLATE NOCASE,
  principal_id TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('Owner', 'CoOwner')),
  channel     TEXT NOT NULL,
  actor_tenant_id TEXT NOT NULL,
  actor_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  ended_by_tenant_id TEXT,
  ended_by_object_id TEXT
);
CREATE UNIQUE INDEX pp_owner_in_force ON pp_ownership_history(resource_id)
  WHERE valid_to IS NULL AND role = 'Owner';
CREATE UNIQUE INDEX pp_co_owner_in_force ON pp_ownership_history(resource_id, principal_id)
  WHERE valid_to IS NULL AND role = 'CoOwner';
-- append-only: pp_ownership_history before 16
CREATE TABLE pp_activity (
  resource_id TEXT NOT NULL COLLATE NOCASE,
  day         INTEGER NOT NULL,
  user_id     TEXT NOT NULL,
  PRIMARY KEY (resource_id, day, user_id)
) WITHOUT ROWID;
CREATE TABLE pp_unified_profiles (
  resource_id TEXT NOT NULL COLLATE NOCASE,
  day         INTEGER NOT NULL,
  unified_profiles INTEGER NOT NULL,
  PRIMARY KEY (resource_id, day)
) WITHOUT ROWID;
)sql",
    // 12: partner organisations as identities: the home tenant of a partner's organisation and
    // the Partner Center roles its people hold there (who may see partner-side data).
    R"sql(
ALTER TABLE partners ADD COLUMN home_tenant_id TEXT REFERENCES tenants(tenant_id);
CREATE TABLE partner_roles (
  organisation_id TEXT NOT NULL,
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('Admin', 'ReportViewer', 'ExecutiveReportViewer')),
  granted_at  INTEGER NOT NULL,
  granted_by_tenant_id TEXT NOT NULL,
  granted_by_object_id TEXT NOT NULL,
  PRIMARY KEY (organisation_id, tenant_id, object_id, role),
  FOREIGN KEY (tenant_id, object_id) REFERENCES principals(tenant_id, object_id)
);
CREATE INDEX partner_roles_by_principal ON partner_roles(tenant_id, object_id);
)sql",
    // 13: Azure Lighthouse as Azure has it: the roles a User Access Administrator authorization
    // may assign (delegatedRoleDefinitionIds, comma-separated GUIDs), and the registration
    // assignment through which a managing tenant's principal created a role assignment.
    R"sql(
ALTER TABLE registration_authorizations ADD COLUMN delegated_role_definition_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE role_assignments ADD COLUMN delegation_id TEXT;
)sql",
    // 14: management group ids are unique per tenant (a directory's own names, as Azure's), so
    // creating a group never tells whether another tenant has one of that id. SQLite cannot
    // change a primary key: the table is rebuilt.
    R"sql(
ALTER TABLE management_groups RENAME TO management_groups_before_14;
CREATE TABLE management_groups (
  group_id    TEXT NOT NULL COLLATE NOCASE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id),
  display_name TEXT NOT NULL,
  parent_id   TEXT COLLATE NOCASE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, group_id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES management_groups(tenant_id, group_id)
);
INSERT INTO management_groups(group_id, tenant_id, display_name, parent_id, created_at)
  SELECT group_id, tenant_id, display_name, parent_id, created_at FROM management_groups_before_14;
DROP TABLE management_groups_before_14;
)sql",
    // 15: Lighthouse registration ids are unique per customer tenant (in Azure they live under
    // the customer's scope), so creating one never tells whether another customer has one of
    // that id. The tables are rebuilt keyed (customer_tenant_id, id); the authorizations take
    // their definition's tenant, the open delegation history is found by tenant and id.
    R"sql(
ALTER TABLE registration_assignments RENAME TO registration_assignments_before_15;
ALTER TABLE registration_authorizations RENAME TO registration_authorizations_before_15;
ALTER TABLE registration_definitions RENAME TO registration_definitions_before_15;
CREATE TABLE registration_definitions (
  definition_id TEXT NOT NULL COLLATE NOCASE,
  scope       TEXT NOT NULL COLLATE NOCASE,
  customer_tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  managed_by_tenant_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  PRIMARY KEY (customer_tenant_id, definition_id)
);
CREATE TABLE registration_authorizations (
  customer_tenant_id TEXT NOT NULL,
  definition_id TEXT NOT NULL COLLATE NOCASE,
  position    INTEGER NOT NULL,
  principal_id TEXT NOT NULL,
  principal_display_name TEXT NOT NULL,
  role_definition_id TEXT NOT NULL,
  delegated_role_definition_ids TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (customer_tenant_id, definition_id, position),
  FOREIGN KEY (customer_tenant_id, definition_id)
    REFERENCES registration_definitions(customer_tenant_id, definition_id) ON DELETE CASCADE
);
CREATE TABLE registration_assignments (
  assignment_id TEXT NOT NULL COLLATE NOCASE,
  scope       TEXT NOT NULL COLLATE NOCASE,
  customer_tenant_id TEXT NOT NULL,
  definition_id TEXT NOT NULL COLLATE NOCASE,
  created_at  INTEGER NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  PRIMARY KEY (customer_tenant_id, assignment_id),
  UNIQUE (scope, definition_id),
  FOREIGN KEY (customer_tenant_id, definition_id)
    REFERENCES registration_definitions(customer_tenant_id, definition_id)
);
INSERT INTO registration_definitions(definition_id, scope, customer_tenant_id, name, description,
  managed_by_tenant_id, created_at, created_by_tenant_id, created_by_object_id)
  SELECT definition_id, scope, customer_tenant_id, name, description, managed_by_tenant_id,
    created_at, created_by_tenant_id, created_by_object_id FROM registration_definitions_before_15;
INSERT INTO registration_authorizations(customer_tenant_id, definition_id, position, principal_id,
  principal_display_name, role_definition_id, delegated_role_definition_ids)
  SELECT d.customer_tenant_id, z.definition_id, z.position, z.principal_id,
    z.principal_display_name, z.role_definition_id, z.delegated_role_definition_ids
  FROM registration_authorizations_before_15 z
  JOIN registration_definitions_before_15 d ON d.definition_id = z.definition_id;
INSERT INTO registration_assignments(assignment_id, scope, customer_tenant_id, definition_id,
  created_at, created_by_tenant_id, created_by_object_id)
  SELECT assignment_id, scope, customer_tenant_id, definition_id, created_at,
    created_by_tenant_id, created_by_object_id FROM registration_assignments_before_15;
DROP TABLE registration_assignments_before_15;
DROP TABLE registration_authorizations_before_15;
DROP TABLE registration_definitions_before_15;
DROP INDEX delegation_history_open;
CREATE INDEX delegation_history_open ON delegation_history(customer_tenant_id, assignment_id)
  WHERE valid_to IS NULL;
)sql",
    // 16: Power Platform environments are named per tenant (as a tenant's own names are), so
    // creating one never tells whether another tenant has one of that name: environments are
    // keyed (tenant_id, name), and members, resources, ownership history, activity and
    // profiles carry the tenant beside the environment or resource id. The tables are rebuilt
    // with every row; a row whose resource is gone takes the tenant of the environment its id
    // names, or none ('') when that is gone too (nothing reads such rows).
    R"sql(
-- drop append-only: pp_ownership_history
DROP INDEX pp_environments_by_tenant;
DROP INDEX pp_resources_by_environment;
DROP INDEX pp_owner_in_force;
DROP INDEX pp_co_owner_in_force;
ALTER TABLE pp_unified_profiles RENAME TO pp_unified_profiles_before_16;
ALTER TABLE pp_activity RENAME TO pp_activity_before_16;
ALTER TABLE pp_ownership_history RENAME TO pp_ownership_history_before_16;
ALTER TABLE pp_resources RENAME TO pp_resources_before_16;
ALTER TABLE pp_environment_members RENAME TO pp_environment_members_before_16;
ALTER TABLE pp_environments RENAME TO pp_environments_before_16;
CREATE TABLE pp_environments (
  name        TEXT NOT NULL COLLATE NOCASE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id),
  display_name TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('Production', 'Sandbox', 'Trial', 'Developer')),
  paid        INTEGER NOT NULL CHECK (paid IN (0, 1)),
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, name)
);
CREATE TABLE pp_environment_members (
  tenant_id   TEXT NOT NULL,
  environment TEXT NOT NULL COLLATE NOCASE,
  object_id   TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('EnvironmentAdmin', 'EnvironmentMaker')),
  added_at    INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, environment, object_id),
  FOREIGN KEY (tenant_id, environment) REFERENCES pp_environments(tenant_id, name)
);
CREATE TABLE pp_resources (
  tenant_id   TEXT NOT NULL,
  resource_id TEXT NOT NULL COLLATE NOCASE,
  environment TEXT NOT NULL COLLATE NOCASE,
  product     TEXT NOT NULL,
  name        TEXT NOT NULL,
  display_name TEXT NOT NULL,
  created_by_tenant_id TEXT NOT NULL,
  created_by_object_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  solution    TEXT,
  PRIMARY KEY (tenant_id, resource_id),
  FOREIGN KEY (tenant_id, environment) REFERENCES pp_environments(tenant_id, name)
);
CREATE INDEX pp_resources_by_environment ON pp_resources(tenant_id, environment);
CREATE TABLE pp_ownership_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id   TEXT NOT NULL,
  resource_id TEXT NOT NULL COLLATE NOCASE,
  principal_id TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('Owner', 'CoOwner')),
  channel     TEXT NOT NULL,
  actor_tenant_id TEXT NOT NULL,
  actor_object_id TEXT NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  ended_by_tenant_id TEXT,
  ended_by_object_id TEXT
);
CREATE TABLE pp_activity (
  tenant_id   TEXT NOT NULL,
  resource_id TEXT NOT NULL COLLATE NOCASE,
  day         INTEGER NOT NULL,
  user_id     TEXT NOT NULL,
  PRIMARY KEY (tenant_id, resource_id, day, user_id)
) WITHOUT ROWID;
CREATE TABLE pp_unified_profiles (
  tenant_id   TEXT NOT NULL,
  resource_id TEXT NOT NULL COLLATE NOCASE,
  day         INTEGER NOT NULL,
  unified_profiles INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, resource_id, day)
) WITHOUT ROWID;
INSERT INTO pp_environments(name, tenant_id, display_name, type, paid, created_by_tenant_id,
  created_by_object_id, created_at)
  SELECT name, tenant_id, display_name, type, paid, created_by_tenant_id, created_by_object_id,
    created_at FROM pp_environments_before_16;
INSERT INTO pp_environment_members(tenant_id, environment, object_id, role, added_at)
  SELECT e.tenant_id, m.environment, m.object_id, m.role, m.added_at
  FROM pp_environment_members_before_16 m JOIN pp_environments_before_16 e ON e.name = m.environment;
INSERT INTO pp_resources(tenant_id, resource_id, environment, product, name, display_name,
  created_by_tenant_id, created_by_object_id, created_at, solution)
  SELECT e.tenant_id, r.resource_id, r.environment, r.product, r.name, r.display_name,
    r.created_by_tenant_id, r.created_by_object_id, r.created_at, r.solution
  FROM pp_resources_before_16 r JOIN pp_environments_before_16 e ON e.name = r.environment;
CREATE TEMP TABLE pp_tenant_of_16 (
  resource_id TEXT PRIMARY KEY COLLATE NOCASE,
  tenant_id   TEXT NOT NULL
);
INSERT INTO pp_tenant_of_16(resource_id, tenant_id)
  SELECT k.resource_id, COALESCE(
    (SELECT r.tenant_id FROM pp_resources r WHERE r.resource_id = k.resource_id),
    (SELECT e.tenant_id FROM pp_environments e
     WHERE lower(substr(k.resource_id, 1, length('/providers/Pal.PowerPlatform/environments/' || e.name || '/')))
       = lower('/providers/Pal.PowerPlatform/environments/' || e.name || '/')),
    '')
  FROM (SELECT resource_id FROM pp_ownership_history_before_16
        UNION SELECT resource_id FROM pp_activity_before_16
        UNION SELECT resource_id FROM pp_unified_profiles_before_16) k;
INSERT INTO pp_ownership_history(seq, tenant_id, resource_id, principal_id, role, channel,
  actor_tenant_id, actor_object_id, valid_from, valid_to, ended_by_tenant_id, ended_by_object_id)
  SELECT h.seq, t.tenant_id, h.resource_id, h.principal_id, h.role, h.channel, h.actor_tenant_id,
    h.actor_object_id, h.valid_from, h.valid_to, h.ended_by_tenant_id, h.ended_by_object_id
  FROM pp_ownership_history_before_16 h JOIN pp_tenant_of_16 t ON t.resource_id = h.resource_id;
INSERT INTO pp_activity(tenant_id, resource_id, day, user_id)
  SELECT t.tenant_id, a.resource_id, a.day, a.user_id
  FROM pp_activity_before_16 a JOIN pp_tenant_of_16 t ON t.resource_id = a.resource_id;
INSERT INTO pp_unified_profiles(tenant_id, resource_id, day, unified_profiles)
  SELECT t.tenant_id, p.resource_id, p.day, p.unified_profiles
  FROM pp_unified_profiles_before_16 p JOIN pp_tenant_of_16 t ON t.resource_id = p.resource_id;
DROP TABLE pp_tenant_of_16;
DROP TABLE pp_unified_profiles_before_16;
DROP TABLE pp_activity_before_16;
DROP TABLE pp_ownership_history_before_16;
DROP TABLE pp_resources_before_16;
DROP TABLE pp_environment_members_before_16;
DROP TABLE pp_environments_before_16;
CREATE UNIQUE INDEX pp_owner_in_force ON pp_ownership_history(tenant_id, resource_id)
  WHERE valid_to IS NULL AND role = 'Owner';
CREATE UNIQUE INDEX pp_co_owner_in_force ON pp_ownership_history(tenant_id, resource_id, principal_id)
  WHERE valid_to IS NULL AND role = 'CoOwner';
-- append-only: pp_ownership_history
)sql",
    // 17: managed identities: service principals whose tokens the managed identity endpoint
    // gives to whoever holds the endpoint secret (only its SHA-256 is kept).
    R"sql(
CREATE TABLE managed_identities (
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  endpoint_secret_hash TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, object_id),
  FOREIGN KEY (tenant_id, object_id) REFERENCES principals(tenant_id, object_id)
);
)sql",
    // 18: service principals' certificates and federated identity credentials (issue 18): what
    // a client assertion is checked against. Only certificates (public) are kept.
    R"sql(
CREATE TABLE principal_certificates (
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  thumbprint_sha1 TEXT NOT NULL,
  thumbprint_sha256 TEXT NOT NULL,
  subject     TEXT NOT NULL,
  not_before  INTEGER NOT NULL,
  not_after   INTEGER NOT NULL,
  certificate_pem TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, object_id, key_id),
  UNIQUE (tenant_id, object_id, thumbprint_sha1),
  FOREIGN KEY (tenant_id, object_id) REFERENCES principals(tenant_id, object_id)
);
CREATE TABLE federated_credentials (
  tenant_id   TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  name        TEXT NOT NULL,
  issuer      TEXT NOT NULL,
  subject     TEXT NOT NULL,
  audiences   TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, object_id, name),
  UNIQUE (tenant_id, object_id, issuer, subject),
  FOREIGN KEY (tenant_id, object_id) REFERENCES principals(tenant_id, object_id)
);
)sql",
};

Result<int> CurrentVersion(SqlConnection& connection) {
  PAL_ASSIGN_OR_RETURN(
      auto statement,
      SqlStatement::Prepare(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  PAL_TRY(statement.Step());
  return static_cast<int>(statement.ColumnInt(0));
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<void> MigrateSchema(SqlConnection& connection, Timestamp now) {
  return MigrateSchemaTo(connection, now, LatestSchemaVersion());
}

Result<void> MigrateSchemaTo(SqlConnection& connection, Timestamp now, int version) {
  const bool postgresql = connection.dialect() == SqlDialect::kPostgresql;
  // Migration N is the same change on both databases, in each one's SQL.
  const std::span<const std::string_view> migrations =
      postgresql ? PostgresqlMigrations() : std::span<const std::string_view>(kMigrations);
  if (migrations.size() != kMigrations.size()) {
    return Error::Internal("the PostgreSQL and SQLite migrations differ in number");
  }
  Result<void> created;
  if (postgresql) {
    // Under the write lock: two nodes starting at once must not both create the table.
    created = connection.BeginWrite();
    if (created.ok()) {
      created = connection.Execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)");
    }
    created = created.ok() ? connection.Execute("COMMIT") : created;
    if (!created.ok()) (void)connection.Execute("ROLLBACK");
  } else {
    created = connection.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  }
  if (!created.ok()) return created;
  for (int target = 1; target <= std::min(version, LatestSchemaVersion()); ++target) {
    auto begin = connection.BeginWrite();
    if (!begin.ok()) return begin;
    auto current = CurrentVersion(connection);
    if (!current.ok()) {
      (void)connection.Execute("ROLLBACK");
      return current.error();
    }
    if (*current > LatestSchemaVersion()) {
      (void)connection.Execute("ROLLBACK");
      return Error::Internal(fmt::format(
          "the database has schema version {}, newer than this pal knows ({}); upgrade pal",
          *current, LatestSchemaVersion()));
    }
    if (*current >= target) {
      (void)connection.Execute("ROLLBACK");
      continue;
    }
    auto sql = ExpandAppendOnlyMarkers(connection.dialect(), migrations[target - 1]);
    auto applied = sql.ok() ? connection.Execute(*sql) : Result<void>(sql.error());
    if (applied.ok()) {
      applied = connection.Execute(fmt::format(
          "INSERT INTO schema_migrations(version, applied_at) VALUES ({}, {})", target, now));
    }
    if (!applied.ok()) {
      (void)connection.Execute("ROLLBACK");
      return applied;
    }
    auto commit = connection.Execute("COMMIT");
    if (!commit.ok()) return commit;
  }
  return {};
}

}  // namespace pal::store

#!/usr/bin/env python3
"""Regression checks of pal through Microsoft's real Python SDKs (Debian's python3-azure).

    sdk_checks.py --url https://localhost:PORT --ca tls-cert.pem --fixture fixture.json [CHECK...]

The fixture (written by tests/e2e/python_sdk.test.mjs) names the tenant, subscription and
service principals to use. Every check runs (or only those named) and prints one JSON line,
{"check": NAME, "ok": true|false, "error": "..."}; the exit status is 0 when all passed, 1 when
one failed, 3 when the SDKs are missing (then nothing else is printed on stdout).
"""
import argparse
import http.client
import inspect
import json
import os
import re
import ssl
import sys
import time
import traceback
import urllib.parse

try:
    from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
    import azure.identity
    from azure.identity import (CertificateCredential, ClientAssertionCredential,
                                ClientSecretCredential, DeviceCodeCredential,
                                UsernamePasswordCredential)
    from azure.mgmt.authorization import AuthorizationManagementClient
    from azure.mgmt.managedservices import ManagedServicesClient
    from azure.mgmt.managementpartner import ACEProvisioningManagementPartnerAPI
    from azure.mgmt.managementgroups import ManagementGroupsAPI
    from azure.mgmt.resource import ResourceManagementClient, SubscriptionClient
except ImportError as missing:  # python3-azure is not installed
    print(f"python3-azure is missing: {missing}", file=sys.stderr)
    sys.exit(3)

# pal is no Microsoft host: MSAL must not ask login.microsoftonline.com to discover it (offline,
# that hangs until DNS gives up). azure-identity 1.13 betas (Debian 12) call the switch
# instance_discovery=False; later versions disable_instance_discovery=True.
def _no_instance_discovery():
    try:
        from azure.identity._internal.msal_credentials import MsalCredential
        if "instance_discovery" in inspect.signature(MsalCredential.__init__).parameters:
            return {"instance_discovery": False}
    except ImportError:
        pass
    return {"disable_instance_discovery": True}


NO_INSTANCE_DISCOVERY = _no_instance_discovery()

# Azure's well-known built-in role ids.
WELL_KNOWN_ROLES = {
    "Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "Support Request Contributor": "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e",
}


class Context:
    def __init__(self, args, fixture):
        self.url = args.url
        self.ca = args.ca
        self.f = fixture
        self.tag = fixture["tag"]
        self.sub = fixture["subscription"]

    def credential(self, who="owner"):
        p = self.f[who]
        return ClientSecretCredential(p["tenantId"], p["appId"], p["secret"], authority=self.url,
                                      connection_verify=self.ca, **NO_INSTANCE_DISCOVERY)

    def client(self, cls, *args, who="owner", credential=None):
        # No retries: a refusal must surface as it is, at once.
        return cls(credential or self.credential(who), *args, base_url=self.url,
                   connection_verify=self.ca, retry_total=0)

    # Keyword arguments of every credential: pal as the authority, its certificate trusted.
    def credential_options(self):
        return {"authority": self.url, "connection_verify": self.ca, **NO_INSTANCE_DISCOVERY}


def expect_error(status, code, call):
    try:
        call()
    except HttpResponseError as e:
        assert e.status_code == status, f"expected {status} {code}, got {e.status_code}: {e}"
        got = e.error.code if e.error else None
        assert got == code, f"expected error code {code}, got {got}: {e}"
        return e
    raise AssertionError(f"expected {status} {code}, but the call succeeded")


def approve_device_code(c, verification_uri, user_code, user):
    """Enters the code on pal's verification page and signs in, as a browser submits its forms
    (each carries an anti-forgery token that must come back with its cookie)."""
    url = urllib.parse.urlsplit(verification_uri)
    conn = http.client.HTTPSConnection(url.hostname, url.port,
                                       context=ssl.create_default_context(cafile=c.ca))

    def send(method, fields=None, token=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if token:
            headers["Cookie"] = f"pal_form_token={token}"
            fields = {"form_token": token, **fields}
        body = urllib.parse.urlencode(fields) if fields else None
        conn.request(method, url.path, body=body, headers=headers)
        r = conn.getresponse()
        text = r.read().decode()
        m = re.search(r"pal_form_token=([^;]+)", r.getheader("Set-Cookie") or "")
        return r.status, text, m.group(1) if m else None

    _, _, token = send("GET")
    status, text, token = send("POST", {"step": "code", "code": user_code}, token)
    assert status == 200, f"the code was refused ({status}): {text}"
    status, text, _ = send("POST", {"step": "signin", "code": user_code, "username": user["name"],
                                    "password": user["secret"], "action": "allow"}, token)
    assert status == 200 and "You have signed in" in text, f"{status}: {text}"


def check_device_code_credential(c):
    user = c.f["user"]
    # The prompt approves on the page before MSAL's first poll: no waiting for the interval.
    cred = DeviceCodeCredential(
        tenant_id=user["tenantId"], authority=c.url, connection_verify=c.ca,
        prompt_callback=lambda uri, code, expires: approve_device_code(c, uri, code, user),
        **NO_INSTANCE_DISCOVERY)
    partners = ACEProvisioningManagementPartnerAPI(cred, base_url=c.url, connection_verify=c.ca,
                                                   retry_total=0)
    created = partners.partner.create("719878")
    assert created.partner_id == "719878", created
    assert created.object_id == user["objectId"], created
    partners.partner.delete("719878")
    auth = AuthorizationManagementClient(cred, c.sub, base_url=c.url, connection_verify=c.ca,
                                         retry_total=0)
    scope = f"/subscriptions/{c.sub}"
    mine = [a for a in auth.role_assignments.list_for_scope(
        scope, filter=f"principalId eq '{user['objectId']}'")]
    assert [a.role_definition_id.rsplit("/", 1)[-1] for a in mine] == \
        [WELL_KNOWN_ROLES["Reader"]], mine


def check_username_password_credential(c):
    user = c.f["user"]
    # The ADFS-style authority: MSAL 1.21 asks an Entra-style one for the user's realm at
    # https://{host}/common/userrealm/..., without the port (nothing listens on 443 here); it
    # asks an ADFS one nothing. The user signs in to its home tenant.
    cred = UsernamePasswordCredential(
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46", user["name"], user["secret"],
        tenant_id="adfs", authority=c.url, connection_verify=c.ca, **NO_INSTANCE_DISCOVERY)
    subs = SubscriptionClient(cred, base_url=c.url, connection_verify=c.ca, retry_total=0)
    assert [s.subscription_id for s in subs.subscriptions.list()] == [c.sub]


def check_management_group_delete(c):
    mg = c.client(ManagementGroupsAPI)
    name = f"py-{c.tag}"
    mg.management_groups.begin_create_or_update(
        name, {"display_name": "Python SDK group"}).result()
    assert mg.management_groups.get(name).name == name
    # The SDK accepts only 202 and 204 here; a 200 made it report failure on every delete.
    poller = mg.management_groups.begin_delete(name)
    result = poller.result()
    assert poller.status() == "Succeeded", poller.status()
    assert result is None or result.status == "Succeeded", result
    try:
        mg.management_groups.get(name)
        raise AssertionError("the group is still there after its delete")
    except ResourceNotFoundError:
        pass


def check_resource_group_filters(c):
    rm = c.client(ResourceManagementClient, c.sub)
    groups = {f"py-a-{c.tag}": {"env": "prod", "team": "web"},
              f"py-b-{c.tag}": {"env": "dev"},
              f"py-c-{c.tag}": None}
    for name, tags in groups.items():
        body = {"location": "westeurope"}
        if tags:
            body["tags"] = tags
        rm.resource_groups.create_or_update(name, body)
    mine = lambda items: sorted(g.name for g in items if g.name.endswith(c.tag))
    a, b, cc = sorted(groups)
    assert mine(rm.resource_groups.list(filter="tagName eq 'env' and tagValue eq 'prod'")) == [a]
    assert mine(rm.resource_groups.list(filter="tagName eq 'env'")) == [a, b]
    assert mine(rm.resource_groups.list(filter="tagName eq 'ENV' and tagValue eq 'dev'")) == [b]
    assert mine(rm.resource_groups.list(filter="tagName eq 'nothing'")) == []
    # $top is Azure's page size: pages of one, the SDK following nextLink to the rest.
    pages = [list(page) for page in rm.resource_groups.list(top=1).by_page()]
    assert all(len(p) == 1 for p in pages), [len(p) for p in pages]
    assert mine(g for p in pages for g in p) == [a, b, cc]
    first = next(iter(rm.resource_groups.list(filter="tagName eq 'env'", top=1).by_page()))
    assert len(list(first)) == 1
    # A filter pal does not support is refused, never ignored (a "delete what is tagged" script
    # would otherwise delete every group).
    for unsupported in ["tagValue eq 'prod'", "startswith(tagName, 'env')",
                        "tagName eq 'env' or tagName eq 'team'", "name eq 'x'"]:
        expect_error(400, "InvalidFilter", lambda: list(rm.resource_groups.list(filter=unsupported)))
    # PATCH replaces the tags.
    updated = rm.resource_groups.update(cc, {"tags": {"env": "prod"}})
    assert updated.tags == {"env": "prod"}, updated.tags
    assert rm.resource_groups.get(cc).tags == {"env": "prod"}
    assert mine(rm.resource_groups.list(filter="tagName eq 'env' and tagValue eq 'prod'")) == [a, cc]
    assert rm.resource_groups.update(a, {}).tags == {"env": "prod", "team": "web"}
    for name in groups:
        rm.resource_groups.begin_delete(name).result()


def check_lighthouse(c):
    ms = c.client(ManagedServicesClient)
    scope = f"subscriptions/{c.sub}"
    definition = c.f["definitionId"]
    full_id = f"/subscriptions/{c.sub}/providers/Microsoft.ManagedServices/registrationDefinitions/{definition}"
    offer = {"properties": {
        "registrationDefinitionName": "Python SDK offer",
        "description": "Managed by the partner",
        "managedByTenantId": c.f["managingTenantId"],
        "authorizations": [{"principalId": c.f["operatorObjectId"],
                            "principalIdDisplayName": "operator",
                            "roleDefinitionId": WELL_KNOWN_ROLES["Reader"]}]}}
    created = ms.registration_definitions.begin_create_or_update(definition, scope, offer).result()
    assert created.properties.description == "Managed by the partner"
    # The same definition again is accepted; a changed one is refused (Azure: definitions are
    # immutable, 409), and the stored one keeps its content.
    ms.registration_definitions.begin_create_or_update(definition, scope, offer).result()
    changed = json.loads(json.dumps(offer))
    changed["properties"]["description"] = "Something else"
    expect_error(409, "RegistrationDefinitionExists",
                 lambda: ms.registration_definitions.begin_create_or_update(
                     definition, scope, changed).result())
    assert ms.registration_definitions.get(scope, definition).properties.description == \
        "Managed by the partner"
    assignment = c.f["assignmentId"]
    made = ms.registration_assignments.begin_create_or_update(
        scope, assignment, {"properties": {"registrationDefinitionId": full_id}}).result()
    assert made.properties.registration_definition_id == full_id, made.properties
    got = ms.registration_assignments.get(scope, assignment)
    assert got.properties.registration_definition_id == full_id, got.properties
    listed = [a for a in ms.registration_assignments.list(scope) if a.name == assignment]
    assert [a.properties.registration_definition_id for a in listed] == [full_id]


def check_role_assignment_filter(c):
    authz = c.client(AuthorizationManagementClient, c.sub)
    reader = c.f["reader"]["objectId"]
    # Azure documents `principalId eq {id}` without quotes; the quoted form works as well.
    for text in [f"principalId eq {reader}", f"principalId eq '{reader}'"]:
        found = list(authz.role_assignments.list_for_subscription(filter=text))
        assert found, text
        assert {a.principal_id for a in found} == {reader}, text
        assert any(a.role_definition_id.endswith(WELL_KNOWN_ROLES["Reader"]) for a in found)
    at = list(authz.role_assignments.list_for_scope(f"/subscriptions/{c.sub}",
                                                    filter=f"atScope() and principalId eq {reader}"))
    assert {a.principal_id for a in at} == {reader}
    expect_error(400, "InvalidPrincipalId",
                 lambda: list(authz.role_assignments.list_for_subscription(
                     filter="principalId eq not-a-guid")))


def check_built_in_roles(c):
    authz = c.client(AuthorizationManagementClient, c.sub)
    scope = f"/subscriptions/{c.sub}"
    for name, role_id in WELL_KNOWN_ROLES.items():
        found = list(authz.role_definitions.list(scope, filter=f"roleName eq '{name}'"))
        assert [r.name for r in found] == [role_id], (name, [r.name for r in found])
        assert found[0].role_name == name and found[0].role_type == "BuiltInRole"
        assert found[0].id == f"{scope}/providers/Microsoft.Authorization/roleDefinitions/{role_id}"
        assert authz.role_definitions.get(scope, role_id).role_name == name
    support = list(authz.role_definitions.list(scope, filter="roleName eq 'Support Request Contributor'"))
    assert support[0].permissions[0].actions == [
        "Microsoft.Authorization/*/read", "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Support/*"], support[0].permissions[0].actions
    every = list(authz.role_definitions.list(scope))
    assert len(every) >= 50, len(every)
    assert len({r.name for r in every}) == len(every)


def check_tenants(c):
    subs = c.client(SubscriptionClient)
    mine = [t for t in subs.tenants.list() if t.tenant_id == c.f["owner"]["tenantId"]]
    assert len(mine) == 1, mine
    t = mine[0]
    expected = c.f["tenant"]
    assert t.display_name == expected["displayName"], t.display_name
    assert t.tenant_category == "Home", t.tenant_category
    assert t.default_domain == expected["defaultDomain"], t.default_domain
    assert t.country_code == expected["countryCode"], t.country_code
    assert t.domains == expected["domains"], t.domains


def link_and_role_assignments(c, credential):
    """Creates, reads and deletes the workload's partner link and lists its role assignments."""
    mp = c.client(ACEProvisioningManagementPartnerAPI, credential=credential)
    workload = c.f["workload"]
    created = mp.partner.create("719878")
    assert created.object_id == workload["objectId"], created.object_id
    assert mp.partner.get("719878").partner_id == "719878"
    mp.partner.delete("719878")
    authz = c.client(AuthorizationManagementClient, c.sub, credential=credential)
    mine = list(authz.role_assignments.list_for_subscription(
        filter=f"principalId eq '{workload['objectId']}'"))
    assert [a.role_definition_id.rsplit("/", 1)[-1] for a in mine] == [WELL_KNOWN_ROLES["Reader"]]


def check_certificate_credential(c):
    w = c.f["workload"]
    credential = CertificateCredential(w["tenantId"], w["appId"], certificate_path=w["certificateFile"],
                                       **c.credential_options())
    link_and_role_assignments(c, credential)


def check_client_assertion_credential(c):
    w = c.f["workload"]

    def read_token():
        with open(w["federatedTokenFile"], encoding="utf-8") as f:
            return f.read().strip()
    try:
        credential = ClientAssertionCredential(w["tenantId"], w["appId"], read_token,
                                               **c.credential_options())
    except TypeError:
        # Debian 12's azure-identity 1.13 beta hands this credential's keyword arguments on to
        # object.__init__: it takes the authority from AZURE_AUTHORITY_HOST (and the CA from
        # REQUESTS_CA_BUNDLE) instead.
        os.environ["AZURE_AUTHORITY_HOST"] = c.url
        try:
            credential = ClientAssertionCredential(w["tenantId"], w["appId"], read_token)
        finally:
            del os.environ["AZURE_AUTHORITY_HOST"]
    link_and_role_assignments(c, credential)
    # WorkloadIdentityCredential (AZURE_FEDERATED_TOKEN_FILE) came after Debian 12's
    # azure-identity 1.13 beta: with it, the same through its token file.
    workload_identity = getattr(azure.identity, "WorkloadIdentityCredential", None)
    if workload_identity:
        link_and_role_assignments(c, workload_identity(
            tenant_id=w["tenantId"], client_id=w["appId"], token_file_path=w["federatedTokenFile"],
            **c.credential_options()))


def check_managed_identity(c):
    # App Service's protocol: azure-identity picks it when both variables are set.
    import os
    from azure.identity import ManagedIdentityCredential
    mi = c.f["managedIdentity"]
    os.environ["IDENTITY_ENDPOINT"] = c.url + mi["identityEndpointPath"]
    os.environ["IDENTITY_HEADER"] = mi["identityHeader"]
    try:
        credential = ManagedIdentityCredential(connection_verify=c.ca)
        authz = AuthorizationManagementClient(credential, c.sub, base_url=c.url,
                                              connection_verify=c.ca, retry_total=0)
        mine = list(authz.role_assignments.list_for_subscription(
            filter=f"principalId eq '{mi['objectId']}'"))
        assert [a.principal_id for a in mine] == [mi["objectId"]], mine
        assert mine[0].role_definition_id.endswith(WELL_KNOWN_ROLES["Reader"])
        # Naming another identity's client id with this header is refused.
        other = ManagedIdentityCredential(client_id=c.f["reader"]["appId"], connection_verify=c.ca)
        try:
            other.get_token("https://management.azure.com/.default")
        except Exception as e:  # ClientAuthenticationError
            assert "400" in str(e) or "managed identity" in str(e), e
        else:
            raise AssertionError("a token for another identity's client id")
    finally:
        del os.environ["IDENTITY_ENDPOINT"]
        del os.environ["IDENTITY_HEADER"]


CHECKS = {
    "management_group_delete": check_management_group_delete,
    "resource_group_filters": check_resource_group_filters,
    "lighthouse": check_lighthouse,
    "role_assignment_filter": check_role_assignment_filter,
    "built_in_roles": check_built_in_roles,
    "tenants": check_tenants,
    "certificate_credential": check_certificate_credential,
    "client_assertion_credential": check_client_assertion_credential,
    "managed_identity": check_managed_identity,
    "device_code_credential": check_device_code_credential,
    "username_password_credential": check_username_password_credential,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--ca", required=True, help="CA bundle (pal's self-signed certificate)")
    parser.add_argument("--fixture", required=True)
    parser.add_argument("checks", nargs="*", help=f"some of: {', '.join(CHECKS)}")
    args = parser.parse_args()
    unknown = [name for name in args.checks if name not in CHECKS]
    if unknown:
        parser.error(f"unknown check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}")
    with open(args.fixture, encoding="utf-8") as f:
        c = Context(args, json.load(f))
    failed = 0
    for name in args.checks or CHECKS:
        started = time.monotonic()
        try:
            CHECKS[name](c)
            result = {"check": name, "ok": True}
        except Exception as e:  # every failure is reported, the other checks still run
            failed += 1
            result = {"check": name, "ok": False,
                      "error": f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=4)}"}
        result["seconds"] = round(time.monotonic() - started, 3)
        print(json.dumps(result), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

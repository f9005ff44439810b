// Access control (IAM) (#/iam): role assignments at a subscription (and inherited from above
// it), adding one with a new GUID name, removing one.

import {
  API,
  arm,
  armList,
  type DirectoryPrincipal,
  type RoleAssignment,
  type RoleDefinition,
  type Subscription,
} from "../api";
import { confirmDialog, field, h, scrollBox } from "../dom";
import { busy, heading, type Page, type PageContext } from "../page";
import { listSubscriptions } from "./subscriptions";

let lastScope = ""; // the scope chosen last, kept while the portal is open

function newGuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The GUID at the end of a role definition id, lower case: role ids come in several forms. */
function roleGuid(id: string): string {
  return (id.split("/").pop() ?? id).toLowerCase();
}

export const iamPage: Page = async (root, ctx) => {
  const scopeSelect = h("select", {});
  const assignments = h("div", { "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  const status = h("p", { role: "status", class: "status" });
  const roleSelect = h("select", {});
  const memberSelect = h("select", {});
  const save = h("button", { type: "submit", class: "button primary" }, "Save");
  const addForm = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("h2", { id: "iam-add" }, "Add role assignment"),
    h("div", { class: "field-row" }, field("Role", roleSelect), field("Member", memberSelect)),
    h("div", { class: "actions" }, save),
  );

  root.append(
    heading("Access control (IAM)"),
    h("p", { class: "lede" }, "Grant people and service principals — your partner's too — roles on a subscription."),
    ctx.alert,
    h("div", { class: "toolbar" }, field("Scope", scopeSelect)),
    h("section", {}, h("h2", { id: "iam-list" }, "Role assignments"), assignments),
    addForm,
    status,
  );

  let subscriptions: Subscription[];
  try {
    subscriptions = await listSubscriptions(ctx.signal);
  } catch (error) {
    assignments.removeAttribute("aria-busy");
    assignments.replaceChildren();
    ctx.showError(error);
    return;
  }
  if (!subscriptions.length) {
    assignments.removeAttribute("aria-busy");
    assignments.replaceChildren(h("p", {}, "You have no subscriptions in this directory."));
    scopeSelect.disabled = roleSelect.disabled = memberSelect.disabled = save.disabled = true;
    return;
  }
  scopeSelect.replaceChildren(
    ...subscriptions.map((s) => h("option", { value: `/subscriptions/${s.subscriptionId}` }, s.displayName || s.subscriptionId)),
  );
  if ([...scopeSelect.options].some((o) => o.value === lastScope)) scopeSelect.value = lastScope;

  // Members are the directory's principals; their names label the assignments too.
  const principals = new Map<string, DirectoryPrincipal>();
  try {
    const list = await armList<DirectoryPrincipal>(`/providers/Pal.Directory/principals?api-version=${API.directory}`, ctx.signal);
    list.sort((a, b) => a.displayName.localeCompare(b.displayName));
    for (const p of list) principals.set(p.objectId.toLowerCase(), p);
    fillMembers(memberSelect, list);
  } catch (error) {
    ctx.showError(error);
    fillMembers(memberSelect, []);
  }

  const roles = new Map<string, RoleDefinition>();
  const load = async (): Promise<void> => {
    const scope = scopeSelect.value;
    lastScope = scope;
    assignments.setAttribute("aria-busy", "true");
    const [definitions, list] = await Promise.all([
      roles.size
        ? Promise.resolve([...roles.values()])
        : armList<RoleDefinition>(`${scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=${API.authorization}`, ctx.signal),
      armList<RoleAssignment>(
        `${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=${API.authorization}&$filter=${encodeURIComponent("atScope()")}`,
        ctx.signal,
      ),
    ]);
    if (!roles.size) {
      definitions.sort((a, b) => a.properties.roleName.localeCompare(b.properties.roleName));
      for (const d of definitions) roles.set(roleGuid(d.id), d);
      roleSelect.replaceChildren(
        h("option", { value: "" }, "Select a role"),
        ...definitions.map((d) => h("option", { value: d.name }, d.properties.roleName)),
      );
    }
    assignments.removeAttribute("aria-busy");
    assignments.replaceChildren(assignmentTable(ctx, scope, list, roles, principals, status, reloadKeepingFocus));
  };
  const reloadKeepingFocus = async (): Promise<void> => {
    await load();
    scopeSelect.focus();
  };
  const safeLoad = async (): Promise<void> => {
    try {
      await load();
    } catch (error) {
      assignments.removeAttribute("aria-busy");
      assignments.replaceChildren(h("p", { class: "muted" }, "The role assignments could not be read."));
      ctx.showError(error);
    }
  };
  scopeSelect.addEventListener("change", () => {
    status.textContent = "";
    ctx.clearError();
    void safeLoad();
  });

  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const role = roleSelect.value;
    const member = memberSelect.value;
    if (!role || !member) {
      ctx.showError(new Error("Choose a role and a member."));
      (role ? memberSelect : roleSelect).focus();
      return;
    }
    const scope = scopeSelect.value;
    void busy(ctx, save, async () => {
      status.textContent = "";
      const definition = roles.get(role.toLowerCase());
      await arm(`${scope}/providers/Microsoft.Authorization/roleAssignments/${newGuid()}?api-version=${API.authorization}`, {
        method: "PUT",
        // The role's id in this subscription's form, as the Azure portal sends it.
        body: {
          properties: {
            roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
            principalId: member,
          },
        },
        signal: ctx.signal,
      });
      await load();
      const who = principals.get(member.toLowerCase())?.displayName ?? member;
      status.textContent = `${definition?.properties.roleName ?? "The role"} was assigned to ${who}.`;
    });
  });

  await safeLoad();
};

function fillMembers(select: HTMLSelectElement, list: DirectoryPrincipal[]): void {
  const groups = new Map<string, DirectoryPrincipal[]>();
  for (const p of list) {
    const label = p.principalType || "Other";
    groups.set(label, [...(groups.get(label) ?? []), p]);
  }
  select.replaceChildren(
    h("option", { value: "" }, list.length ? "Select a member" : "No members found"),
    ...[...groups.entries()].map(([label, members]) =>
      h("optgroup", { label }, ...members.map((p) => h("option", { value: p.objectId }, p.displayName))),
    ),
  );
}

function assignmentTable(
  ctx: PageContext,
  scope: string,
  list: RoleAssignment[],
  roles: Map<string, RoleDefinition>,
  principals: Map<string, DirectoryPrincipal>,
  status: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  if (!list.length) return h("p", {}, "No role assignments at this scope.");
  const roleName = (a: RoleAssignment): string =>
    roles.get(roleGuid(a.properties.roleDefinitionId))?.properties.roleName ?? roleGuid(a.properties.roleDefinitionId);
  const memberName = (a: RoleAssignment): string =>
    principals.get(a.properties.principalId.toLowerCase())?.displayName ?? a.properties.principalId;
  const rows = [...list].sort(
    (a, b) => roleName(a).localeCompare(roleName(b)) || memberName(a).localeCompare(memberName(b)),
  );
  const table = h(
    "table",
    { class: "data" },
    h("caption", { class: "visually-hidden" }, "Role assignments"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Role"),
        h("th", { scope: "col" }, "Member"),
        h("th", { scope: "col" }, "Type"),
        h("th", { scope: "col" }, "Scope"),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((a) => {
        const inherited = a.properties.scope.toLowerCase() !== scope.toLowerCase();
        const remove = h("button", { type: "button", class: "button small danger" }, "Remove");
        remove.addEventListener("click", async () => {
          const ok = await confirmDialog({
            title: "Remove role assignment",
            message: `Remove ${roleName(a)} for ${memberName(a)} at ${a.properties.scope}?`,
            confirm: "Remove",
          });
          if (!ok) return;
          await busy(ctx, remove, async () => {
            status.textContent = "";
            await arm(`${a.id}?api-version=${API.authorization}`, { method: "DELETE", signal: ctx.signal });
            await reload();
            status.textContent = `${roleName(a)} was removed from ${memberName(a)}.`;
          });
        });
        return h(
          "tr",
          {},
          h("td", {}, roleName(a)),
          h("td", {}, memberName(a)),
          h("td", {}, a.properties.principalType ?? principals.get(a.properties.principalId.toLowerCase())?.principalType ?? ""),
          h("td", { class: "mono" }, a.properties.scope, inherited ? [" ", h("span", { class: "tag" }, "inherited")] : null),
          h("td", {}, remove),
        );
      }),
    ),
  );
  return scrollBox(table);
}

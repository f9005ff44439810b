// Link to a partner ID (#/link): the signed-in user's PAL link in the selected directory
// (Microsoft.ManagementPartner: PUT to link, PATCH to change, DELETE to remove).

import { API, ApiError, arm, type PartnerResponse } from "../api";
import { confirmDialog, facts, field, h, timeElement } from "../dom";
import { busy, heading, type Page, type PageContext } from "../page";
import { currentDirectory } from "../session";

const partnersPath = "/providers/Microsoft.ManagementPartner/partners";

function partnerPath(partnerId: string): string {
  return `${partnersPath}/${encodeURIComponent(partnerId)}?api-version=${API.managementPartner}`;
}

/** The caller's active link, or null when none (the API answers 404 NotFound). */
async function currentLink(signal: AbortSignal): Promise<PartnerResponse | null> {
  try {
    return await arm<PartnerResponse>(`${partnersPath}?api-version=${API.managementPartner}`, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const linkPage: Page = async (root, ctx) => {
  const current = h("div", { class: "card", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  const status = h("p", { role: "status", class: "status" });
  const formArea = h("div");
  const directory = currentDirectory();
  root.append(
    heading("Link to a partner ID"),
    h(
      "p",
      { class: "lede" },
      "Link your account to the Microsoft partner that helps you manage this directory's Azure resources, " +
        "so that the partner is recognised for its work. Your partner gives you its partner ID " +
        "(the location ID of its Microsoft AI Cloud Partner Program account).",
    ),
    directory ? h("p", { class: "muted" }, "Directory: ", h("strong", {}, directory.displayName ?? directory.tenantId)) : "",
    ctx.alert,
    h("section", {}, h("h2", { id: "link-current" }, "Current link"), current),
    formArea,
    status,
  );

  const show = (link: PartnerResponse | null, focus: boolean): void => {
    current.removeAttribute("aria-busy");
    if (link) {
      const p = link.properties;
      current.replaceChildren(
        facts([
          ["Partner ID", p.partnerId],
          ["Partner name", p.partnerName],
          ["Linked since", timeElement(p.createdTime)],
        ]),
      );
    } else {
      current.replaceChildren(h("p", {}, "No partner ID is linked"));
    }
    formArea.replaceChildren(linkForm(ctx, link, status, reload));
    // The buttons were replaced: keep keyboard focus in the form.
    if (focus) formArea.querySelector("input")?.focus();
  };

  const reload = async (focus = false): Promise<void> => show(await currentLink(ctx.signal), focus);
  try {
    await reload();
  } catch (error) {
    current.removeAttribute("aria-busy");
    current.replaceChildren(h("p", { class: "muted" }, "The link could not be read."));
    ctx.showError(error);
  }
};

function linkForm(
  ctx: PageContext,
  link: PartnerResponse | null,
  status: HTMLElement,
  reload: (focus?: boolean) => Promise<void>,
): HTMLElement {
  const input = h("input", {
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: 10,
    value: "",
  });
  const submit = h("button", { type: "submit", class: "button primary" }, link ? "Change" : "Link");
  const remove = link ? h("button", { type: "button", class: "button danger" }, "Remove link") : null;
  const form = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("h2", {}, link ? "Link to another partner ID" : "Link a partner ID"),
    field("Partner ID", input, "Digits only, e.g. 1234567."),
    h("div", { class: "actions" }, submit, remove),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const partnerId = input.value.trim();
    if (!partnerId) {
      ctx.showError(new Error("Enter a partner ID."));
      input.focus();
      return;
    }
    void busy(ctx, submit, async () => {
      status.textContent = "";
      const answer = await arm<PartnerResponse>(partnerPath(partnerId), {
        method: link ? "PATCH" : "PUT",
        signal: ctx.signal,
      });
      await reload(true);
      status.textContent = `Linked to ${answer.properties.partnerName} (${answer.properties.partnerId}).`;
    });
  });
  remove?.addEventListener("click", async () => {
    if (!link) return;
    const ok = await confirmDialog({
      title: "Remove link",
      message: `Remove the link to ${link.properties.partnerName} (${link.properties.partnerId})? The partner is no longer recognised for this account's work.`,
      confirm: "Remove",
    });
    if (!ok) return;
    await busy(ctx, remove, async () => {
      status.textContent = "";
      await arm(partnerPath(link.properties.partnerId), { method: "DELETE", signal: ctx.signal });
      await reload(true);
      status.textContent = "The link was removed.";
    });
  });
  return form;
}

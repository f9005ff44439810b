// Partner information (#/subscriptions/{id}): the subscription's Digital Partner of Record
// (Pal.PartnerOfRecord): validate an ID, save it, delete it — as the Azure portal's blade.

import {
  API,
  ApiError,
  arm,
  type Eligibility,
  type PartnerOfRecord,
  type Subscription,
  type ValidatedPartner,
} from "../api";
import { confirmDialog, facts, field, h, timeElement, uid } from "../dom";
import { busy, heading, type Page } from "../page";

export const partnerInformationPage: Page = async (root, ctx) => {
  const subscriptionId = ctx.params[0] ?? "";
  const base = `/subscriptions/${encodeURIComponent(subscriptionId)}`;
  const dporPath = `${base}/providers/Pal.PartnerOfRecord/partnerOfRecord/default?api-version=${API.partnerOfRecord}`;

  const subtitle = h("p", { class: "muted" }, "Subscription ", h("span", { class: "mono" }, subscriptionId));
  const current = h("div", { class: "card", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  const input = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: 10 });
  const validate = h("button", { type: "button", class: "button" }, "Validate ID");
  const save = h("button", { type: "submit", class: "button primary" }, "Save");
  const remove = h("button", { type: "button", class: "button danger" }, "Delete");
  const reason = h("p", { class: "reason", id: uid("reason"), hidden: true });
  const status = h("output", { role: "status", class: "status-value" });
  const controls = [input, validate, save, remove];
  const form = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("h2", {}, "Set the partner of record"),
    field("Partner ID", input, "The partner's location ID (digits). Validate it to see the partner's name before saving."),
    h("div", { class: "actions" }, validate, save, remove),
    reason,
    h("p", { class: "validated" }, status),
  );

  root.append(
    h("p", { class: "back" }, h("a", { href: "#/subscriptions" }, "← All subscriptions")),
    heading("Partner information"),
    subtitle,
    h(
      "p",
      { class: "lede" },
      "The Digital Partner of Record (DPOR) is the partner that helps you plan, deploy and run this subscription. " +
        "Only the subscription's Owner can set it, and only for an Enterprise Agreement subscription.",
    ),
    ctx.alert,
    h(
      "section",
      {},
      h("h2", { id: "dpor-current" }, "Current partner of record"),
      current,
    ),
    form,
  );

  let hasPartner = false;
  let allowed = false;
  const applyState = (): void => {
    for (const c of controls) c.disabled = !allowed;
    if (allowed && !hasPartner) remove.disabled = true;
  };

  const readDpor = async (): Promise<PartnerOfRecord | null> => {
    try {
      return await arm<PartnerOfRecord>(dporPath, { signal: ctx.signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.code === "PartnerOfRecordNotFound") return null;
      throw error;
    }
  };
  const showDpor = (dpor: PartnerOfRecord | null): void => {
    current.removeAttribute("aria-busy");
    hasPartner = dpor !== null;
    if (dpor) {
      const p = dpor.properties;
      current.replaceChildren(
        facts([
          ["Partner ID", p.partnerId],
          ["Partner name", p.partnerName],
          p.assignedOn ? ["Assigned on", timeElement(p.assignedOn)] : null,
        ]),
      );
    } else {
      current.replaceChildren(h("p", {}, "No partner of record is set"));
    }
    applyState();
  };

  applyState();
  const [subscription, dpor, eligibility] = await Promise.allSettled([
    arm<Subscription>(`${base}?api-version=${API.resources}`, { signal: ctx.signal }),
    readDpor(),
    arm<Eligibility>(`${base}/providers/Pal.PartnerOfRecord/eligibility?api-version=${API.partnerOfRecord}`, {
      signal: ctx.signal,
    }),
  ]);
  if (ctx.signal.aborted) return;
  const failure = [subscription, dpor, eligibility].find((r) => r.status === "rejected");
  if (failure) ctx.showError((failure as PromiseRejectedResult).reason);
  if (subscription.status === "fulfilled") {
    subtitle.replaceChildren(
      h("strong", {}, subscription.value.displayName),
      " · ",
      h("span", { class: "mono" }, subscription.value.subscriptionId),
    );
  }
  if (dpor.status === "fulfilled") {
    showDpor(dpor.value);
  } else {
    current.removeAttribute("aria-busy");
    current.replaceChildren(h("p", { class: "muted" }, "The partner of record could not be read."));
  }
  if (eligibility.status === "fulfilled") {
    const e = eligibility.value;
    allowed = e.eligible && e.canManage && dpor.status === "fulfilled";
    if (!e.eligible || !e.canManage) {
      reason.textContent = e.reason || (e.eligible ? "Only the subscription's Owner can change its partner of record." : "This subscription cannot have a partner of record.");
      reason.hidden = false;
      for (const c of controls) c.setAttribute("aria-describedby", [c.getAttribute("aria-describedby"), reason.id].filter(Boolean).join(" "));
    }
  }
  applyState();

  validate.addEventListener("click", () => {
    const partnerId = input.value.trim();
    if (!partnerId) {
      ctx.showError(new Error("Enter a partner ID."));
      input.focus();
      return;
    }
    void busy(ctx, validate, async () => {
      status.textContent = "";
      const answer = await arm<ValidatedPartner>(
        `${base}/providers/Pal.PartnerOfRecord/validatePartnerId?api-version=${API.partnerOfRecord}`,
        { method: "POST", body: { partnerId }, signal: ctx.signal },
      );
      status.textContent = `Partner name: ${answer.partnerName}`;
    });
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const partnerId = input.value.trim();
    if (!partnerId) {
      ctx.showError(new Error("Enter a partner ID."));
      input.focus();
      return;
    }
    void busy(ctx, save, async () => {
      await arm(dporPath, { method: "PUT", body: { properties: { partnerId } }, signal: ctx.signal });
      const saved = await readDpor();
      showDpor(saved);
      if (saved) status.textContent = `Partner name: ${saved.properties.partnerName}`;
    }).then(applyState);
  });
  remove.addEventListener("click", async () => {
    const ok = await confirmDialog({
      title: "Delete partner of record",
      message: "Delete this subscription's partner of record? The partner is no longer credited for it.",
      confirm: "Delete",
    });
    if (!ok) return;
    await busy(ctx, remove, async () => {
      await arm(dporPath, { method: "DELETE", signal: ctx.signal });
      showDpor(null);
      status.textContent = "";
      input.focus();
    });
    applyState();
  });
};

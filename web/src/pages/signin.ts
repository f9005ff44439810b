// Sign-in (#/signin): a password grant at the `organizations` authority.

import { field, h } from "../dom";
import { busy, heading, type Page } from "../page";
import * as session from "../session";

export const signInPage: Page = (root, ctx) => {
  const username = h("input", {
    type: "text",
    name: "username",
    autocomplete: "username",
    autocapitalize: "none",
    spellcheck: "false",
  });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password" });
  const submit = h("button", { type: "submit", class: "button primary" }, "Sign in");
  const form = h(
    "form",
    { class: "signin-form", novalidate: true },
    field("Username", username, "Your work account, e.g. alice@contoso.example"),
    field("Password", password),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      ctx.showError(new Error("Enter your username and password."));
      (username.value.trim() ? password : username).focus();
      return;
    }
    void busy(ctx, submit, async () => {
      await session.signIn(username.value.trim(), password.value);
      password.value = "";
      ctx.navigate("#/signin");
    });
  });
  root.append(
    h(
      "div",
      { class: "signin" },
      h("p", { class: "eyebrow" }, "pal"),
      heading("Sign in"),
      h("p", { class: "lede" }, "Sign in with your organisation account to manage partner links."),
      ctx.alert,
      form,
    ),
  );
  queueMicrotask(() => username.focus());
};

// Sign-in (#/signin): to the token service's sign-in page and back (session.ts); the portal
// never sees the password.

import { h } from "../dom";
import { busy, heading, type Page } from "../page";
import * as session from "../session";

/** The route to return to after signing in (set by the router). */
let returnTo = "#/link";
export function setReturnTo(hash: string): void {
  returnTo = hash;
}

export const signInPage: Page = (root, ctx) => {
  const submit = h("button", { type: "button", class: "button primary" }, "Sign in");
  submit.addEventListener("click", () => {
    void busy(ctx, submit, () => session.signIn(returnTo));
  });
  root.append(
    h(
      "div",
      { class: "signin" },
      h("p", { class: "eyebrow" }, "pal"),
      heading("Sign in"),
      h(
        "p",
        { class: "lede" },
        "Sign in with your organisation account to manage partner links. You enter your password on pal's sign-in page.",
      ),
      ctx.alert,
      h("div", { class: "actions" }, submit),
    ),
  );
  queueMicrotask(() => submit.focus());
};

// What the router hands each page.

import { errorMessage, isAbort } from "./api";
import { h } from "./dom";

export interface PageContext {
  /** Aborted when the user leaves the page or switches directory. */
  signal: AbortSignal;
  /** The route's parameters, e.g. the subscription id of #/subscriptions/{id}. */
  params: string[];
  /** The page's one role="alert" element; the page places it (under its h1). */
  alert: HTMLElement;
  /** Shows an API error's message in the alert (aborted requests are ignored). */
  showError(error: unknown): void;
  clearError(): void;
  /** Goes to a route; the current one is rendered again (e.g. the sign-in page after signing in). */
  navigate(hash: string): void;
}

export type Page = (root: HTMLElement, ctx: PageContext) => void | Promise<void>;

/** The page's h1, focusable so that the router can move focus to it on navigation. */
export function heading(text: string): HTMLHeadingElement {
  return h("h1", { tabindex: -1 }, text);
}

/** Creates the shared alert element and the functions that fill it. */
export function createAlert(): Pick<PageContext, "alert" | "showError" | "clearError"> {
  const alert = h("div", { role: "alert", class: "alert", hidden: true });
  return {
    alert,
    showError(error: unknown) {
      if (isAbort(error)) return;
      alert.textContent = errorMessage(error);
      alert.hidden = false;
    },
    clearError() {
      alert.textContent = "";
      alert.hidden = true;
    },
  };
}

/** Runs an action with its button disabled and marked busy; errors go to the alert. */
export async function busy(ctx: PageContext, button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  ctx.clearError();
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    await action();
  } catch (error) {
    ctx.showError(error);
  } finally {
    button.removeAttribute("aria-busy");
    if (button.isConnected) button.disabled = false;
  }
}

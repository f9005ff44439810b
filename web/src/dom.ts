// Small DOM helpers: element builders, an accessible confirmation dialog and formatting.

type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((event: Event) => void)>;

function apply(el: Element, attrs: Attrs | undefined, children: (Child | Child[])[]): void {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (value !== false && value !== null && value !== undefined) {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** An HTML element: attributes (`onclick` and friends add listeners), then children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element, as `h` builds HTML ones. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: (Child | Child[])[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs, children);
  return el;
}

let nextId = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled form field: the label above the control, an optional hint below it. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("field");
  control.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

export interface ConfirmOptions {
  title: string;
  message: string;
  confirm: string;
  cancel?: string;
}

/**
 * Asks in a modal <dialog>; resolves true when the confirm button was chosen, false on
 * Cancel or Escape. Focus starts on Cancel and returns to the opener afterwards.
 */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  const opener = document.activeElement as HTMLElement | null;
  const titleId = uid("dialog-title");
  const messageId = uid("dialog-message");
  const cancel = h("button", { type: "button", class: "button", autofocus: true }, options.cancel ?? "Cancel");
  const confirm = h("button", { type: "button", class: "button danger" }, options.confirm);
  const dialog = h(
    "dialog",
    { "aria-labelledby": titleId, "aria-describedby": messageId },
    h("h2", { id: titleId }, options.title),
    h("p", { id: messageId }, options.message),
    h("div", { class: "actions" }, confirm, cancel),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    let result = false;
    confirm.addEventListener("click", () => {
      result = true;
      dialog.close();
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(result);
    });
    dialog.showModal();
    cancel.focus();
  });
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** A definition list of facts, as [term, description] pairs; null pairs are left out. */
export function facts(pairs: ([string, Child] | null)[]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    pairs
      .filter((p): p is [string, Child] => p !== null)
      .flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
}

/** An ISO-8601 instant as a <time> element, e.g. "22 Nov 2026, 19:00 UTC". */
export function timeElement(iso: string | undefined | null): HTMLElement | string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return h("time", { datetime: iso }, `${dateTime.format(date)} UTC`);
}

/**
 * Wraps a table so that it scrolls sideways on narrow screens: focusable, so the keyboard can
 * scroll it, and named as the table is (by its caption or its aria-labelledby).
 */
export function scrollBox(table: HTMLTableElement): HTMLElement {
  const caption = table.caption;
  if (caption && !caption.id) caption.id = uid("caption");
  const label = caption?.id ?? table.getAttribute("aria-labelledby");
  return h("div", { class: "table-scroll", tabindex: 0, role: "group", "aria-labelledby": label }, table);
}

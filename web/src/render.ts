// Small DOM helpers: elements from trusted structure with text from data (never innerHTML), the
// error box, and the shared pieces of a result (citations, trace).
import { ApiError, type ApiErrorBody, type Citation, type Trace } from "./api";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {},
                                                         ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export function showError(box: HTMLElement, err: unknown): void {
  box.hidden = false;
  box.replaceChildren();
  if (err instanceof ApiError) {
    const b = err.body;
    // Ledger refusals already start with "refused: ": the code is not said twice.
    const message = b.message.startsWith(`${b.code}: `) ? b.message.slice(b.code.length + 2) : b.message;
    // A problem in a file (a what-if draft's rule file) is shown at its file:line:col.
    const at = (e: ApiErrorBody) => (e.location ? el("code", { class: "location" }, `${e.location}: `) : null);
    box.append(el("strong", {}, `${b.code}: `), at(b) ?? "", message);
    if (b.field) box.append(el("span", { class: "field" }, ` (field: ${b.field})`));
    if (b.details && b.details.length > 1)
      box.append(el("ul", {}, ...b.details.map((d) =>
        el("li", {}, d.location ? at(d) : d.field ? `${d.field}: ` : "", d.message))));
  } else {
    box.append(String(err instanceof Error ? err.message : err));
  }
}

export function clearError(box: HTMLElement): void {
  box.hidden = true;
  box.replaceChildren();
}

export function fmt(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined ? "unknown" : Number(n.toFixed(digits)).toLocaleString("en-US");
}

export function citations(list: Citation[]): HTMLElement {
  return el("ul", { class: "citations" },
    ...list.map((c) => el("li", {},
      el("code", {}, c.rule_id), " ",
      c.url ? el("a", { href: c.url, target: "_blank", rel: "noreferrer" }, c.cite) : c.cite,
      el("span", { class: "evidence" }, ` [${c.evidence}]`))));
}

export function trace(list: Trace[]): HTMLElement {
  const table = el("table", { class: "trace" },
    el("thead", {}, el("tr", {}, el("th", {}, "rule"), el("th", {}, "outcome"), el("th", {}, "test"), el("th", {}, "values"), el("th", {}, "result"))));
  const body = el("tbody");
  for (const t of list) {
    const steps = t.steps.length ? t.steps : [{ test: t.when, values: "", result: "" }];
    steps.forEach((s, i) => {
      body.append(el("tr", { class: i === 0 ? "rule-start" : "" },
        el("td", {}, i === 0 ? el("code", { title: t.title }, t.rule_id) : ""),
        el("td", { class: `outcome ${t.outcome.replace(/\s.*/, "")}` }, i === 0 ? t.outcome : ""),
        el("td", {}, el("code", {}, s.test)), el("td", {}, s.values), el("td", {}, s.result)));
    });
  }
  table.append(body);
  return table;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

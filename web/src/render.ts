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

// The citations, each under its rule id (withIds false: a list already under its rule).
export function citations(list: Citation[], withIds = true): HTMLElement {
  return el("ul", { class: "citations" },
    ...list.map((c) => el("li", {},
      withIds ? el("code", {}, c.rule_id) : null, withIds ? " " : null,
      c.url ? el("a", { href: c.url, target: "_blank", rel: "noreferrer" }, c.cite) : c.cite,
      el("span", { class: "evidence" }, ` [${c.evidence}]`))));
}

// Outcomes of a rule that did not bear on the answer (check: "does not apply"; classify: also "no
// match"). Every other one (fires, applies, matched, superseded, unknown) is shown first.
const kIdle = new Set(["does not apply", "no match"]);
const rank = (t: Trace) => (kIdle.has(t.outcome) ? 2 : t.outcome === "unknown" ? 1 : 0);

function traceRows(list: Trace[]): HTMLTableRowElement[] {
  const rows: HTMLTableRowElement[] = [];
  for (const t of list) {
    const steps = t.steps.length ? t.steps : [{ test: t.when, values: "", result: "" }];
    steps.forEach((s, i) => {
      rows.push(el("tr", i === 0 ? { class: "rule-start", "data-rule": t.rule_id, "data-outcome": t.outcome } : {},
        el("td", {}, i === 0 ? el("code", { title: t.title }, t.rule_id) : ""),
        el("td", { class: `outcome ${t.outcome.replace(/\s.*/, "")}` }, i === 0 ? t.outcome : ""),
        el("td", {}, el("code", {}, s.test)), el("td", {}, s.values), el("td", {}, s.result)));
    });
  }
  return rows;
}

// The trace: the rules that bore on the answer first (in evaluation order), then the rules that
// did not apply, collapsed behind a button that shows them.
export function trace(list: Trace[]): HTMLElement {
  const sorted = list.map((t, i) => [t, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([t]) => t);
  const idle = sorted.filter((t) => kIdle.has(t.outcome));
  const table = el("table", { class: "trace" },
    el("thead", {}, el("tr", {}, el("th", {}, "rule"), el("th", {}, "outcome"), el("th", {}, "test"), el("th", {}, "values"), el("th", {}, "result"))),
    el("tbody", { class: "bearing" }, ...traceRows(sorted.filter((t) => !kIdle.has(t.outcome)))));
  if (idle.length) {
    const rest = el("tbody", { class: "idle", hidden: "" }, ...traceRows(idle));
    const what = `${idle.length} rule${idle.length === 1 ? "" : "s"} that did not apply`;
    const toggle = el("button", { type: "button", class: "secondary trace-toggle", "aria-expanded": "false" }, `Show the ${what}`);
    toggle.addEventListener("click", () => {
      rest.hidden = !rest.hidden;
      toggle.setAttribute("aria-expanded", String(!rest.hidden));
      toggle.textContent = `${rest.hidden ? "Show" : "Hide"} the ${what}`;
    });
    table.append(el("tbody", { class: "toggle" }, el("tr", {}, el("td", { colspan: "5" }, toggle))), rest);
  }
  return el("div", { class: "scroll" }, table);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

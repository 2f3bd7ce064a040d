// The design explorer (GET /v1/lab/design): for a base catalog chip, a destination and a date, one
// table block per control with each design figure's limit, the part's value today and the margin,
// then the derived design point (the part just under every classification control) with the
// controls evaluated there. Every number comes from the server; nothing here knows a threshold.
import { announce, count } from "./announce";
import { api, type DesignControl, type DesignFigure, type DesignLimit, type DesignReport } from "./api";
import { clearError, el, fmt, showError } from "./render";

const kFigures: Record<DesignFigure, { name: string; unit: string; below: boolean }> = {
  tpp: { name: "TPP", unit: "", below: true },
  die_area: { name: "die area", unit: " mm²", below: false },
  memory_bandwidth: { name: "memory bandwidth", unit: " GB/s", below: true },
  interconnect: { name: "interconnect", unit: " GB/s", below: true },
};

function limitText(l: DesignLimit, goal: DesignControl["goal"]): string {
  const f = kFigures[l.figure];
  switch (l.state) {
    case "unknown": return "base figure unknown";
    case "unbounded": return f.below ? "no edge above today's value" : "no edge below today's value";
    case "always": return goal === "inside" ? "no value of this figure alone qualifies" : "no value of this figure alone escapes";
    default: return `${f.below ? "<" : ">"} ${fmt(l.limit, 1)}${f.unit}`;
  }
}

function marginText(l: DesignLimit): string {
  if (l.margin === null) return "";
  const pct = `${(100 * l.margin).toFixed(1)}%`;
  if (l.margin >= 0) return `+${pct} headroom`;
  return `${pct} (${l.figure === "die_area" ? "grow" : "cut"} needed)`;
}

function statusText(c: DesignControl, at: string): string {
  const good = c.base_on_good_side;
  return c.goal === "inside"
    ? `${good ? "inside" : "outside"} ${at} (a relief: stay inside it)`
    : `${good ? "outside" : "caught"} ${at} (a control: stay outside it)`;
}

function tops(c: DesignControl): string {
  return Object.entries(c.max_dense_tops).map(([p, v]) => `${p} ${fmt(v, 1)}`).join(", ");
}

function controlsTable(id: string, controls: DesignControl[], at: string): HTMLElement {
  const table = el("table", { class: "trace design-controls", id },
    el("thead", {}, el("tr", {}, el("th", {}, "figure"), el("th", {}, "limit"), el("th", {}, at), el("th", {}, "margin"))));
  for (const c of controls) {
    const body = el("tbody", { "data-control": c.id, "data-goal": c.goal, "data-good": String(c.base_on_good_side) },
      el("tr", { class: "rule-start" }, el("th", { colspan: "4" },
        el("code", {}, c.id), c.uncertain ? el("span", { class: "uncertain" }, " [uncertain]") : null, ` — ${c.title}`,
        el("div", { class: `muted status ${c.base_on_good_side ? "good" : "bad"}` },
          statusText(c, at) + (c.evidence ? `, evidence ${c.evidence}` : "")))));
    for (const l of c.limits) {
      const f = kFigures[l.figure];
      body.append(el("tr", { "data-figure": l.figure, "data-state": l.state, "data-limit": l.limit === null ? "" : String(l.limit) },
        el("td", {}, f.name), el("td", { class: "limit" }, limitText(l, c.goal)),
        el("td", { class: "base" }, l.base === null ? "unknown" : `${fmt(l.base, 1)}${f.unit}`),
        el("td", { class: `margin ${l.margin !== null && l.margin < 0 ? "negative" : ""}` }, marginText(l))));
    }
    if (Object.keys(c.max_dense_tops).length)
      body.append(el("tr", { class: "tops" }, el("td", {}, "max dense TOPS"), el("td", { colspan: "3" }, tops(c))));
    table.append(body);
  }
  return table;
}

// The derived design point: per figure, the tightest bounded limit of the controls (not the
// reliefs) evaluated at the point, each moved alone with the others held there.
function designPoint(r: DesignReport): HTMLElement | null {
  if (!r.derived) return null;
  const rows: HTMLElement[] = [];
  for (const figure of Object.keys(kFigures) as DesignFigure[]) {
    const f = kFigures[figure];
    let best: { limit: number; control: DesignControl } | null = null;
    for (const c of r.derived.controls) {
      if (c.goal !== "outside") continue;
      const l = c.limits.find((x) => x.figure === figure);
      if (!l || l.state !== "bounded" || l.limit === null) continue;
      if (!best || (f.below ? l.limit < best.limit : l.limit > best.limit)) best = { limit: l.limit, control: c };
    }
    if (!best) continue;
    rows.push(el("dt", {}, f.name), el("dd", { "data-figure": figure },
      `${f.below ? "<" : ">"} ${fmt(best.limit, 1)}${f.unit} `,
      el("span", { class: "muted" }, `(${best.control.id}${best.control.uncertain ? ", uncertain" : ""})`)));
  }
  const dense = r.controls[0] && Object.keys(r.controls[0].max_dense_tops).length ? tops(r.controls[0]) : "";
  if (dense) rows.push(el("dt", {}, "dense TOPS at most"), el("dd", {}, dense));
  return el("div", { id: "design-point" },
    el("h3", {}, `Derived design point: TPP just under ${fmt(r.derived.tpp, 1)}`),
    el("p", { class: "muted" }, "The part with its throughput cut to just outside every classification control; at that point each " +
      "figure is moved alone again, and the tightest limit of any control is shown."),
    el("dl", { class: "metrics" }, ...rows),
    el("details", {}, el("summary", {}, "every control at the design point"),
      controlsTable("design-derived-controls", r.derived.controls, "at this point")));
}

function render(r: DesignReport): HTMLElement {
  const policy = r.base.review_policy && r.base.review_policy !== "none" ? ` (${r.base.review_policy.replaceAll("_", " ")})` : "";
  return el("div", {},
    el("p", { class: `headline ${r.base.outcome}`, id: "design-summary" },
      `${r.chip.name} to ${r.destination} as of ${r.as_of}: ${r.base.eccn}, ${r.base.outcome.replaceAll("_", " ")}${policy}`),
    el("p", {}, `Today: TPP ${fmt(r.base.tpp, 1)}, performance density ${fmt(r.base.pd, 2)}; end-user HQ ${r.end_user_hq || r.destination}, ` +
      `shipped from ${r.ship_from}${r.keep ? `; keeping ${r.keep} only` : ""}. Each figure is moved alone, the others held at today's values.`),
    controlsTable("design-controls", r.controls, "today"),
    designPoint(r));
}

export function initDesign(): void {
  const form = document.querySelector<HTMLFormElement>("#design-form")!;
  const out = document.querySelector<HTMLElement>("#design-result")!;
  const errorBox = document.querySelector<HTMLElement>("#design-error")!;
  const button = document.querySelector<HTMLButtonElement>("#design-submit")!;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    const params: Record<string, string> = {};
    for (const name of ["chip", "to", "end_user_hq", "as_of", "keep"])
      params[name] = (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    out.replaceChildren(el("p", { class: "muted" }, "exploring (each figure swept through the rules)…"));
    try {
      const r = await api.design(params);
      out.replaceChildren(render(r));
      announce("lab", `${r.chip.name}: ${r.base.eccn}, ${r.base.outcome.replaceAll("_", " ")}; limits for ${count(r.controls.length, "control")}`);
    } catch (e) {
      out.replaceChildren();
      showError(errorBox, e);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
}

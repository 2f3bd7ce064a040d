// The check view: may this shipment go? The outcome with review policy, conditions, restrictions,
// warnings, citations and (with explain) the trace of every rule considered.
import { api, type Decision, type DecisionItem } from "./api";
import { citations, clearError, el, showError, trace } from "./render";

const kOutcomeText: Record<Decision["outcome"], string> = {
  no_license_required: "No licence required",
  license_exception: "Licence exception available",
  license_required: "Licence required",
  prohibited: "Prohibited",
  hold: "Hold — not a go until settled",
};

function items(title: string, list: DecisionItem[]): HTMLElement | null {
  if (!list.length) return null;
  return el("div", {}, el("h3", {}, title),
    el("ul", {}, ...list.map((i) => el("li", {}, i.rule_id ? el("code", {}, i.rule_id) : "", i.rule_id ? " " : "", i.text))));
}

function render(d: Decision): HTMLElement {
  return el("div", {},
    el("p", { class: `headline ${d.outcome}`, id: "check-outcome", "data-outcome": d.outcome },
      kOutcomeText[d.outcome] + (d.review_policy ? ` — ${d.review_policy.replaceAll("_", " ")}` : "")),
    el("p", {}, `${d.quantity} × ${d.chip.name} to ${d.destination}, ECCN ${d.eccn}, as of ${d.as_of}`),
    el("p", { class: "muted" }, `decision ${d.decision_id}`),
    d.holds.length
      ? el("div", { id: "check-holds" }, el("h3", {}, d.outcome === "hold" ? "Held until settled" : "Also unsettled"),
          el("ul", {}, ...d.holds.map((h) => el("li", {}, h.text))))
      : null,
    d.scope.length
      ? el("p", {}, ...d.scope.map((s) => `Subject to ${s.regime}: ${s.subject}${s.missing.length ? ` (depends on ${s.missing.join(", ")})` : ""}. `))
      : null,
    d.exceptions_unavailable.length && d.outcome !== "license_exception"
      ? el("div", {}, el("h3", {}, "Licence exceptions not available"),
          el("ul", {}, ...d.exceptions_unavailable.map((x) => el("li", {}, `${x.exception} (${x.rule_id}): ${x.reason}`))))
      : null,
    d.license_exceptions.length
      ? el("div", {}, el("h3", {}, "Licence exceptions"),
          el("ul", {}, ...d.license_exceptions.map((x) => el("li", {}, `${x.exception} (${x.rule_id}): ${x.duties.join("; ")}`))))
      : null,
    items("Conditions", d.conditions), items("Import-side restrictions", d.import_restrictions),
    items("Permits", d.permits), items("Warnings", d.warnings),
    el("h3", {}, "Citations"), citations(d.citations),
    d.trace ? el("h3", {}, "Trace") : null,
    d.trace ? trace(d.trace) : null);
}

export function initCheck(): void {
  const form = document.querySelector<HTMLFormElement>("#check-form")!;
  const out = document.querySelector<HTMLElement>("#check-result")!;
  const errorBox = document.querySelector<HTMLElement>("#check-error")!;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    const req: Record<string, unknown> = { explain: document.querySelector<HTMLInputElement>("#check-explain")!.checked };
    for (const name of ["chip", "quantity", "destination", "ship_from", "end_user", "end_user_hq", "end_use", "as_of",
                        "end_user_type", "origin", "us_content", "us_technology", "contains"]) {
      const field = form.elements.namedItem(name) as HTMLInputElement | null;
      if (!field) continue;
      const v = field.value.trim();
      if (v) req[name] = v;
    }
    try {
      out.replaceChildren(render(await api.check(req)));
    } catch (e) {
      out.replaceChildren();
      showError(errorBox, e);
    }
  });
}

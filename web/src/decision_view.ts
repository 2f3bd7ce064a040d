// A decision of POST /v1/check in plain words, most important first: the outcome with its review
// policy (coloured and labelled), the shipment and the exporter it was decided for (saying so when
// the exporter was not given and the vendor was assumed), the deciding rules with their titles and
// citations, the screening hits, then holds, scope, exceptions, conditions and warnings, and last
// the trace (firing rules first, the rules that did not apply collapsed).
import type { Citation, Decision, DecisionItem, ScreeningHit, Trace } from "./api";
import { citations, el, trace } from "./render";

const kOutcomeText: Record<Decision["outcome"], string> = {
  no_license_required: "No licence required",
  license_exception: "Licence exception available",
  license_required: "Licence required",
  prohibited: "Prohibited",
  hold: "Hold — not a go until settled",
};

// What each review policy means for a licence application (colour and label in style.css).
const kPolicyText: Record<string, string> = {
  presumption_of_denial: "an application will normally be refused",
  case_by_case: "each application is reviewed on its merits",
  presumption_of_approval: "an application will normally be granted",
};

function items(title: string, list: DecisionItem[]): HTMLElement | null {
  if (!list.length) return null;
  return el("div", {}, el("h3", {}, title),
    el("ul", {}, ...list.map((i) => el("li", {}, i.rule_id ? el("code", {}, i.rule_id) : "", i.rule_id ? " " : "", i.text))));
}

function policy(p: string): HTMLElement {
  return el("span", { class: `policy ${p}`, id: "check-policy", "data-policy": p, title: kPolicyText[p] ?? "" },
    p.replaceAll("_", " "));
}

function headline(d: Decision): HTMLElement {
  return el("div", { class: "decision-head" },
    el("p", { class: `headline ${d.outcome}`, id: "check-outcome", "data-outcome": d.outcome, "data-as-of": d.as_of },
      kOutcomeText[d.outcome], d.review_policy ? " " : null, d.review_policy ? policy(d.review_policy) : null),
    d.review_policy && kPolicyText[d.review_policy]
      ? el("p", { class: "muted" }, `Review policy ${d.review_policy.replaceAll("_", " ")}: ${kPolicyText[d.review_policy]}.`)
      : null);
}

// The exporter decides some rules (an is-informed letter binds the company informed): a decision
// without one was taken as if the chip's vendor exported it, and the page says so.
function exporter(d: Decision, given: boolean): HTMLElement {
  const assumed = d.request?.exporter ?? "";
  return given
    ? el("p", { id: "check-exporter-note", class: "note", "data-given": "true" }, `Exporter: ${assumed}.`)
    : el("p", { id: "check-exporter-note", class: "note assumed", "data-given": "false" },
        el("strong", {}, "Exporter not given: "),
        `decided as if the vendor${assumed ? ` (${assumed})` : ""} exported it. Rules that bind only the company ` +
        "informed (is-informed letters) may not apply to another exporter: give the exporter if someone else ships.");
}

// The rules the outcome rests on, each with its title (from the traces of the check and of the
// classification, when explained) and its citations.
function deciding(d: Decision): HTMLElement {
  const titles = new Map([...(d.classification.trace ?? []), ...(d.trace ?? [])].map((t: Trace) => [t.rule_id, t.title]));
  const cited = (id: string): Citation[] => d.citations.filter((c) => c.rule_id === id);
  const others = d.citations.filter((c) => !d.rule_ids.includes(c.rule_id));
  return el("div", {},
    el("h3", {}, "Decided by"),
    d.rule_ids.length
      ? el("ul", { id: "check-deciding", class: "deciding" }, ...d.rule_ids.map((id) => el("li", { "data-rule": id },
          el("code", {}, id), titles.get(id) ? ` — ${titles.get(id)}` : "",
          cited(id).length ? citations(cited(id), false) : null)))
      : el("p", { id: "check-deciding", class: "muted" }, "No rule bears on this shipment."),
    others.length ? el("h3", {}, "Other citations") : null,
    others.length ? citations(others) : null);
}

function hit(h: ScreeningHit): HTMLElement {
  const matched = h.matched_name && h.matched_name !== h.entry_name ? ` (matched as “${h.matched_name}”)` : "";
  return el("li", { class: `screening-hit band-${h.band}`, "data-band": h.band },
    `${h.role.replaceAll("_", " ")} “${h.party}” matches `, el("strong", {}, h.entry_name), matched,
    ` on the ${h.source || h.list.replaceAll("_", " ")}: `,
    el("span", { class: `band ${h.band}` }, `${h.band} band`),
    `, score ${h.score.toFixed(3)}`, h.listed_on ? `, listed ${h.listed_on}` : "",
    h.clearance ? " — cleared by an officer" : "");
}

function screening(d: Decision): HTMLElement {
  const hits = d.screening ?? [];
  const party = d.request?.end_user;
  if (hits.length)
    return el("div", { id: "check-screening" },
      el("h3", {}, `Screening: ${hits.length} hit${hits.length === 1 ? "" : "s"}`),
      el("ul", {}, ...hits.map(hit)));
  return el("p", { id: "check-screening", class: "muted" },
    party ? `Screening: no hits for “${party}” on the restricted-party lists.` : "Screening: no party screened (no end user given).");
}

export function renderDecision(d: Decision, exporterGiven: boolean): HTMLElement {
  return el("div", {},
    headline(d),
    el("p", {}, `${d.quantity} × ${d.chip.name} to ${d.destination}, ECCN ${d.eccn}, as of ${d.as_of}`),
    exporter(d, exporterGiven),
    deciding(d),
    screening(d),
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
    el("p", { class: "muted" }, `decision ${d.decision_id}`),
    d.trace ? el("h3", {}, "Trace") : null,
    d.trace ? trace(d.trace) : null);
}

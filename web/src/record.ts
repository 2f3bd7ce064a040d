// The decision record: one entry of the decision log as a document to file or print — the
// outcome, the decision id, who asked and when, the as-of date, the shipment, the deciding rules
// each with its title and citations (the rule versions in force on the as-of date, from GET
// /v1/rules), holds and screening hits, the rule set with its revision and content hash, and the
// restricted-party list versions screened against. The print stylesheet (style.css, @media print)
// prints this record alone.
import type { DecisionLogEntry, RuleInfo } from "./api";
import { el } from "./render";

interface Hit { party?: string; role?: string; entry_name?: string; list?: string; source?: string; band?: string; score?: number; clearance?: unknown }
interface Hold { kind?: string; text?: string }

let rulesOnce: Promise<RuleInfo[]> | null = null;

// The rule set's rules (all versions), fetched once per page; none when the server will not say.
export function loadRules(fetchRules: () => Promise<{ rules: RuleInfo[] }>): Promise<RuleInfo[]> {
  rulesOnce ??= fetchRules().then((r) => r.rules, () => {
    rulesOnce = null;
    return [];
  });
  return rulesOnce;
}

// The version of rule `id` in force on `asOf` (else its newest version).
function ruleOn(rules: RuleInfo[], id: string, asOf: string): RuleInfo | undefined {
  const all = rules.filter((r) => r.id === id);
  return all.find((r) => r.effective_from <= asOf && (r.effective_to === null || asOf <= r.effective_to)) ?? all[all.length - 1];
}

function row(name: string, value: string | Node, key = name): HTMLElement[] {
  return [el("dt", {}, name), el("dd", { "data-record": key, "data-field": name }, value)];
}

// "ID REVISION HASH" of the decision log: each part named.
function ruleset(text: string): string {
  const [id, revision, hash] = text.split(" ");
  return hash ? `${id}, revision ${revision} (content ${hash.slice(0, 16)}…)` : text;
}

export function decisionRecord(d: DecisionLogEntry, rules: RuleInfo[]): HTMLElement {
  const body = (d.body ?? {}) as Record<string, unknown>;
  const ruleIds = (body.rule_ids ?? []) as string[];
  const holds = (body.holds ?? []) as Hold[];
  const hits = ((body.screening ?? body.hits ?? []) as Hit[]);
  const revision = d.ruleset.split(" ")[1] ?? "";
  return el("section", { class: "record", id: "decision-record", "data-decision-id": d.decision_id, "data-revision": revision },
    el("h3", { class: "record-title" }, "Decision record"),
    el("p", { class: `headline ${d.outcome}`, id: "record-outcome", "data-outcome": d.outcome }, d.outcome.replaceAll("_", " "),
      body.review_policy ? ` — ${String(body.review_policy).replaceAll("_", " ")}` : ""),
    el("dl", { class: "metrics" },
      ...row("decision id", d.decision_id),
      ...row("log entry", `#${d.seq}, recorded ${d.recorded_at} (UTC)`, "entry"),
      ...row("asked by", `${d.actor} (${d.channel})`, "actor"),
      ...row("as of", d.as_of, "as_of"),
      ...row("shipment", d.kind === "check" ? `${d.chip} to ${d.destination}${body.eccn ? `, ECCN ${String(body.eccn)}` : ""}` : `screening of “${d.party}”`, "shipment"),
      ...(d.party ? row("party", d.party) : []),
      ...row("rule set", ruleset(d.ruleset), "ruleset"),
      ...row("lists", d.lists.length
        ? el("ul", { class: "record-lists" }, ...d.lists.map((l) => el("li", {},
            `${String(l.id ?? "")} — ${String(l.version ?? "")}${l.sha256 ? ` (sha256 ${String(l.sha256).slice(0, 16)}…)` : ""}`)))
        : "none screened", "lists"),
      ...row("chain", `hash ${d.hash.slice(0, 16)}…, previous ${d.prev_hash.slice(0, 16)}…`, "chain")),
    el("h4", {}, "Deciding rules"),
    ruleIds.length
      ? el("ol", { class: "deciding record-rules" }, ...ruleIds.map((id) => {
          const r = ruleOn(rules, id, d.as_of);
          return el("li", { "data-rule": id },
            el("code", {}, id), r?.title ? ` — ${r.title}` : "",
            r && r.effective_from ? el("span", { class: "muted" }, ` (in force from ${r.effective_from}${r.effective_to ? ` to ${r.effective_to}` : ""}; evidence ${r.evidence})`) : null,
            r?.citations.length
              ? el("ul", { class: "citations" }, ...r.citations.map((c) => el("li", { class: "citation" },
                  c.url ? el("a", { href: c.url, target: "_blank", rel: "noreferrer" }, c.cite) : c.cite)))
              : null);
        }))
      : el("p", { class: "muted" }, "No rule bears on it."),
    holds.length ? el("h4", {}, "Holds") : null,
    holds.length ? el("ul", { class: "record-holds" }, ...holds.map((h) => el("li", {}, h.text ?? ""))) : null,
    hits.length ? el("h4", {}, "Screening hits") : null,
    hits.length
      ? el("ul", { class: "record-hits" }, ...hits.map((h) => el("li", {},
          `“${h.party ?? d.party}” matches ${h.entry_name ?? "?"} on the ${h.source || h.list || "list"}: ${h.band ?? ""} band` +
          (typeof h.score === "number" ? `, score ${h.score.toFixed(3)}` : "") + (h.clearance ? " — cleared" : ""))))
      : null,
    el("p", { class: "muted record-foot" }, `Printed from the exportctl compliance desk: ${location.origin}${location.pathname}#history/${d.seq}`));
}

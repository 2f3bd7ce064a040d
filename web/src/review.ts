// The review queue: what waits for an officer. (1) Decisions on hold and screenings in the review
// band (GET /v1/decisions?outcome=hold|review, the newest first), each with its evidence (the
// entry's answer: holds and screening hits with list, score and band); every hit says whether it
// is cleared (GET /v1/clearances), waiting for a second officer (a pending clearance in GET
// /v1/changes) or open, and an open hit can be cleared — a reason and an expiry proposed with POST
// /v1/clearances — or escalated: handed to someone named, with why, recorded in the ledger (POST
// /v1/escalations; audited) and shown on the item from then on, with an e-mail carrying the
// decision record's URL to send it. (2) The changes waiting for a second pair of eyes (licences,
// amendments, clearances), approved or rejected here with a note; the server refuses an officer
// approving their own change, and that refusal is shown as it says it. (3) The clearances in
// force (GET /v1/clearances), each revocable at once with a reason (POST
// /v1/clearances/{id}/revoke): the hit holds the party's checks again. The tab's token
// (session_token.ts) is the officer acting; the counts are announced (announce.ts).
import { ApiError, api, type ChangeRequest, type Clearance, type DecisionLogEntry, type Escalation } from "./api";
import { announce } from "./announce";
import { busy } from "./busy";
import { clearError, el, showError, todayIso } from "./render";
import { sessionToken } from "./session_token";

const kQueueMax = 30;  // held entries shown with their evidence (the newest)
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

interface Hit { party: string; list: string; entry_id: string; entry_name: string; band: string; score: number; source: string; listed_on?: string; matched_name?: string; clearance?: unknown }

let clearances: Clearance[] = [];
let pending: ChangeRequest[] = [];
let escalations: Escalation[] = [];

function token(): string {
  return $<HTMLInputElement>("#review-token").value.trim();
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
// A clearance names the list by its id (entity-list-curated), a check's hit by its kind
// (entity_list): they are matched by party and entry id, which no two lists share.
function matches(h: Hit, c: { party?: unknown; entry_id?: unknown }): boolean {
  return same(h.party, String(c.party ?? "")) && h.entry_id === c.entry_id;
}

// The list id a clearance must name (the server refuses anything but a loaded list's id, such as
// entity-list-curated; a check's hit names only the list's kind, entity_list). A screening's hit
// carries the id; a check's entry names the lists it was decided with (`lists`, clearances
// aside), so one list is the hit's; with several, the party is screened again (POST /v1/screen)
// and the id taken from the hit on the same entry. Never the kind: an error says so instead.
async function listIdOf(h: Hit, d: DecisionLogEntry): Promise<string> {
  if (d.kind === "screen") return h.list;
  const ids = (d.lists ?? []).map((l) => String(l.id ?? "")).filter((id) => id && id !== "clearances");
  if (ids.length === 1) return ids[0];
  const again = await api.screen({ name: h.party });
  const id = again.hits.find((x) => x.entry_id === h.entry_id)?.list;
  if (!id) throw new Error(`entry ${h.entry_id} is not on a loaded list any more (screen “${h.party}” again)`);
  return id;
}

// The hits of an entry's answer in one shape: a check's screening, or a screening's own hits.
function hitsOf(d: DecisionLogEntry): Hit[] {
  const body = (d.body ?? {}) as Record<string, unknown>;
  if (d.kind === "check") return ((body.screening ?? []) as Hit[]).filter((h) => h.band !== "none");
  return ((body.hits ?? []) as Record<string, unknown>[]).map((h) => ({
    party: d.party, list: String(h.list), entry_id: String(h.entry_id), entry_name: String(h.entry_name),
    band: String(h.band), score: Number(h.score), source: String(h.source ?? ""), listed_on: String(h.start_date ?? ""),
    matched_name: String(h.matched_name ?? "") }));
}

function recordUrl(d: DecisionLogEntry): string {
  return `${location.origin}${location.pathname}#history/${d.seq}`;
}

function escalateHref(d: DecisionLogEntry, hits: Hit[]): string {
  const subject = `Escalation: decision #${d.seq} (${d.outcome}) — ${d.party || d.chip}`;
  const lines = [`Decision record: ${recordUrl(d)}`, `Decision id: ${d.decision_id}`, `As of ${d.as_of}; ${d.chip} to ${d.destination}; party ${d.party}`,
                 "", ...hits.map((h) => `Hit: ${h.entry_name} on ${h.source || h.list} (${h.entry_id}), ${h.band} band, score ${h.score.toFixed(3)}`)];
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(lines.join("\n"))}`;
}

// The escalations recorded for a decision: of one hit, or (h null) of the decision as a whole.
function escalationsOf(d: DecisionLogEntry, h: Hit | null): Escalation[] {
  return escalations.filter((e) => e.decision_seq === d.seq && (h ? matches(h, e) : e.entry_id === ""));
}

function escalatedEl(e: Escalation): HTMLElement {
  return el("p", { class: "escalated", "data-escalation": String(e.id) },
    el("strong", {}, `Escalated to ${e.escalated_to}`), ` by ${e.escalated_by} at ${e.recorded_at}: ${e.reason}`);
}

// Hands the decision (or one hit of it) to someone to settle: recorded in the ledger, then shown.
function escalateForm(d: DecisionLogEntry, h: Hit | null, onDone: (said: string) => void): HTMLElement {
  const what = h ? `${h.entry_name} for ${h.party}` : `decision #${d.seq}`;
  const to = el("input", { name: "escalated_to", class: "escalate-to", size: "24", required: "", maxlength: "256",
                           placeholder: "who settles it: name, role or e-mail" });
  const reason = el("input", { name: "reason", class: "escalate-reason", size: "36", required: "", maxlength: "2000",
                               placeholder: "what they are to decide, and why" });
  const submit = el("button", { type: "submit", class: "secondary escalate-submit" }, "Escalate");
  const errorBox = el("div", { class: "error", role: "alert", hidden: "" });
  const form = el("form", { class: "escalate-form grid", "aria-label": `escalate ${what}` },
    el("label", {}, "Escalate to", to), el("label", {}, "Why", reason), submit,
    el("a", { class: "escalate", href: escalateHref(d, h ? [h] : hitsOf(d)) }, "Write the e-mail"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    void busy(submit, async () => {
      try {
        const e = await api.escalate({ decision_seq: d.seq, escalated_to: to.value.trim(), reason: reason.value.trim(),
                                        ...(h ? { party: h.party, entry_id: h.entry_id } : {}) }, token());
        onDone(`Escalated ${what} to ${e.escalated_to}`);
      } catch (e) {
        showError(errorBox, e);
      }
    });
  });
  return el("div", { class: "escalation" }, ...escalationsOf(d, h).map(escalatedEl), form, errorBox);
}

function clearForm(d: DecisionLogEntry, h: Hit, onDone: () => void): HTMLElement {
  const reason = el("input", { name: "reason", class: "clear-reason", size: "36", required: "", placeholder: "why this is not the listed party" });
  const inAYear = new Date(Date.now() + 365 * 86400e3).toISOString().slice(0, 10);
  const expires = el("input", { name: "expires", type: "date", class: "clear-expires", value: inAYear, min: todayIso() });
  const submit = el("button", { type: "submit", class: "clear-submit" }, "Clear (needs a second officer)");
  const errorBox = el("div", { class: "error", role: "alert", hidden: "" });
  const form = el("form", { class: "clear-form grid", "aria-label": `clear ${h.entry_name} for ${h.party}` },
    el("label", {}, "Reason", reason), el("label", {}, "Expires (exclusive)", expires), submit);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    void busy(submit, async () => {
      try {
        const req = { party: h.party, list: await listIdOf(h, d), entry_id: h.entry_id, reason: reason.value.trim(), ...(expires.value ? { expires: expires.value } : {}) };
        await api.proposeClearance(req, token());
        onDone();
      } catch (e) {
        showError(errorBox, e);
      }
    });
  });
  return el("div", {}, form, errorBox);
}

function hitState(d: DecisionLogEntry, h: Hit, refresh: (said?: string) => void): HTMLElement {
  // The escalations stay in view whatever became of the hit since.
  const escalated = escalationsOf(d, h).map(escalatedEl);
  const c = clearances.find((x) => !x.revoked && matches(h, x));
  if (c)
    return el("div", { class: "hit-state cleared", "data-state": "cleared" }, ...escalated,
      el("p", {}, `Cleared (clearance ${c.id}${c.approved_by ? `, approved by ${c.approved_by}` : ""}${c.expires ? `, until ${c.expires}` : ""}): ${c.reason}`));
  const p = pending.find((x) => x.kind === "clearance" && matches(h, x.body));
  if (p)
    return el("div", { class: "hit-state pending", "data-state": "pending", "data-change": String(p.id) }, ...escalated,
      el("p", {}, `Clearance proposed by ${p.requested_by} (change ${p.id}): waiting for a second officer to approve it below.`));
  return el("div", { class: "hit-state open", "data-state": escalationsOf(d, h).length ? "escalated" : "open" },
    clearForm(d, h, refresh), escalateForm(d, h, refresh));
}

function item(d: DecisionLogEntry, refresh: (said?: string) => void): HTMLElement {
  const body = (d.body ?? {}) as Record<string, unknown>;
  const holds = ((body.holds ?? []) as { kind: string; text: string }[]);
  const hits = hitsOf(d);
  return el("article", { class: "review-item", "data-seq": String(d.seq), "data-party": d.party, "data-outcome": d.outcome },
    el("h3", {}, el("a", { href: `#history/${d.seq}` }, `#${d.seq}`), " ",
      el("span", { class: `outcome ${d.outcome}` }, d.outcome), " — ",
      d.kind === "check" ? `${d.chip} to ${d.destination}` : "screening", d.party ? ` for “${d.party}”` : ""),
    el("p", { class: "muted" }, `recorded ${d.recorded_at} by ${d.actor}; as of ${d.as_of}`),
    holds.length ? el("ul", { class: "review-holds" }, ...holds.map((h) => el("li", { "data-kind": h.kind }, h.text))) : null,
    hits.length
      ? el("ul", { class: "review-hits" }, ...hits.map((h) => el("li", { class: `review-hit band-${h.band}`, "data-entry": h.entry_id, "data-band": h.band },
          el("p", {}, `“${h.party}” matches `, el("strong", {}, h.entry_name), h.matched_name && h.matched_name !== h.entry_name ? ` (as “${h.matched_name}”)` : "",
            ` on the ${h.source || h.list}: `, el("span", { class: `band ${h.band}` }, `${h.band} band`), `, score ${h.score.toFixed(3)}`,
            h.listed_on ? `, listed ${h.listed_on}` : "", ` · entry ${h.entry_id}`),
          hitState(d, h, refresh))))
      : el("p", { class: "muted" }, "No screening hit: settle the holds above (give the missing facts and check again)."),
    hits.length ? null : escalateForm(d, null, refresh));
}

function clearanceEl(c: Clearance, refresh: (said?: string) => void): HTMLElement {
  const reason = el("input", { class: "revoke-reason", size: "28", required: "", placeholder: "why it no longer holds" });
  const submit = el("button", { type: "submit", class: "secondary revoke-submit" }, "Revoke now");
  const errorBox = el("div", { class: "error", role: "alert", hidden: "" });
  const form = el("form", { class: "change-actions revoke-form", "aria-label": `revoke clearance ${c.id}` },
    el("label", {}, "Reason to revoke ", reason), submit);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    void busy(submit, async () => {
      try {
        const revoked = await api.revokeClearance(c.id, reason.value.trim(), token());
        refresh(`Clearance ${revoked.id} revoked: “${revoked.party}” is no longer cleared of ${revoked.entry_id}`);
      } catch (e) {
        showError(errorBox, e);
      }
    });
  });
  return el("li", { class: "change clearance", "data-clearance": String(c.id), "data-party": c.party, "data-entry": c.entry_id },
    el("p", {}, el("strong", {}, `Clearance ${c.id}: `), `“${c.party}” is not ${c.entry_id} on ${c.list}: ${c.reason}`),
    el("p", { class: "muted" }, `proposed by ${c.requested_by}${c.approved_by ? `, approved by ${c.approved_by}` : " (approvals off)"}, ` +
      `${c.recorded_at}${c.expires ? `; until ${c.expires}` : "; no expiry"}`),
    form, errorBox);
}

function changeEl(c: ChangeRequest, refresh: () => void): HTMLElement {
  const note = el("input", { class: "change-note", size: "24", placeholder: "note (optional)", "aria-label": `note on change ${c.id}` });
  const approve = el("button", { type: "button", class: "change-approve" }, "Approve");
  const reject = el("button", { type: "button", class: "secondary change-reject" }, "Reject");
  const errorBox = el("div", { class: "error", role: "alert", hidden: "" });
  const act = (button: HTMLButtonElement, call: () => Promise<ChangeRequest>) => () => {
    clearError(errorBox);
    void busy(button, async () => {
      try {
        await call();
        refresh();
      } catch (e) {
        showError(errorBox, e);
      }
    });
  };
  approve.addEventListener("click", act(approve, () => api.approve(c.id, note.value.trim(), token())));
  reject.addEventListener("click", act(reject, () => api.reject(c.id, note.value.trim(), token())));
  const b = c.body;
  const what = c.kind === "clearance"
    ? `clear “${String(b.party)}” of ${String(b.list)} ${String(b.entry_id)}: ${String(b.reason)}${b.expires ? ` (until ${String(b.expires)})` : ""}`
    : `${c.kind === "add_licence" ? "add licence" : "amend licence"} ${c.subject}` +
      (b.quantity_cap !== undefined ? `: ${String(b.quantity_cap)} units` : "") + (c.reason ? ` — ${c.reason}` : "");
  return el("li", { class: "change", "data-change": String(c.id), "data-kind": c.kind },
    el("p", {}, el("strong", {}, `Change ${c.id}: `), what),
    el("p", { class: "muted" }, `proposed by ${c.requested_by} at ${c.requested_at}`),
    el("div", { class: "change-actions" }, note, approve, reject), errorBox);
}

// Every held or review-band entry of the decision log (paged, oldest first), the newest kept.
async function held(): Promise<{ entries: DecisionLogEntry[]; total: number }> {
  const all: DecisionLogEntry[] = [];
  for (const params of [{ outcome: "hold", kind: "check" }, { outcome: "review", kind: "screen" }]) {
    let after: number | null = null;
    do {
      const page: { decisions: DecisionLogEntry[]; next_after: number | null } =
        await api.decisions({ ...params, limit: "1000", ...(after !== null ? { after: String(after) } : {}) }, token());
      all.push(...page.decisions);
      after = page.next_after;
    } while (after !== null && all.length < 10000);
  }
  all.sort((a, b) => b.seq - a.seq);
  const newest = all.slice(0, kQueueMax);
  const entries = await Promise.all(newest.map((d) => api.decision(String(d.seq), token())));
  return { entries, total: all.length };
}

// An entry whose every hit is cleared and that has no other hold is settled: out of the queue.
function open(d: DecisionLogEntry): boolean {
  const holds = (((d.body ?? {}) as Record<string, unknown>).holds ?? []) as { kind: string }[];
  const hits = hitsOf(d).filter((h) => h.band !== "none");
  const cleared = (h: Hit) => clearances.some((c) => !c.revoked && matches(h, c));
  return holds.some((h) => h.kind !== "open_screening_hit") || hits.some((h) => !cleared(h)) || (!hits.length && d.kind === "check");
}

// Reads the queue, the pending changes and the clearances again; `said`, what was just done, is
// announced before the counts.
export async function refreshReview(said = ""): Promise<void> {
  const errorBox = $("#review-error");
  const queue = $("#review-queue");
  const changes = $("#review-changes");
  const button = $<HTMLButtonElement>("#review-submit");
  clearError(errorBox);
  if (!token()) {
    $("#review-summary").textContent = "An officer's token is needed to read the queue and to act on it.";
    return;
  }
  sessionToken.set(token());
  await busy(button, async () => {
    queue.setAttribute("aria-busy", "true");
    try {
      const [c, p, h, x] = await Promise.all([api.clearances(token()), api.changes("pending", token()), held(), api.escalations(token())]);
      clearances = c.clearances;
      pending = p.changes;
      escalations = x.escalations;
      const refresh = (what?: string) => void refreshReview(what);
      const waiting = h.entries.filter(open);
      const summary =
        `${waiting.length} decision${waiting.length === 1 ? "" : "s"} waiting for review` +
        (h.total > kQueueMax ? ` (the newest ${kQueueMax} of ${h.total} held entries looked at; older ones are in History)` : "") +
        `; ${pending.length} change${pending.length === 1 ? "" : "s"} waiting for a second officer.`;
      $("#review-summary").textContent = summary;
      announce("review", `${said ? `${said}. ` : ""}${waiting.length} waiting for review, ${pending.length} for a second officer, ${clearances.length} clearance${clearances.length === 1 ? "" : "s"} in force`);
      queue.replaceChildren(...(waiting.length ? waiting.map((d) => item(d, refresh)) : [el("p", { class: "muted" }, "Nothing is on hold.")]));
      changes.replaceChildren(pending.length
        ? el("ul", { class: "changes" }, ...pending.map((x) => changeEl(x, refresh)))
        : el("p", { class: "muted" }, "No change waits for approval."));
      $("#review-clearances").replaceChildren(clearances.length
        ? el("ul", { class: "changes clearances" }, ...clearances.map((x) => clearanceEl(x, refresh)))
        : el("p", { class: "muted" }, "No clearance is in force."));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) sessionToken.forget();
      showError(errorBox, e);
    } finally {
      queue.removeAttribute("aria-busy");
    }
  });
}

// Called by the router on #review.
export function showReview(): void {
  const field = $<HTMLInputElement>("#review-token");
  if (!field.value.trim()) field.value = sessionToken.get();
  void refreshReview();
}

export function initReview(): void {
  $<HTMLFormElement>("#review-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void refreshReview();
  });
}

// The audit log under the licences view: Verify the audit chain (GET /v1/audit/verify, open to any
// reader) and the log itself (GET /v1/audit, an admin token), newest first a page at a time (Show
// more), narrowed on the server by kind, actor and text (subject or payload) as they are typed; a
// later answer never overwrites a newer one. Export CSV fetches every entry the filters keep, whole
// payloads and hashes included. The admin token typed here becomes the tab's token
// (session_token.ts), as every other token field does.
import { ApiError, api, type AuditEntry, type AuditPage } from "./api";
import { announce, count } from "./announce";
import { busy } from "./busy";
import { csvLines, download } from "./csv";
import { latestOnly } from "./latest";
import { clearError, el, showError } from "./render";
import { sessionToken } from "./session_token";

const kPage = 50;
const kExportPage = 1000;
const kColumns: (keyof AuditEntry)[] = ["seq", "recorded_at", "kind", "subject", "actor", "payload", "prev_hash", "hash"];
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

let page: AuditPage | null = null;  // the pages loaded so far, merged (entries newest first)
const ticket = latestOnly();  // a later answer never overwrites a newer one

function token(): string {
  return $<HTMLInputElement>("#audit-token").value.trim();
}

// The server-side filters as query parameters.
function filters(): Record<string, string> {
  const out: Record<string, string> = {};
  const kind = $<HTMLSelectElement>("#audit-kind").value;
  const actor = $<HTMLInputElement>("#audit-actor").value.trim();
  const text = $<HTMLInputElement>("#audit-text").value.trim();
  if (kind) out.kind = kind;
  if (actor) out.actor = actor;
  if (text) out.q = text;
  return out;
}

// The payload's fields as "key: value" (long values cut), the whole JSON in the cell's title.
function payloadText(payload: string): string {
  let text = payload;
  try {
    const o = JSON.parse(payload) as Record<string, unknown>;
    text = Object.entries(o).filter(([k]) => k !== "recorded_at")
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(" · ");
  } catch { /* not JSON: as it is */ }
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

// Every entry the filters keep, a thousand at a time.
async function everyMatching(): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let before: number | null = null;
  do {
    const p: AuditPage = await api.audit({ ...filters(), limit: String(kExportPage), ...(before !== null ? { before: String(before) } : {}) }, token());
    all.push(...p.entries);
    before = p.next_before;
  } while (before !== null);
  return all;
}

function render(): void {
  if (!page) return;
  const p = page;
  const drawn = p.entries;
  $("#audit-summary").textContent = p.total
    ? `${count(p.matching, "entry", "entries")} of ${p.total}, newest first` +
      (drawn.length < p.matching ? `; the newest ${drawn.length} shown` : "") + "."
    : "The audit log is empty.";
  const kindSelect = $<HTMLSelectElement>("#audit-kind");
  const was = kindSelect.value;
  kindSelect.replaceChildren(el("option", { value: "" }, "any"), ...p.kinds.map((k) => el("option", { value: k }, k)));
  kindSelect.value = p.kinds.includes(was) ? was : "";
  if (!drawn.length) {
    $("#audit-list").replaceChildren(p.total ? el("p", { class: "muted" }, "No entry matches these filters.") : "");
    return;
  }
  const exportButton = el("button", { type: "button", class: "secondary small export-csv", "data-export": "audit-log" },
    `Export CSV (${count(p.matching, "entry", "entries")})`);
  exportButton.addEventListener("click", () => void busy(exportButton, async () => {
    try {
      const rows = await everyMatching();
      download(`exportctl-audit-${new Date().toISOString().slice(0, 10)}.csv`, csvLines([kColumns, ...rows.map((e) => kColumns.map((k) => e[k]))]));
    } catch (e) {
      showError($("#audit-error"), e);
    }
  }));
  const more = el("button", { type: "button", class: "secondary", id: "audit-more" }, `Show ${Math.min(kPage, p.matching - drawn.length)} more`);
  more.addEventListener("click", () => void busy(more, () => fetchPage(p.next_before)));
  const head = ["#", "recorded (UTC)", "kind", "subject", "by", "what"];
  $("#audit-list").replaceChildren(el("div", { class: "table-box" },
    el("div", { class: "table-tools" }, exportButton),
    el("div", { class: "scroll" }, el("table", { class: "trace", id: "audit-table" },
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...drawn.map((e) => el("tr", { class: "audit-row", "data-seq": String(e.seq), "data-kind": e.kind, "data-subject": e.subject },
        el("td", {}, String(e.seq)), el("td", {}, e.recorded_at), el("td", {}, e.kind),
        el("td", { class: "audit-subject" }, e.subject.length > 24 ? `${e.subject.slice(0, 20)}…` : e.subject),
        el("td", { class: "audit-actor" }, e.actor || "—"),
        el("td", { class: "audit-payload", title: e.payload }, payloadText(e.payload)))))))),
    ...(p.next_before !== null ? [more] : []));
}

// Fetches the newest page for the filters (before = null) or the page older than `before`, and
// draws it; an answer overtaken by a newer request is dropped.
async function fetchPage(before: number | null): Promise<void> {
  const errorBox = $("#audit-error");
  clearError(errorBox);
  const current = ticket();
  $("#audit-list").setAttribute("aria-busy", "true");
  try {
    const p = await api.audit({ ...filters(), limit: String(kPage), ...(before !== null ? { before: String(before) } : {}) }, token());
    if (!current()) return;
    page = before !== null && page ? { ...p, entries: [...page.entries, ...p.entries] } : p;
    render();
    announce("licences", `${count(p.matching, "audit entry", "audit entries")} match; ${page.entries.length} shown`);
  } catch (e) {
    if (!current()) return;
    if (e instanceof ApiError && e.status === 401) sessionToken.forget();
    showError(errorBox, e);
  } finally {
    if (current()) $("#audit-list").removeAttribute("aria-busy");
  }
}

async function load(): Promise<void> {
  if (!token()) return showError($("#audit-error"), "reading the audit log needs an admin token");
  sessionToken.set(token());
  await busy($<HTMLButtonElement>("#audit-submit"), () => fetchPage(null));
}

// Called by the router on #licences: the token field takes the tab's token.
export function showAudit(): void {
  const field = $<HTMLInputElement>("#audit-token");
  if (!field.value.trim()) field.value = sessionToken.get();
}

export function initAudit(): void {
  $<HTMLFormElement>("#audit-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void load();
  });
  // Filters apply on the server once typing pauses (the log is read only after Show).
  let timer = 0;
  const refilter = () => {
    window.clearTimeout(timer);
    if (page && token()) timer = window.setTimeout(() => void fetchPage(null), 250);
  };
  $("#audit-kind").addEventListener("change", refilter);
  $("#audit-actor").addEventListener("input", refilter);
  $("#audit-text").addEventListener("input", refilter);
  const verify = $<HTMLButtonElement>("#audit-verify");
  const out = $("#audit-result");
  verify.addEventListener("click", () => void busy(verify, async () => {
    out.textContent = "";
    try {
      const r = await api.auditVerify(token() || sessionToken.get());
      const text = r.ok
        ? `The audit chain is intact: ${r.entries} entries${r.decision_log_entries !== undefined ? `, decision log ${r.decision_log_entries} entries` : ""}, head ${r.head_hash.slice(0, 16)}…`
        : `The audit chain is broken: ${r.problems.join("; ")}`;
      out.replaceChildren(el("span", { id: "audit-report", "data-ok": String(r.ok), class: r.ok ? "" : "error" }, text));
      announce("licences", r.ok ? `The audit chain is intact (${r.entries} entries)` : `The audit chain is broken: ${count(r.problems.length, "problem")}`);
    } catch (e) {
      out.textContent = e instanceof ApiError ? `${e.body.code}: ${e.body.message}` : String(e);
      announce("licences", out.textContent);
    }
  }));
}

// The screen view: a party name, in any script, against the restricted-party lists (POST
// /v1/screen). Each hit shows its list, the listed entry and the name it matched, the score and
// band, and the server's explanation: which token of the query met which token of the listed name.
// The count of hits by band is announced (announce.ts).
import { busy } from "./busy";
import { api, type ScreenHit, type ScreenResult } from "./api";
import { announce, count } from "./announce";
import { clearError, el, showError } from "./render";

function explanation(hit: ScreenHit): HTMLElement | null {
  const x = hit.explanation;
  if (!x) return null;
  const table = el("table", { class: "trace explanation" },
    el("thead", {}, el("tr", {}, el("th", {}, "query token"), el("th", {}, "listed token"), el("th", {}, "similarity"), el("th", {}, ""))),
    el("tbody", {}, ...x.pairs.map((p) => el("tr", {},
      el("td", {}, el("code", {}, p.query)), el("td", {}, el("code", {}, p.list)),
      el("td", {}, p.similarity.toFixed(3)), el("td", { class: "muted" }, p.weak ? "weak word" : "")))));
  return el("div", {},
    el("p", { class: "muted" }, `method: ${x.method}${x.whitelisted ? ` · whitelisted: ${x.whitelisted}` : ""}`),
    table);
}

function renderHit(hit: ScreenHit): HTMLElement {
  return el("div", { class: `hit band-${hit.band}`, "data-band": hit.band },
    el("p", { class: "hit-head" },
      el("strong", { class: "hit-entry" }, hit.entry_name), " ",
      el("span", { class: `band ${hit.band}` }, hit.band), " ",
      el("span", { class: "hit-score" }, `score ${hit.score.toFixed(3)}`)),
    el("dl", { class: "metrics" },
      el("dt", {}, "List"), el("dd", { class: "hit-list" }, `${hit.source || hit.list} (${hit.list_kind})`),
      el("dt", {}, "Matched name"), el("dd", { class: "hit-matched" }, hit.matched_name),
      hit.federal_register_notice ? el("dt", {}, "Listed") : null,
      hit.federal_register_notice ? el("dd", {}, `${hit.federal_register_notice}${hit.start_date ? `, ${hit.start_date}` : ""}`) : null,
      hit.license_requirement ? el("dt", {}, "Licence requirement") : null,
      hit.license_requirement ? el("dd", {}, `${hit.license_requirement}${hit.license_policy ? ` — ${hit.license_policy}` : ""}`) : null),
    explanation(hit));
}

// Letters the screener cannot read make "no hits" no answer: said first, in the warning style.
function unreadNotice(r: ScreenResult): HTMLElement | null {
  if (!r.unread) return null;
  return el("p", { class: "headline hold", id: "screen-unread", role: "alert" },
    `Not screened in full: “${r.unread.words}” is in a script the screener does not read (${r.unread.scripts}). ` +
    "Screen the name as written in Latin letters.");
}

function render(r: ScreenResult): HTMLElement {
  if (!r.hits.length)
    return el("div", {}, unreadNotice(r),
      el("p", { class: r.unread ? "muted" : "headline free", id: "screen-summary", "data-hits": "0" },
        `No hits for ${r.unread ? "the letters read in " : ""}“${r.name}” at or above score ${r.threshold}`));
  return el("div", {}, unreadNotice(r),
    el("p", { class: "headline controlled", id: "screen-summary", "data-hits": String(r.hits.length) },
      `${r.hits.length} hit${r.hits.length === 1 ? "" : "s"} for “${r.name}”`),
    el("p", { class: "muted" }, `review from score ${r.threshold}, block from ${r.block_threshold}`),
    ...r.hits.map(renderHit));
}

export function initScreen(): void {
  const form = document.querySelector<HTMLFormElement>("#screen-form")!;
  const out = document.querySelector<HTMLElement>("#screen-result")!;
  const errorBox = document.querySelector<HTMLElement>("#screen-error")!;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    const req: Record<string, unknown> = { name: document.querySelector<HTMLInputElement>("#screen-name")!.value, explain: true };
    const type = document.querySelector<HTMLSelectElement>("#screen-type")!.value;
    if (type !== "any") req.type = type;
    await busy(document.querySelector<HTMLButtonElement>("#screen-submit")!, async () => {
      try {
        const r = await api.screen(req);
        out.replaceChildren(render(r));
        const bands = ["block", "review"].map((b) => [b, r.hits.filter((h) => h.band === b).length] as const).filter(([, n]) => n);
        announce("screen", (r.unread ? "Not screened in full. " : "") +
          (r.hits.length ? [count(r.hits.length, "hit"), ...bands.map(([b, n]) => `${n} in the ${b} band`)].join(", ")
                         : `No hits for ${r.name}`));
      } catch (e) {
        out.replaceChildren();
        showError(errorBox, e);
      }
    });
  });
}

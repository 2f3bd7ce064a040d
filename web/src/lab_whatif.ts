// What-if of a draft rule (POST /v1/lab/whatif): the analyst edits the text of a rule file of the
// rule set in use (GET /v1/rules/files[/{path}]; us/classification.toml first) and sees every
// catalog chip and golden case whose result changes, with the explanation on both sides. Edits are
// kept per file while the page is open; every edited file goes into the draft. Rule-file errors
// come back from the server's rule loader with their file:line:col (shown by showError).
import { announce, count } from "./announce";
import { api, type WhatIfChange, type WhatIfReport } from "./api";
import { clearError, el, showError } from "./render";
import { sessionToken } from "./session_token";

const kFirstFile = "us/classification.toml";
const kKind: Record<WhatIfChange["kind"], string> = {
  classification: "catalog chip",
  classify_case: "golden case (classify)",
  check_case: "golden case (check)",
};

const original = new Map<string, string>();  // file -> the rule set's text
const edits = new Map<string, string>();     // file -> the analyst's text (only when different)
let current = "";
let started = false;

function side(s: WhatIfChange["in_force"], cls: string): HTMLElement {
  return el("td", { class: cls }, el("strong", {}, s.result), el("div", { class: "explanation" }, s.explanation));
}

function render(r: WhatIfReport, files: string[]): HTMLElement {
  const diff = (title: string, list: string[]) =>
    list.length ? el("li", {}, `${title}: `, ...list.map((x) => el("code", { class: "rule" }, x))) : null;
  const chips = r.changes.filter((c) => c.kind === "classification").length;
  return el("div", {},
    el("p", { class: `headline ${r.changes.length ? "controlled" : "free"}`, id: "whatif-summary", "data-changes": String(r.changes.length) },
      r.changes.length
        ? `${r.changes.length} change${r.changes.length === 1 ? "" : "s"}: ${chips} catalog chip${chips === 1 ? "" : "s"}, ${r.changes.length - chips} golden case${r.changes.length - chips === 1 ? "" : "s"}`
        : "No change: every chip and golden case decides as under the rules in force"),
    el("p", { class: "muted" },
      `${r.chips_evaluated} catalog chips classified as of ${r.as_of} and ${r.cases_evaluated} golden cases on their own dates; ` +
      `draft files: ${files.length ? files.join(", ") : "none (the rules in force)"}.`),
    el("p", { class: "muted" }, `in force: ${r.in_force_ruleset} · draft: ${r.draft_ruleset}`),
    el("ul", { id: "whatif-diff" }, diff("modified", r.rule_diff.modified), diff("added", r.rule_diff.added), diff("removed", r.rule_diff.removed)),
    r.changes.length
      ? el("table", { class: "trace", id: "whatif-changes" },
          el("thead", {}, el("tr", {}, el("th", {}, "what"), el("th", {}, "in force"), el("th", {}, "draft"))),
          el("tbody", {}, ...r.changes.map((c) => el("tr", { class: "change", "data-kind": c.kind, "data-subject": c.subject },
            el("td", {}, el("div", {}, el("code", {}, c.subject)),
              el("div", { class: "muted" }, `${kKind[c.kind]}${c.as_of ? `, as of ${c.as_of}` : ""}`),
              el("div", { class: "muted where" }, c.where)),
            side(c.in_force, "in-force"), side(c.draft, "draft")))))
      : null,
    r.case_errors.length
      ? el("div", {}, el("h3", {}, "Cases that failed to run"), el("ul", {}, ...r.case_errors.map((e) => el("li", {}, e))))
      : null);
}

async function load(name: string, text: HTMLTextAreaElement, errorBox: HTMLElement): Promise<void> {
  try {
    if (!original.has(name)) original.set(name, await api.ruleFile(name));
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  current = name;
  text.value = edits.get(name) ?? original.get(name)!;
  text.setAttribute("data-file", name);
}

// Keeps the textarea's text as the current file's edit (or drops the edit when it is undone).
function keep(text: HTMLTextAreaElement, picker: HTMLSelectElement): void {
  if (!current) return;
  if (text.value !== original.get(current)) edits.set(current, text.value);
  else edits.delete(current);
  for (const o of Array.from(picker.options)) o.textContent = o.value + (edits.has(o.value) ? " (edited)" : "");
}

// Loads the file list and the first file, once, when the pane is first shown.
export async function showWhatIf(): Promise<void> {
  if (started) return;
  started = true;
  const picker = document.querySelector<HTMLSelectElement>("#whatif-file")!;
  const text = document.querySelector<HTMLTextAreaElement>("#whatif-text")!;
  const errorBox = document.querySelector<HTMLElement>("#whatif-error")!;
  try {
    const { files } = await api.ruleFiles();
    picker.replaceChildren(...files.map((f) => el("option", { value: f }, f)));
    picker.value = files.includes(kFirstFile) ? kFirstFile : files[0];
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  await load(picker.value, text, errorBox);
}

export function initWhatIf(): void {
  const form = document.querySelector<HTMLFormElement>("#whatif-form")!;
  const picker = document.querySelector<HTMLSelectElement>("#whatif-file")!;
  const text = document.querySelector<HTMLTextAreaElement>("#whatif-text")!;
  const out = document.querySelector<HTMLElement>("#whatif-result")!;
  const errorBox = document.querySelector<HTMLElement>("#whatif-error")!;
  const button = document.querySelector<HTMLButtonElement>("#whatif-submit")!;
  const token = document.querySelector<HTMLInputElement>("#whatif-token")!;
  picker.addEventListener("change", async () => {
    keep(text, picker);
    clearError(errorBox);
    await load(picker.value, text, errorBox);
  });
  document.querySelector<HTMLButtonElement>("#whatif-reset")!.addEventListener("click", () => {
    if (!current) return;
    text.value = original.get(current)!;
    keep(text, picker);
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    keep(text, picker);
    // A what-if re-decides the whole catalog and corpus twice: the server asks for a token.
    if (!token.value.trim()) token.value = sessionToken.get();
    if (!token.value.trim()) {
      showError(errorBox, "a token is needed to run a what-if (`exportctl token create --user NAME --role viewer`)");
      return;
    }
    sessionToken.set(token.value.trim());
    const files = Object.fromEntries(edits);
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    out.replaceChildren(el("p", { class: "muted" }, "evaluating the draft beside the rules in force…"));
    try {
      const asOf = document.querySelector<HTMLInputElement>("#whatif-as-of")!.value;
      const r = await api.whatIf(asOf, files, token.value.trim());
      out.replaceChildren(render(r, Object.keys(files)));
      announce("lab", `The draft changes ${count(r.changes.length, "answer")} (${r.chips_evaluated} chips, ${r.cases_evaluated} cases evaluated)`);
    } catch (e) {
      out.replaceChildren();
      showError(errorBox, e);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
}

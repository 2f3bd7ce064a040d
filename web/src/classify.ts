// The classify view: a catalog chip or a custom JSON spec on a date, with the explanation trace.
// Only the answer to the newest request is shown (latest.ts); the ECCN is announced (announce.ts).
import { api, type Classification } from "./api";
import { announce } from "./announce";
import { latestOnly } from "./latest";
import { citations, clearError, el, fmt, showError, trace } from "./render";

function render(c: Classification): HTMLElement {
  const verdict = c.determined ? c.eccn : `undetermined: ${c.possible_eccns.join(" or ")}`;
  return el("div", {},
    el("p", { class: `headline ${c.controlled ? "controlled" : "free"}`, id: "classify-eccn" }, `ECCN ${verdict}`),
    el("p", {}, `${c.chip.name} (${c.chip.id}), ${c.chip.designed_for}, as of ${c.as_of}`),
    el("dl", { class: "metrics" },
      el("dt", {}, "TPP"), el("dd", {}, `${fmt(c.metrics.tpp, 2)}${c.metrics.tpp_precision ? ` (${c.metrics.tpp_precision})` : ""}`),
      el("dt", {}, "Performance density"), el("dd", {}, fmt(c.metrics.pd, 2))),
    c.unevaluated.length ? el("ul", { class: "warnings" }, ...c.unevaluated.map((u) => el("li", {}, u))) : null,
    el("h3", {}, "Decided by"), citations(c.citations),
    c.trace ? el("h3", {}, "Explanation") : null,
    c.trace ? trace(c.trace) : null);
}

export function initClassify(): void {
  const form = document.querySelector<HTMLFormElement>("#classify-form")!;
  const out = document.querySelector<HTMLElement>("#classify-result")!;
  const errorBox = document.querySelector<HTMLElement>("#classify-error")!;
  const ticket = latestOnly();
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const current = ticket();
    clearError(errorBox);
    const source = (form.elements.namedItem("source") as RadioNodeList).value;
    const asOf = (document.querySelector<HTMLInputElement>("#classify-as-of")!).value;
    const req: Record<string, unknown> = { explain: document.querySelector<HTMLInputElement>("#classify-explain")!.checked };
    if (asOf) req.as_of = asOf;
    if (source === "spec") {
      try {
        req.spec = JSON.parse(document.querySelector<HTMLTextAreaElement>("#classify-spec")!.value);
      } catch (e) {
        out.replaceChildren();
        showError(errorBox, `the custom spec is not valid JSON: ${(e as Error).message}`);
        return;
      }
    } else {
      req.chip = document.querySelector<HTMLInputElement>("#classify-chip")!.value.trim();
    }
    const button = document.querySelector<HTMLButtonElement>("#classify-submit")!;
    button.setAttribute("aria-busy", "true");
    out.setAttribute("aria-busy", "true");
    try {
      const c = await api.classify(req);
      if (!current()) return;
      out.replaceChildren(render(c));
      announce("classify", `${c.chip.name}: ECCN ${c.determined ? c.eccn : "undetermined"}, ${c.controlled ? "controlled" : "not controlled"}`);
    } catch (e) {
      if (!current()) return;
      out.replaceChildren();
      showError(errorBox, e);
    } finally {
      if (current()) {
        button.removeAttribute("aria-busy");
        out.removeAttribute("aria-busy");
      }
    }
  });
}

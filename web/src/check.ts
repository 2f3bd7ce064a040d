// The check view: may this shipment go? Sends the form to POST /v1/check and shows the decision
// (decision_view.ts). Only the answer to the newest request is shown: a check sent again (another
// date, any changed field) before the first answer arrives makes that first answer stale. The
// outcome is announced in a sentence (announce.ts).
import { api, type Decision } from "./api";
import { announce, count } from "./announce";
import { renderDecision } from "./decision_view";
import { latestOnly, showLatest } from "./latest";
import { clearError } from "./render";

const kFields = ["chip", "quantity", "destination", "ship_from", "exporter", "end_user", "end_user_hq", "end_use", "as_of",
                 "end_user_type", "origin", "us_content", "us_technology", "contains"];

// The decision in a sentence for the view's live region: "license required", "on hold: 1 hold".
function summary(d: Decision): string {
  const outcome = d.outcome.replaceAll("_", " ");
  return d.outcome === "hold" ? `${d.quantity} × ${d.chip.name} to ${d.destination}: on hold, ${count(d.holds.length, "hold")} to settle`
                              : `${d.quantity} × ${d.chip.name} to ${d.destination}: ${outcome}`;
}

export function initCheck(): void {
  const form = document.querySelector<HTMLFormElement>("#check-form")!;
  const out = document.querySelector<HTMLElement>("#check-result")!;
  const errorBox = document.querySelector<HTMLElement>("#check-error")!;
  const ticket = latestOnly();
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const current = ticket();
    clearError(errorBox);
    const req: Record<string, unknown> = { explain: document.querySelector<HTMLInputElement>("#check-explain")!.checked };
    for (const name of kFields) {
      const field = form.elements.namedItem(name) as HTMLInputElement | null;
      if (!field) continue;
      const v = field.value.trim();
      if (v) req[name] = v;
    }
    // The button stays enabled (a changed form is sent again, the newest answer wins) but says busy.
    const button = document.querySelector<HTMLButtonElement>("#check-submit")!;
    button.setAttribute("aria-busy", "true");
    await showLatest(out, errorBox, current, () => api.check(req), (decision) => {
      announce("check", summary(decision));
      return renderDecision(decision, "exporter" in req);
    });
    if (current()) button.removeAttribute("aria-busy");
  });
}

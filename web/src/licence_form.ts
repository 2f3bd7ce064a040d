// The licence form of the licences view: propose a licence (POST /v1/licences) or amend the
// selected one (POST /v1/licences/{number}/amend: the whole licence as it should read, with a
// reason; prefilled from the licence as it is, conditions included, since an amendment replaces
// every field). Either is a pending change until a second officer approves it (the review queue,
// #review); the answer says which change it is, or that it was applied at once when the ledger's
// approvals are off. The button is busy while the request is out; the token is the tab's.
import { ApiError, api, type Licence } from "./api";
import { announce } from "./announce";
import { busy } from "./busy";
import { clearError, el, showError } from "./render";
import { sessionToken } from "./session_token";

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const input = (id: string) => $<HTMLInputElement>(`#lf-${id}`);
let amending: Licence | null = null;

const list = (v: string, sep: RegExp) => v.split(sep).map((x) => x.trim()).filter(Boolean);
const pct = (bp: number) => (bp ? String(bp / 100) : "");

function open(l: Licence | null): void {
  amending = l;
  $("#licence-form-title").textContent = l ? `Amend licence ${l.number} (version ${l.version})` : "Propose a licence";
  $("#lf-submit").textContent = l ? "Propose the amendment" : "Propose";
  $("#lf-reason-label").hidden = !l;
  input("reason").required = !!l;
  input("number").readOnly = !!l;
  if (l) {
    const values: Record<string, string> = {
      number: l.number, holder: l.holder, authority: l.authority, items: l.items.join(", "), destinations: l.destinations.join(", "),
      consignees: l.consignees.join("; "), "quantity-cap": String(l.quantity_cap), "value-cap": (l.value_cap_minor / 100).toFixed(2),
      currency: l.currency, "valid-from": l.valid_from, "valid-to": l.valid_to, "revenue-share": pct(l.conditions.revenue_share_bp),
      "volume-cap": pct(l.conditions.volume_ratio_cap_bp), "volume-reference": l.conditions.volume_reference, reason: "",
    };
    for (const [k, v] of Object.entries(values)) input(k).value = v;
  }
  input("token").value ||= sessionToken.get();
  $("#licence-form").hidden = false;
  input(l ? "quantity-cap" : "number").focus();
}

// The licence as LicenceInput (docs/ledger.md, Licence files); an amendment keeps the conditions
// the form does not show (duty, notifications).
function licenceInput(): Record<string, unknown> {
  const conditions: Record<string, unknown> = amending
    ? { duty_bp: amending.conditions.duty_bp, notifications: amending.conditions.notifications }
    : {};
  if (input("revenue-share").value.trim()) conditions.revenue_share = `${input("revenue-share").value.trim().replace(/%$/, "")}%`;
  if (input("volume-cap").value.trim()) conditions.volume_ratio_cap = `${input("volume-cap").value.trim().replace(/%$/, "")}%`;
  if (input("volume-reference").value.trim()) conditions.volume_reference = input("volume-reference").value.trim().toUpperCase();
  return {
    number: input("number").value.trim(), holder: input("holder").value.trim(), authority: input("authority").value.trim(),
    items: list(input("items").value, /,/), destinations: list(input("destinations").value, /[,\s]+/).map((d) => d.toUpperCase()),
    consignees: list(input("consignees").value, /;/), quantity_cap: Number(input("quantity-cap").value.trim()),
    value_cap: input("value-cap").value.trim(), currency: input("currency").value.trim().toUpperCase(),
    valid_from: input("valid-from").value, valid_to: input("valid-to").value,
    ...(amending ? { status: amending.status } : {}), conditions,
  };
}

// Wires Propose a licence; `onApplied` reloads the view when a change applied at once (approvals
// off). Returns amend(l): the form opened on licence l.
export function initLicenceForm(onApplied: () => void): { amend: (l: Licence) => void } {
  const form = $<HTMLFormElement>("#licence-form");
  const errorBox = $("#licence-form-error");
  const result = $("#licence-form-result");
  $("#licence-new").addEventListener("click", () => open(null));
  $("#lf-cancel").addEventListener("click", () => { form.hidden = true; });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    result.hidden = true;
    const token = input("token").value.trim();
    if (!token) return showError(errorBox, "an officer token is needed to propose a licence or an amendment");
    sessionToken.set(token);
    void busy($<HTMLButtonElement>("#lf-submit"), async () => {
      try {
        const l = licenceInput();
        const change = amending
          ? await api.amendLicence(amending.number, l, input("reason").value.trim(), token)
          : await api.proposeLicence(l, token);
        result.replaceChildren(el("span", { id: "licence-change", "data-change": String(change.id), "data-state": change.state },
          change.state === "pending"
            ? `Proposed as change ${change.id}: a second officer approves it in the `
            : `Applied at once as change ${change.id} (approvals are off). `,
          change.state === "pending" ? el("a", { href: "#review" }, "review queue") : "", change.state === "pending" ? "." : ""));
        result.hidden = false;
        announce("licences", result.textContent ?? "");
        form.hidden = true;
        if (change.state !== "pending") onApplied();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) sessionToken.forget();
        showError(errorBox, e);
      }
    });
  });
  return { amend: (l) => open(l) };
}

// Issue #15, the review queue: a check whose end user is a review-band match on the Entity List
// is on hold; the queue lists it with its evidence (the listed entry, list, band and score), one
// officer proposes the clearance (reason and expiry), the same officer cannot approve it (four
// eyes: the server's refusal is shown), a second officer approves it in the same view, and the
// same check, asked again, is no longer on hold and carries the clearance. Before that the hit is
// escalated to counsel: recorded in the ledger (GET /v1/escalations), shown on the hit, with an
// e-mail carrying the decision record's URL. Screenshots at 1440, 1024 and 390 px.
import { APPROVER_TOKEN, BASE_URL, OFFICER_TOKEN, apiPost, assert, open, run, shoot, test } from "./harness.mjs";

const ORDER = { chip: "nvidia-h100-sxm", destination: "DE", end_user: "Sugon Info", end_user_hq: "DE", quantity: 4 };
const SUGON = "el-3b881effd761";  // "Sugon" on the Entity List: "Sugon Info" scores in the review band

async function refresh(page, token) {
  await page.fill("#review-token", token);
  await page.click("#review-submit");
  await page.waitForFunction(() => /waiting for review/.test(document.querySelector("#review-summary")?.textContent ?? "") &&
    !document.querySelector("#review-queue")?.hasAttribute("aria-busy"));
}

test("a hold is cleared by one officer and approved by another", async (page) => {
  const held = await apiPost("/v1/check", ORDER);
  assert(held.outcome === "hold" && held.screening.some((h) => h.entry_id === SUGON && h.band === "review"),
    `the order is held on the Sugon hit (${held.outcome})`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "review");
  await refresh(page, OFFICER_TOKEN);
  const item = `#review-queue article.review-item[data-party="Sugon Info"]`;
  await page.waitForSelector(item);
  const hit = `${item} li.review-hit[data-entry="${SUGON}"]`;
  const evidence = await page.textContent(hit);
  assert(evidence.includes("Sugon") && /review band/.test(evidence) && evidence.includes("0.875") && /Entity List/.test(evidence),
    `the evidence: entry, list, band and score (${evidence})`);
  assert(await page.getAttribute(`${hit} .hit-state`, "data-state") === "open", "the hit is open");
  const mail = await page.getAttribute(`${hit} a.escalate`, "href");
  const seq = await page.getAttribute(item, "data-seq");
  assert(mail.startsWith("mailto:") && decodeURIComponent(mail).includes(`#history/${seq}`), `the e-mail carries the record's URL (${mail})`);
  await shoot(page, "review-open");

  // Escalated to counsel: recorded by the ledger, shown on the hit (which stays open to clear).
  await page.fill(`${hit} .escalate-to`, "Export counsel (legal@example.com)");
  await page.fill(`${hit} .escalate-reason`, "is Sugon Info a Sugon subsidiary? registry extract requested");
  await page.click(`${hit} .escalate-submit`);
  await page.waitForSelector(`${hit} p.escalated`);
  const shown = await page.textContent(`${hit} p.escalated`);
  assert(shown.includes("Export counsel") && shown.includes("web-officer") && shown.includes("registry extract"), `the escalation is shown (${shown})`);
  assert(await page.getAttribute(`${hit} .hit-state`, "data-state") === "escalated", "the hit is marked escalated");
  const recorded = (await (await apiGet(`/v1/escalations?decision=${seq}`)).json()).escalations;
  assert(recorded.length === 1 && recorded[0].entry_id === SUGON && recorded[0].escalated_by === "web-officer",
    `the ledger has the escalation: ${JSON.stringify(recorded)}`);
  await shoot(page, "review-escalated");

  // One officer proposes the clearance…
  await page.fill(`${hit} .clear-reason`, "Sugon Info GmbH, Frankfurt: a reseller, not Dawning/Sugon (registry extract on file)");
  await page.fill(`${hit} .clear-expires`, "2030-01-01");
  await page.click(`${hit} .clear-submit`);
  await page.waitForSelector(`${hit} .hit-state[data-state=pending]`);
  assert((await page.textContent(`${hit} .hit-state`)).includes("Escalated to Export counsel"), "the escalation stays in view once a clearance is proposed");
  const change = await page.getAttribute(`${hit} .hit-state`, "data-change");
  const listed = `#review-changes li.change[data-change="${change}"]`;
  await page.waitForSelector(listed);
  // …and cannot approve it: four eyes.
  await page.click(`${listed} .change-approve`);
  await page.waitForSelector(`${listed} .error:not([hidden])`);
  const refusal = await page.textContent(`${listed} .error`);
  assert(/approve|own|second|four|requester/i.test(refusal), `the server refuses the requester's approval (${refusal})`);
  const still = await (await apiGet(`/v1/changes/${change}`)).json();
  assert(still.state === "pending", `still pending (${still.state})`);
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no sideways scroll of the page at ${width} px (${overflow} px too wide)`);
    await shoot(page, "review-pending");
  }

  // The second officer approves it.
  await page.setViewportSize({ width: 1440, height: 900 });
  await refresh(page, APPROVER_TOKEN);
  await page.fill(`${listed} .change-note`, "registry extract checked");
  await page.click(`${listed} .change-approve`);
  await page.waitForFunction((sel) => !document.querySelector(sel), listed);
  const applied = await (await apiGet(`/v1/changes/${change}`)).json();
  assert(applied.state === "applied" && applied.decided_by === "web-approver", `applied by the second officer (${JSON.stringify(applied).slice(0, 300)})`);
  assert(!(await page.$(item)), "the settled decision leaves the queue");

  // The same order again: no longer held, the hit carries the clearance.
  const again = await apiPost("/v1/check", ORDER);
  const cleared = again.screening.find((h) => h.entry_id === SUGON);
  assert(again.outcome !== "hold" && cleared?.clearance, `decided again: ${again.outcome}, clearance ${JSON.stringify(cleared?.clearance)}`);
  await shoot(page, "review-approved");
});

function apiGet(path) {
  return fetch(`${BASE_URL}${path}`, { headers: { Authorization: `Bearer ${OFFICER_TOKEN}` } });
}

await run();

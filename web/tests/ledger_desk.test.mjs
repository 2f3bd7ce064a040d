// Issue #15, the ledger's other records on the desk, each checked against what the API reports:
// (1) NAC notifications: one is recorded in the form, listed with the state the API gives and what
// it allows in plain words (not before day 25), a second recording of the same confirmation is
// refused (409 shown), and BIS's objection recorded in its row turns it to "objected" (a licence
// is required) as the API then says. (2) The audit log: after a licence is proposed and approved,
// the log (admin token; an officer's is refused) lists its entry, newest first, with the actor the
// API reports; the CSV export carries it; Verify says the chain is intact. (3) Clearance revoke: a
// cleared hit no longer holds a check; revoked in the review queue with a reason, it is gone from
// the clearances in force, the same check is on hold again and its entry is back in the queue.
// Screenshots at 1440, 1024 and 390 px.
import { readFileSync } from "node:fs";
import { ADMIN_TOKEN, APPROVER_TOKEN, OFFICER_TOKEN, apiGet, apiPost, assert, open, run, shootWidths, test } from "./harness.mjs";

const today = () => new Date().toISOString().slice(0, 10);
const status = (page, view) => page.textContent(`#${view}-status`);

test("NAC: a notification is recorded, listed with its state, and objected to", async (page) => {
  const confirmation = `WEBNAC${Date.now()}`;
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "nac");
  const fields = { confirmation, "sent-on": today(), items: "nvidia-rtx-4090", destination: "cn", "end-user": "Example Cloud Ltd",
                   consignee: "Example Cloud Ltd", quantity: "100", token: OFFICER_TOKEN };
  for (const [k, v] of Object.entries(fields)) await page.fill(`#nac-${k}`, v);
  await page.click("#nac-submit");
  const row = `#nac-table tr.nac-row[data-confirmation="${confirmation}"]`;
  await page.waitForSelector(row);
  const listed = (await apiGet("/v1/nac-notifications")).notifications.find((n) => n.confirmation === confirmation);
  assert(listed && listed.state === "notified" && listed.destination === "CN" && listed.quantity === 100,
    `the API lists it as notified: ${JSON.stringify(listed)}`);
  assert(await page.getAttribute(row, "data-state") === listed.state, "the row's state is the API's");
  const state = await page.textContent(`${row} td.nac-state`);
  assert(state.includes("waiting for day 25") && state.includes(listed.earliest_export),
    `sent today: no export before day 25, ${listed.earliest_export} (${state})`);
  assert((await page.textContent("#nac-recorded")).includes(listed.earliest_export), "the answer names the first export date");
  await page.waitForFunction((c) => document.querySelector("#nac-status").textContent.includes(c), confirmation);
  assert((await status(page, "nac")).length < 100, `a short announcement (${await status(page, "nac")})`);

  // The same confirmation again: the server refuses it, and the page says so.
  await page.click("#nac-submit");
  await page.waitForSelector("#nac-error:not([hidden])");
  assert(/conflict/.test(await page.textContent("#nac-error")), `a second recording is refused (${await page.textContent("#nac-error")})`);
  await shootWidths(page, "nac-notified");

  // BIS objects: a licence is required from that date.
  const objection = `#nac-table tr.nac-objection-row[data-confirmation="${confirmation}"]`;
  await page.fill(`${objection} .nac-objected-on`, today());
  await page.fill(`${objection} .nac-objection-reason`, "end use of concern");
  await page.click(`${objection} .nac-object`);
  await page.waitForSelector(`${row}[data-state=objected]`);
  const objected = (await apiGet("/v1/nac-notifications")).notifications.find((n) => n.confirmation === confirmation);
  assert(objected.state === "objected" && objected.objected_on === today() && objected.objection === "end use of concern",
    `the API reports the objection: ${JSON.stringify(objected)}`);
  const now = await page.textContent(`${row} td.nac-state`);
  assert(now.includes("a licence is required") && now.includes(objected.objected_on), `the row says what the objection means (${now})`);
  assert(!(await page.$(objection)), "no second objection form");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click('button[data-export="nac-notifications"]')]);
  const csv = readFileSync(await dl.path(), "utf8").trim().split(/\r?\n/);
  assert(csv[0].startsWith("confirmation,sent_on,earliest_export,") &&
    csv.some((l) => l.startsWith(`${confirmation},${today()},${objected.earliest_export},`) && l.includes(",objected,")),
    `the CSV has it, objected: ${csv.join(" / ").slice(0, 300)}`);
  await shootWidths(page, "nac-objected");
});

test("audit log: a licence's entry with its actor, exported, and the chain intact", async (page) => {
  const number = `WEBAUDIT-${Date.now()}`;
  const change = await apiPost("/v1/licences", {
    number, holder: "Acme Semiconductors Inc.", authority: "BIS", items: ["nvidia-h20"], destinations: ["CN"],
    consignees: ["Example Cloud Ltd"], quantity_cap: 5, value_cap: "50000.00", currency: "USD", valid_from: "2026-01-01", valid_to: "2099-12-31" });
  await apiPost(`/v1/changes/${change.id}/approve`, {}, APPROVER_TOKEN);
  const log = (await apiGet("/v1/audit", ADMIN_TOKEN)).entries;
  const entry = log.find((e) => e.kind === "licence" && e.subject === number);
  assert(entry && entry.actor, `the API's audit log has the licence with its actor: ${JSON.stringify(entry)}`);

  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "licences");
  // An officer's token cannot read the log.
  await page.fill("#audit-token", OFFICER_TOKEN);
  await page.click("#audit-submit");
  await page.waitForSelector("#audit-error:not([hidden])");
  assert(/forbidden/.test(await page.textContent("#audit-error")), `the officer is refused (${await page.textContent("#audit-error")})`);

  await page.fill("#audit-token", ADMIN_TOKEN);
  await page.click("#audit-submit");
  await page.waitForSelector("#audit-table tr.audit-row");
  const seqs = await page.$$eval("#audit-table tr.audit-row", (rows) => rows.map((r) => Number(r.getAttribute("data-seq"))));
  assert(seqs.length > 0 && seqs.every((s, i) => i === 0 || s < seqs[i - 1]) && seqs[0] >= entry.seq, `newest first (${seqs.slice(0, 5)}…)`);
  await page.fill("#audit-text", number);
  const row = `#audit-table tr.audit-row[data-kind=licence][data-subject="${number}"]`;
  await page.waitForSelector(row);
  assert(await page.getAttribute(row, "data-seq") === String(entry.seq), "the row is the API's entry");
  assert(await page.textContent(`${row} .audit-actor`) === entry.actor, `the actor is the API's: ${entry.actor}`);
  const kinds = await page.$$eval("#audit-table tr.audit-row", (rows) => rows.map((r) => r.getAttribute("data-kind")));
  assert(kinds.includes("change_request"), `the proposal is listed too (${kinds})`);
  await page.selectOption("#audit-kind", "licence");
  await page.waitForFunction(() => [...document.querySelectorAll("#audit-table tr.audit-row")].every((r) => r.dataset.kind === "licence"));
  assert((await page.$$("#audit-table tr.audit-row")).length === 1, "one licence entry for this number");

  const [dl] = await Promise.all([page.waitForEvent("download"), page.click('button[data-export="audit-log"]')]);
  const csv = readFileSync(await dl.path(), "utf8").trim().split(/\r?\n/);
  assert(csv[0] === "seq,recorded_at,kind,subject,actor,payload,prev_hash,hash" && csv.length === 2 &&
    csv[1].startsWith(`${entry.seq},${entry.recorded_at},licence,${number},${entry.actor},`) && csv[1].endsWith(entry.hash),
    `the CSV carries the entry whole: ${csv.join(" / ").slice(0, 400)}`);

  await page.click("#audit-verify");
  await page.waitForSelector("#audit-report");
  assert(await page.getAttribute("#audit-report", "data-ok") === "true" && /intact/.test(await page.textContent("#audit-report")),
    `verify says the chain is intact: ${await page.textContent("#audit-result")}`);
  await page.waitForFunction(() => /intact/.test(document.querySelector("#licences-status").textContent));
  await page.selectOption("#audit-kind", "");
  await page.fill("#audit-text", "");
  await shootWidths(page, "audit-log");
});

test("a revoked clearance no longer clears: the same check is on hold again", async (page) => {
  const ORDER = { chip: "nvidia-h100-sxm", destination: "DE", end_user: "Phytium Info", end_user_hq: "DE", quantity: 2 };
  const held = await apiPost("/v1/check", ORDER);
  const hit = held.screening.find((h) => h.band === "review");
  assert(held.outcome === "hold" && hit, `the order is held on a review-band hit (${held.outcome})`);
  const listId = (await apiPost("/v1/screen", { name: ORDER.end_user })).hits.find((h) => h.entry_id === hit.entry_id).list;
  const proposed = await apiPost("/v1/clearances", { party: ORDER.end_user, list: listId, entry_id: hit.entry_id, reason: "a different company (test)" });
  await apiPost(`/v1/changes/${proposed.id}/approve`, {}, APPROVER_TOKEN);
  const cleared = await apiPost("/v1/check", ORDER);
  assert(cleared.outcome !== "hold" && cleared.screening.find((h) => h.entry_id === hit.entry_id)?.clearance, `cleared: ${cleared.outcome}`);
  const clearance = (await apiGet("/v1/clearances")).clearances.find((c) => c.party === ORDER.end_user && c.entry_id === hit.entry_id);

  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "review");
  await page.fill("#review-token", OFFICER_TOKEN);
  await page.click("#review-submit");
  const li = `#review-clearances li.clearance[data-clearance="${clearance.id}"]`;
  await page.waitForSelector(li);
  assert(!(await page.$(`#review-queue article.review-item[data-party="${ORDER.end_user}"]`)), "cleared: not in the queue");
  await shootWidths(page, "review-clearances");
  await page.fill(`${li} .revoke-reason`, "the registry extract was of another company");
  await page.click(`${li} .revoke-submit`);
  await page.waitForFunction((sel) => !document.querySelector(sel), li);

  const inForce = (await apiGet("/v1/clearances")).clearances;
  assert(!inForce.some((c) => c.id === clearance.id), "the API no longer has it in force");
  const all = (await apiGet("/v1/clearances?all=true")).clearances.find((c) => c.id === clearance.id);
  assert(all.revoked && all.revocation.includes("another company"), `revoked with its reason: ${JSON.stringify(all)}`);
  const again = await apiPost("/v1/check", ORDER);
  const hitAgain = again.screening.find((h) => h.entry_id === hit.entry_id);
  assert(again.outcome === "hold" && hitAgain && !hitAgain.clearance, `the same check is on hold again (${again.outcome})`);
  // The held entries of the party are back in the queue, their hit open.
  const item = `#review-queue article.review-item[data-party="${ORDER.end_user}"]`;
  await page.waitForSelector(`${item} li.review-hit[data-entry="${hit.entry_id}"] .hit-state[data-state=open]`);
  await page.waitForFunction(() => /revoked/.test(document.querySelector("#review-status").textContent));
  await shootWidths(page, "review-revoked");
});

await run();

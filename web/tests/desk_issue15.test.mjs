// Issue #15 of the compliance desk: every chip suggestion is a name the server accepts, a
// double-click records one shipment, a late answer never replaces a newer one, no empty shipment
// form without a licence, the exporter is asked for (and its absence said), and a decision opens
// with its deciding rules and screening hits in plain words, the firing rules ahead of the rest of
// the trace, the review policies told apart by colour and by label. Screenshots go to
// $SCREENSHOT_DIR (default /tmp/exportctl-web-shots) at 1440×900 and 390 px wide.
import { APPROVER_TOKEN, BASE_URL, OFFICER_TOKEN, apiPost, assert, open, run, shoot, test } from "./harness.mjs";

// The summary line of the decision on show: "… ECCN …, as of YYYY-MM-DD".
async function shownAsOf(page) {
  const text = (await page.textContent("#check-result")) ?? "";
  return /ECCN [^,]*, as of (\d{4}-\d{2}-\d{2})/.exec(text)?.[1] ?? null;
}

async function check(page, fields) {
  for (const [id, value] of Object.entries(fields)) await page.fill(id, value);
  await page.click("#check-submit");
}

// A licence for 10 H20 to China, proposed by one officer and approved by the other.
async function newLicence() {
  const number = `WEB15-${Date.now()}`;
  const proposed = await apiPost("/v1/licences", {
    number, holder: "Acme Semiconductors Inc.", authority: "BIS", items: ["nvidia-h20"], destinations: ["CN"],
    consignees: ["Example Cloud Ltd"], quantity_cap: 10, value_cap: "1000000.00", currency: "USD",
    valid_from: "2020-01-01", valid_to: "2099-12-31", conditions: { revenue_share: "15%" },
  });
  await apiPost(`/v1/changes/${proposed.id}/approve`, { note: "web test" }, APPROVER_TOKEN);
  return number;
}

async function shipments(number) {
  const res = await fetch(`${BASE_URL}/v1/shipments?licence=${encodeURIComponent(number)}`,
    { headers: { Authorization: `Bearer ${OFFICER_TOKEN}` } });
  assert(res.ok, `GET /v1/shipments: ${res.status}`);
  return (await res.json()).shipments;
}

test("every chip suggestion is a chip the server accepts", async (page) => {
  await open(page, "check");
  await page.waitForFunction(() => document.querySelectorAll("#chip-list option").length > 0);
  const suggestions = await page.$$eval("#chip-list option", (o) => o.map((x) => x.value));
  const catalog = await (await fetch(`${BASE_URL}/v1/catalog`)).json();
  assert(suggestions.length >= catalog.chips.length, `a suggestion per catalog chip (${suggestions.length} of ${catalog.chips.length})`);
  const refused = [];
  for (const chip of suggestions) {
    const res = await fetch(`${BASE_URL}/v1/classify`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ chip }) });
    if (res.status !== 200) refused.push(`${chip} (${res.status})`);
  }
  assert(refused.length === 0, `the server refuses ${refused.length} suggestions: ${refused.join(", ")}`);
  for (const id of ["#check-chip", "#classify-chip"])
    assert(await page.getAttribute(id, "list") === "chip-list", `${id} suggests from the same list`);
  // The suggestion's label still names the chip for people.
  const h200 = await page.$eval('#chip-list option[value="nvidia-h200-sxm"]', (o) => o.label);
  assert(h200.includes("NVIDIA H200"), `the H200's suggestion is labelled with its name: ${h200}`);
});

test("a double-click on Record shipment records one shipment", async (page) => {
  const number = await newLicence();
  await open(page, "licences");
  const row = `#licences-table tr[data-licence="${number}"]`;
  await page.waitForSelector(row);
  await page.click(`${row} .licence-link`);
  await page.waitForSelector("#ship-form:not([hidden])");
  await page.fill("#ship-unit-price", "1000.00");
  await page.fill("#ship-token", OFFICER_TOKEN);
  const posts = [];
  page.on("request", (r) => { if (r.method() === "POST" && r.url().endsWith("/v1/shipments")) posts.push(r.headers()["idempotency-key"]); });
  const answered = (n) => page.waitForFunction((want) => window.__shipAnswers >= want, n);
  await page.evaluate(() => {
    window.__shipAnswers = 0;
    const real = window.fetch;
    window.fetch = async (...args) => {
      const res = await real(...args);
      if (String(args[0]).endsWith("/v1/shipments") && args[1]?.method === "POST") window.__shipAnswers++;
      return res;
    };
  });

  // 1. The second click lands while the first request is out (the answer comes 400 ms late, as
  //    over a slow link): the button is disabled, one request is sent.
  await page.route("**/v1/shipments", async (route) => {
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 400));
    await route.fulfill({ response: res });
  });
  await page.fill("#ship-quantity", "2");
  let before = (await shipments(number)).length;
  await page.dblclick("#ship-submit");
  await answered(1);
  await page.waitForSelector(`#licence-remaining[data-remaining="8"]`);
  await page.waitForTimeout(600);  // a second request, had one been sent, is answered by now
  assert(posts.length === 1, `one request sent for a double-click while the first was out (${posts.length})`);
  let after = await shipments(number);
  assert(after.length === before + 1, `one shipment recorded, not ${after.length - before}`);
  await page.unroute("**/v1/shipments");

  // 2. The second click lands just after the first answer (a fast server): the same form, the same
  //    idempotency key, so the ledger replays the shipment instead of recording another.
  await page.fill("#ship-quantity", "3");
  before = after.length;
  const sent = posts.length;
  await page.click("#ship-submit");
  await answered(2);
  await page.click("#ship-submit");
  await answered(3);
  await page.waitForSelector(`#licence-remaining[data-remaining="5"]`);
  after = await shipments(number);
  assert(after.length === before + 1, `two quick clicks record one shipment, not ${after.length - before}`);
  assert(posts[sent] === posts[sent + 1], "the second click kept the idempotency key");
  await page.waitForSelector("#ship-recorded[data-replayed=true]");
  assert(await page.isHidden("#ship-error"), `no error shown: ${await page.textContent("#ship-error")}`);
  assert(await page.isEnabled("#ship-submit"), "the button is enabled again once the answer is in");
});

test("a late answer never replaces the answer to a newer check", async (page) => {
  await open(page, "check");
  let first = true;
  let lateDelivered;
  const late = new Promise((r) => { lateDelivered = r; });
  await page.route("**/v1/check", async (route) => {
    if (!first) return route.continue();
    first = false;
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({ response: res });
    lateDelivered();
  });
  await check(page, { "#check-chip": "H20", "#check-destination": "CN", "#check-as-of": "2025-01-01" });
  await page.waitForTimeout(100);
  await check(page, { "#check-as-of": "2025-06-01" });
  await page.waitForFunction(() => /as of 2025-06-01/.test(document.querySelector("#check-result")?.textContent ?? ""));
  await late;
  await page.waitForTimeout(300);
  const asOf = await shownAsOf(page);
  assert(asOf === "2025-06-01", `the decision shown is the newer one (as of ${asOf})`);
  assert(await page.getAttribute("#check-outcome", "data-outcome") === "license_required", "the H20 needs a licence on 2025-06-01");
});

test("no shipment form until a licence is chosen", async (page) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "licences");
  await page.waitForSelector("#licences-list > *");
  assert(await page.isHidden("#ship-form"), "the shipment form is hidden while no licence is selected");
  await shoot(page, "licences-none");
  const number = await newLicence();
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert(await page.isHidden("#ship-form"), "still hidden when the list has licences but none is selected");
  await page.click(`#licences-table tr[data-licence="${number}"] .licence-link`);
  await page.waitForSelector("#ship-form", { state: "visible" });
  assert((await page.textContent("#ship-licence")) === number, "the form names the licence");
  await shoot(page, "licences-selected");
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "licences-selected");
});

test("the exporter is asked for, and a decision without one says so", async (page) => {
  await open(page, "check");
  assert(await page.getAttribute("#check-exporter", "name") === "exporter", "the check form has an exporter field");
  await check(page, { "#check-chip": "H100", "#check-destination": "CN", "#check-as-of": "2022-10-01", "#check-exporter": "" });
  await page.waitForSelector("#check-exporter-note");
  const unsaid = await page.textContent("#check-exporter-note");
  assert(/exporter not given/i.test(unsaid) && unsaid.includes("nvidia"), `the note says the exporter was not given and what was assumed: ${unsaid}`);
  assert(await page.getAttribute("#check-exporter-note", "data-given") === "false", "marked as not given");
  assert(await page.getAttribute("#check-outcome", "data-outcome") === "license_required", "Nvidia's own H100 to China needs a licence then");
  await check(page, { "#check-exporter": "Supermicro" });
  await page.waitForSelector("#check-exporter-note[data-given=true]");
  const said = await page.textContent("#check-exporter-note");
  assert(said.toLowerCase().includes("supermicro"), `the exporter given is shown: ${said}`);
  await page.waitForSelector("#check-outcome[data-outcome=hold]");
  assert((await page.textContent("#check-result")).includes("US-ISINF-2022-NV-A100-THIRDPARTY"), "the third-party rule decides it");
});

test("a decision opens with its deciding rules and screening hits, firing rules first in the trace", async (page) => {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await open(page, "check");
    await check(page, { "#check-chip": "H20", "#check-destination": "CN", "#check-as-of": "2025-06-01",
                        "#check-end-user": "Beijing Zhipu Huazhang Technology" });
    await page.waitForSelector("#check-deciding");
    const rules = await page.$$eval("#check-deciding li[data-rule]", (l) => l.map((x) => ({ id: x.getAttribute("data-rule"), text: x.textContent })));
    const el = rules.find((r) => r.id === "US-EAR-EL");
    assert(el && el.text.includes("Entity List"), `the Entity List rule is among the deciding rules, with its title: ${JSON.stringify(rules)}`);
    assert(rules.find((r) => r.id === "US-ISINF-2025-H20")?.text.includes("Nvidia 8-K"), "a deciding rule carries its citation");
    const hits = await page.$$eval("#check-screening li.screening-hit", (l) => l.map((x) => x.textContent));
    assert(hits.length > 0 && hits[0].includes("Beijing Zhipu Huazhang Technology Co., Ltd."), `the screening hit is named: ${hits}`);
    assert(/entity list/i.test(hits[0]) && /block/.test(hits[0]) && hits[0].includes("1.000"), `with list, band and score: ${hits[0]}`);
    const order = await page.evaluate(() => {
      const trace = document.querySelector("#check-result table.trace");
      const before = (sel) => !!(document.querySelector(sel).compareDocumentPosition(trace) & Node.DOCUMENT_POSITION_FOLLOWING);
      return { deciding: before("#check-deciding"), screening: before("#check-screening") };
    });
    assert(order.deciding && order.screening, `deciding rules and hits come before the trace: ${JSON.stringify(order)}`);
    const outcomes = await page.$$eval("#check-result table.trace tbody tr.rule-start", (r) => r.map((x) => x.getAttribute("data-outcome")));
    const lastFiring = outcomes.lastIndexOf("fires");
    const firstIdle = outcomes.indexOf("does not apply");
    assert(lastFiring >= 0 && firstIdle > lastFiring, `firing rules first: ${outcomes.slice(0, 8)}`);
    assert(await page.isHidden('#check-result tr.rule-start[data-outcome="does not apply"]'), "the rules that do not apply are collapsed");
    await shoot(page, "check-denial");
  }
});

test("presumption of denial and case by case look different and say which they are", async (page) => {
  await open(page, "check");
  await check(page, { "#check-chip": "H20", "#check-destination": "CN", "#check-as-of": "2025-06-01" });
  await page.waitForSelector("#check-policy[data-policy=presumption_of_denial]");
  const denial = await page.$eval("#check-policy", (p) => ({ text: p.textContent, colour: getComputedStyle(p).backgroundColor }));
  await check(page, { "#check-chip": "H100", "#check-as-of": "2022-10-01" });
  await page.waitForSelector("#check-policy[data-policy=case_by_case]");
  const caseByCase = await page.$eval("#check-policy", (p) => ({ text: p.textContent, colour: getComputedStyle(p).backgroundColor }));
  assert(/presumption of denial/i.test(denial.text), `labelled: ${denial.text}`);
  assert(/case by case/i.test(caseByCase.text), `labelled: ${caseByCase.text}`);
  assert(denial.colour !== caseByCase.colour, `different colours: ${denial.colour} vs ${caseByCase.colour}`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot(page, "check-case-by-case");
});

await run();

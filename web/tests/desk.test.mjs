// The compliance desk in real headless Chromium: classify with explanation, check with trace,
// the chart renders and moves with the date slider, bad input shows the server's error, screening
// explains its hits, and a licence's balance falls with each shipment until the ledger refuses.
import { BASE_URL, OFFICER_TOKEN, apiPost, assert, run, test } from "./harness.mjs";

async function open(page, view) {
  await page.goto(`${BASE_URL}/#${view}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
}

test("classify a catalog chip with the explanation trace", async (page) => {
  await open(page, "classify");
  await page.fill("#classify-chip", "RTX 4090D");
  await page.fill("#classify-as-of", "2024-06-01");
  await page.click("#classify-submit");
  await page.waitForSelector("#classify-eccn");
  const eccn = await page.textContent("#classify-eccn");
  assert(eccn.includes("EAR99"), `RTX 4090D on 2024-06-01 is EAR99 (Note 2), got ${eccn}`);
  const rows = await page.$$eval("#classify-result table.trace tbody tr", (r) => r.length);
  assert(rows > 3, `the trace lists the rules considered (got ${rows} rows)`);
  const text = await page.textContent("#classify-result");
  assert(text.includes("US-EAR-ACS23-3A090-NOTE2"), "the deciding rule Note 2 is cited");
  assert(text.includes("tpp < 4800"), "the trace shows the threshold compared");
});

test("classify a custom spec", async (page) => {
  await open(page, "classify");
  await page.check("input[name=source][value=spec]");
  await page.fill("#classify-spec", JSON.stringify({ id: "probe", name: "Probe", designed_for: "datacenter", die_area_mm2: 800, dense_tops: { fp8: 1000 } }));
  await page.fill("#classify-as-of", "2025-05-01");
  await page.click("#classify-submit");
  await page.waitForSelector("#classify-eccn");
  const eccn = await page.textContent("#classify-eccn");
  assert(eccn.includes("3A090"), `TPP 8000 datacenter IC is 3A090, got ${eccn}`);
});

test("check a shipment and read the trace and citations", async (page) => {
  await open(page, "check");
  await page.fill("#check-chip", "H100");
  await page.fill("#check-quantity", "8");
  await page.fill("#check-destination", "CN");
  await page.fill("#check-as-of", "2025-05-01");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome");
  const outcome = await page.getAttribute("#check-outcome", "data-outcome");
  assert(outcome === "license_required" || outcome === "prohibited", `H100 to CN needs a licence, got ${outcome}`);
  const cites = await page.$$eval("#check-result ul.citations li", (l) => l.length);
  assert(cites > 0, "citations listed");
  const rows = await page.$$eval("#check-result table.trace tbody tr", (r) => r.length);
  assert(rows > 0, "trace listed");
  const links = await page.$$eval("#check-result ul.citations a", (a) => a.map((x) => x.href));
  assert(links.some((h) => h.includes("federalregister.gov")), "citations link to the Federal Register");
});

test("bad input shows the server's error with the field", async (page) => {
  await open(page, "check");
  await page.fill("#check-chip", "H20");
  await page.fill("#check-quantity", "lots");
  await page.click("#check-submit");
  await page.waitForSelector("#check-error:not([hidden])");
  const text = await page.textContent("#check-error");
  assert(text.includes("invalid_argument") && text.includes("`lots`") && text.includes("field: quantity"), `error shown: ${text}`);
  await open(page, "classify");
  await page.fill("#classify-chip", "NoSuchChip9000");
  await page.click("#classify-submit");
  await page.waitForSelector("#classify-error:not([hidden])");
  const nf = await page.textContent("#classify-error");
  assert(nf.includes("not_found") && nf.includes("NoSuchChip9000"), `unknown chip shown: ${nf}`);
});

test("the chart renders and moves with the date slider", async (page) => {
  await open(page, "chart");
  await page.waitForSelector("#chart svg[data-as-of]");
  const latest = await page.getAttribute("#chart svg", "data-as-of");
  const regionsNow = await page.$$eval("#chart rect.region", (r) => r.length);
  const chips = await page.$$eval("#chart g.chip", (g) => g.length);
  assert(regionsNow > 0, `threshold regions drawn today (${latest})`);
  assert(chips > 10, `catalog chips drawn (${chips})`);
  // Move the slider to the first change date: before the October 2022 rule there is no 3A090.
  await page.$eval("#chart-date", (s) => { s.value = "0"; s.dispatchEvent(new Event("input")); });
  await page.waitForFunction((d) => document.querySelector("#chart svg")?.getAttribute("data-as-of") !== d, latest);
  const first = await page.getAttribute("#chart svg", "data-as-of");
  const label = await page.textContent("#chart-date-label");
  assert(label === first, `the label shows the chart's date (${label} vs ${first})`);
  const regionsThen = await page.$$eval("#chart rect.region", (r) => r.length);
  assert(first < latest, `moved back in time (${first} < ${latest})`);
  assert(regionsThen !== regionsNow, `regions change with the date (${regionsThen} vs ${regionsNow})`);
  // Step forward one date at a time until the regions differ again: the chart follows the slider.
  const max = Number(await page.getAttribute("#chart-date", "max"));
  assert(max >= 2, `several dates on the timeline (${max + 1})`);
});

test("screen a name in Chinese and read the hit's explanation", async (page) => {
  await open(page, "screen");
  await page.fill("#screen-name", "北京智谱华章科技有限公司");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-summary");
  const hits = Number(await page.getAttribute("#screen-summary", "data-hits"));
  assert(hits > 0, `the Entity List entry is found (${hits} hits)`);
  const first = await page.$eval("#screen-result .hit", (h) => ({
    entry: h.querySelector(".hit-entry").textContent,
    list: h.querySelector(".hit-list").textContent,
    matched: h.querySelector(".hit-matched").textContent,
    score: h.querySelector(".hit-score").textContent,
    band: h.getAttribute("data-band"),
    pairs: h.querySelectorAll("table.explanation tbody tr").length,
  }));
  assert(first.entry === "Beijing Zhipu Huazhang Technology Co., Ltd.", `best hit is Zhipu: ${first.entry}`);
  assert(/entity/i.test(first.list), `on the Entity List: ${first.list}`);
  assert(first.matched.length > 0, "the matched name is shown");
  assert(/score 0\.\d{3}|score 1\.000/.test(first.score), `score shown: ${first.score}`);
  assert(first.band === "review" || first.band === "block", `band shown: ${first.band}`);
  assert(first.pairs > 0, `the explanation lists token pairs (${first.pairs})`);
  await page.fill("#screen-name", "   ");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-error:not([hidden])");
  assert((await page.textContent("#screen-error")).includes("field: name"), "an empty name is refused naming the field");
});

test("licences: ship within the cap, watch the balance fall, then be refused over it", async (page) => {
  assert(OFFICER_TOKEN.startsWith("ect_"), "run.sh created an officer token");
  const number = `WEB-${Date.now()}`;
  await apiPost("/v1/licences", {
    number, holder: "Acme Semiconductors Inc.", authority: "BIS", items: ["nvidia-h20"], destinations: ["CN"],
    consignees: ["Example Cloud Ltd"], quantity_cap: 10, value_cap: "1000000.00", currency: "USD",
    valid_from: "2020-01-01", valid_to: "2099-12-31", conditions: { revenue_share: "15%" },
  });
  await open(page, "licences");
  const row = `#licences-table tr[data-licence="${number}"]`;
  await page.waitForSelector(row);
  assert(await page.getAttribute(`${row} .remaining-quantity`, "data-remaining") === "10", "a new licence has all 10 units left");
  await page.click(`${row} .licence-link`);
  await page.waitForSelector(`#licence-detail-body[data-licence="${number}"]`);
  await page.waitForSelector("#ship-form:not([hidden])");
  assert((await page.textContent("#licence-shipments")).includes("No shipments"), "no shipments yet");

  await page.fill("#ship-quantity", "4");
  await page.fill("#ship-unit-price", "1000.00");
  await page.fill("#ship-token", OFFICER_TOKEN);
  await page.click("#ship-submit");
  await page.waitForSelector("#ship-recorded");
  await page.waitForSelector(`#licence-remaining[data-remaining="6"]`);
  await page.waitForSelector(`${row} .remaining-quantity[data-remaining="6"]`);
  const owed = await page.textContent(`${row} .revenue-share-owed`);
  assert(owed.includes("600.00"), `15% of 4 × 1000.00 is owed: ${owed}`);
  const shipped = await page.$$eval("#licence-shipments tbody tr", (r) => r.map((x) => x.textContent));
  assert(shipped.length === 1 && shipped[0].includes("Example Cloud Ltd"), `the shipment is listed: ${shipped}`);
  const stored = await page.evaluate(() => [sessionStorage.getItem("exportctl.officer-token"), JSON.stringify(localStorage)]);
  assert(stored[0] === OFFICER_TOKEN && !stored[1].includes(OFFICER_TOKEN), "the token is kept in sessionStorage only");

  await page.fill("#ship-quantity", "7");
  await page.click("#ship-submit");
  await page.waitForSelector("#ship-error:not([hidden])");
  const refusal = await page.textContent("#ship-error");
  assert(refusal.includes(`quantity 7 exceeds the remaining 6 of licence \`${number}\``), `the ledger's refusal is shown: ${refusal}`);
  assert(await page.getAttribute("#licence-remaining", "data-remaining") === "6", "nothing was recorded");

  await page.fill("#ship-token", "ect_not_a_real_token");
  await page.fill("#ship-quantity", "1");
  await page.click("#ship-submit");
  await page.waitForFunction(() => document.querySelector("#ship-error")?.textContent.includes("unauthorized"));
});

await run();

// The compliance desk in real headless Chromium: classify with explanation, check with trace,
// the chart renders and moves with the date slider, and bad input shows the server's error.
import { BASE_URL, assert, run, test } from "./harness.mjs";

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

await run();

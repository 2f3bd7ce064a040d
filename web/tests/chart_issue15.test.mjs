// Issue #15, the thresholds chart: every catalog chip has a mark (in the plot, at the edge as an
// arrow, in the lane of unknown density or the strip of unknown TPP), no two labels overlap, a
// legend names the regions and the marks, and the date slider steps between the dates on which the
// chart's rules change, with an accessible name and the date as its value text. Screenshots go to
// $SCREENSHOT_DIR (default /tmp/exportctl-web-shots) at 1440×900 and 390 px wide.
import { BASE_URL, assert, open, run, shoot, test } from "./harness.mjs";

async function openChart(page) {
  await open(page, "chart");
  await page.waitForSelector("#chart svg[data-as-of] g.chip");
}

async function getJson(path) {
  const res = await fetch(`${BASE_URL}${path}`);
  assert(res.ok, `GET ${path}: ${res.status}`);
  return res.json();
}

// Pairs of visible labels whose boxes intersect (with positive area).
async function overlappingLabels(page) {
  return page.$$eval("#chart text.chip-label", (ts) => {
    const boxes = ts.map((t) => ({ text: t.textContent, b: t.getBoundingClientRect() }));
    const bad = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].b, b = boxes[j].b;
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          bad.push(`${boxes[i].text} × ${boxes[j].text}`);
      }
    return bad;
  });
}

for (const [width, height] of [[1440, 900], [390, 844]]) {
  test(`every catalog chip has one mark and no labels overlap (${width} px)`, async (page) => {
    await page.setViewportSize({ width, height });
    await openChart(page);
    const catalog = await getJson("/v1/catalog");
    const ids = catalog.chips.map((c) => c.chip.id).sort();
    const marks = await page.$$eval("#chart g.chip", (gs) => gs.map((g) => g.getAttribute("data-chip")));
    const sorted = [...marks].sort();
    assert(sorted.length === ids.length, `one mark per catalog chip (${sorted.length} marks, ${ids.length} chips)`);
    assert(JSON.stringify(sorted) === JSON.stringify(ids),
      `the marks are the catalog's chips (missing: ${ids.filter((i) => !marks.includes(i)).join(", ")})`);
    // Each mark is drawn (a circle or an edge arrow) and inside the SVG.
    const outside = await page.$$eval("#chart g.chip", (gs) => {
      const svg = document.querySelector("#chart svg").getBoundingClientRect();
      return gs.filter((g) => {
        const b = g.querySelector("circle, path")?.getBoundingClientRect();
        return !b || b.width === 0 || b.left < svg.left - 1 || b.right > svg.right + 1 || b.top < svg.top - 1 || b.bottom > svg.bottom + 1;
      }).map((g) => g.getAttribute("data-chip"));
    });
    assert(outside.length === 0, `every mark is drawn inside the chart (not: ${outside.join(", ")})`);
    // Chips with no density sit in the lane, never at a guessed density.
    const plot = await getJson(`/v1/plot-data?as_of=${await page.getAttribute("#chart svg", "data-as-of")}`);
    for (const c of plot.chips) {
      const placement = await page.getAttribute(`#chart g.chip[data-chip="${c.id}"]`, "data-placement");
      const want = c.tpp === null ? "no-tpp" : c.pd === null ? "lane" : null;
      if (want) assert(placement === want, `${c.id} is in the ${want} (got ${placement})`);
      else assert(placement === "plot" || placement.startsWith("off-"), `${c.id} is in the plot (got ${placement})`);
    }
    const bad = await overlappingLabels(page);
    assert(bad.length === 0, `no two labels overlap (${bad.join("; ")})`);
    const labelled = await page.$$eval("#chart text.chip-label", (ts) => ts.length);
    assert(labelled >= (width >= 1000 ? 25 : 8), `most marks are labelled (${labelled} labels)`);
    // Every chip is in the table below the chart too.
    const rows = await page.$$eval("#chart-table tr[data-chip]", (r) => r.length);
    assert(rows === ids.length, `a table row per chip (${rows})`);
    await shoot(page, "chart");
  });
}

test("the legend names the regions and the marks", async (page) => {
  await openChart(page);
  const regions = await page.$$eval("#chart-legend [data-legend=regions] .swatch", (s) => s.map((x) => x.getAttribute("data-eccn")));
  const drawn = await page.$$eval("#chart rect.region", (r) => [...new Set(r.map((x) => x.getAttribute("data-eccn")))]);
  assert(drawn.length > 0, "regions drawn");
  for (const e of drawn) assert(regions.includes(e), `the legend has region ${e} (${regions.join(", ")})`);
  const points = await page.textContent("#chart-legend [data-legend=points]");
  for (const w of ["controlled", "not controlled", "undetermined", "density unknown", "beyond the axis"])
    assert(points.includes(w), `the legend explains "${w}" (${points})`);
});

test("the date slider steps between the change dates and names the change", async (page) => {
  await openChart(page);
  const name = await page.$eval("#chart-date", (s) => s.labels?.[0]?.textContent ?? s.getAttribute("aria-label"));
  assert(name && /rules/i.test(name), `the slider has an accessible name (${name})`);
  const timeline = await getJson("/v1/rules/timeline");
  const max = Number(await page.getAttribute("#chart-date", "max"));
  assert(max >= 3 && max < timeline.change_dates.length, `a few steps, not every rule's date (${max + 1})`);
  // The first step: the day before the first threshold rule.
  await page.$eval("#chart-date", (s) => { s.value = "1"; s.dispatchEvent(new Event("input")); });
  await page.waitForFunction(() => document.querySelector("#chart svg")?.getAttribute("data-as-of") === document.querySelector("#chart-date-label").textContent);
  const d1 = await page.getAttribute("#chart svg", "data-as-of");
  assert(timeline.change_dates.includes(d1), `step 1 is a change date (${d1})`);
  const v1 = await page.getAttribute("#chart-date", "aria-valuetext");
  assert(v1.startsWith(d1), `the slider announces the date (${v1})`);
  const change1 = await page.textContent("#chart-change");
  await shoot(page, "chart-2022");
  assert(/takes effect|lapses/.test(change1), `the rule that changed is named (${change1})`);
  // One step on (the keyboard): the next change date.
  await page.focus("#chart-date");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((d) => {
    const svg = document.querySelector("#chart svg");
    return svg?.getAttribute("data-as-of") !== d && svg?.getAttribute("data-as-of") === document.querySelector("#chart-date-label").textContent;
  }, d1);
  const d2 = await page.getAttribute("#chart svg", "data-as-of");
  const next = timeline.change_dates.filter((d) => d > d1);
  assert(d2 > d1 && next.includes(d2), `the next step is a later change date (${d1} -> ${d2})`);
  const v2 = await page.getAttribute("#chart-date", "aria-valuetext");
  assert(v2.startsWith(d2) && !/^\d+$/.test(v2), `the value text is the date, not the index (${v2})`);
  const change2 = await page.textContent("#chart-change");
  assert(change2 !== change1, `the change note follows (${change2})`);
  // Every step changes the regions or the classifications: none is a no-op.
  const sig = async () => page.$eval("#chart svg", (s) =>
    [...s.querySelectorAll("rect.region")].map((r) => r.getAttribute("data-eccn")).join() + "|" +
    [...s.querySelectorAll("g.chip")].map((g) => g.getAttribute("data-eccn")).join());
  const s2 = await sig();
  await page.$eval("#chart-date", (s) => { s.value = "0"; s.dispatchEvent(new Event("input")); });
  await page.waitForFunction(() => document.querySelector("#chart svg")?.getAttribute("data-as-of") === document.querySelector("#chart-date-label").textContent);
  assert((await sig()) !== s2, "the steps differ");
});

await run();

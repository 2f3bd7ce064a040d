// The TPP-against-performance-density chart: threshold regions in force on a date (cells sampled
// from the rule set by the server, GET /v1/plot-data) and every catalog chip as a mark, drawn with
// d3 on log axes fitted to the chips. Chips with no published die area (no density) sit in a lane
// of their own placed by TPP alone, chips with no TPP in a strip beneath; points beyond the axes
// are drawn at the edge as an arrow. Labels are placed greedily without overlap (a leader line when
// moved away from the point; hover and the table below for those that do not fit). A slider walks
// the dates on which the chart's rules change (GET /v1/rules/timeline) and says which rule changed.
import { announce } from "./announce";
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLog, type ScaleLogarithmic } from "d3-scale";
import { select, type Selection } from "d3-selection";
import { api, type PlotData, type TimelineRule } from "./api";
import { clearError, el, fmt, showError, todayIso } from "./render";

type Chip = PlotData["chips"][number];
type Box = { x: number; y: number; w: number; h: number };

const FONT = 11;
// The rules whose thresholds the chart draws: 3A090.a/.b (and the 2022 3A090.a), 4A090, 3A991.p.
const CHART_RULE = /(^|-)(3A090(\.a|\.b)?(\.\d)?|4A090.*|3A991\.p)$/;

// The mark of a chip: filled by its classification, hollow when not designed for datacenters.
function pointFill(c: Chip): string {
  if (c.designed_for !== "datacenter") return "white";
  return c.controlled ? "#7b241c" : c.determined ? "#1e8449" : "#7f8c8d";
}
function pointStroke(c: Chip): string {
  return c.controlled ? "#7b241c" : c.determined ? "#1e8449" : "#7f8c8d";
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
function inside(a: Box, area: Box): boolean {
  return a.x >= area.x && a.y >= area.y && a.x + a.w <= area.x + area.w && a.y + a.h <= area.y + area.h;
}

// A fitted log domain: the chips' values and the thresholds drawn, with a margin, to whole
// half-decades so the ticks read well.
function fitted(values: number[], lo: number, hi: number): [number, number] {
  const v = values.filter((n) => n > 0 && Number.isFinite(n));
  const min = Math.min(lo, ...v) / 1.3, max = Math.max(hi, ...v) * 1.3;
  const down = (n: number) => { const p = 10 ** Math.floor(Math.log10(n)); return n >= 5 * p ? 5 * p : n >= 2 * p ? 2 * p : p; };
  const up = (n: number) => { const p = 10 ** Math.floor(Math.log10(n)); return n <= 2 * p ? 2 * p : n <= 5 * p ? 5 * p : 10 * p; };
  return [down(min), up(max)];
}

interface Mark { chips: Chip[]; x: number; y: number; area: Box; off: "" | "left" | "right" | "up" | "down" }

function draw(host: HTMLElement, legend: HTMLElement, table: HTMLElement, data: PlotData, titles: Map<string, string>): void {
  const W = Math.max(340, Math.min(1000, host.clientWidth || 860));
  const narrow = W < 600;
  const M = { top: 16, right: narrow ? 16 : 24, left: narrow ? 44 : 64 };
  const plotH = narrow ? 300 : 420, laneH = narrow ? 70 : 84, axisH = 44, stripH = 30;
  const plotTop = M.top, plotBottom = plotTop + plotH;
  const laneTop = plotBottom + 8, laneBottom = laneTop + laneH;
  const stripTop = laneBottom + axisH, H = stripTop + stripH + 6;
  const known = data.chips.filter((c) => c.tpp !== null);
  const xd = fitted(known.map((c) => c.tpp as number), 1600, 4800);
  const yd = fitted(known.filter((c) => c.pd !== null).map((c) => c.pd as number), 1.6, 5.92);
  const x: ScaleLogarithmic<number, number> = scaleLog().domain(xd).range([M.left, W - M.right]);
  const y: ScaleLogarithmic<number, number> = scaleLog().domain(yd).range([plotBottom, plotTop]);
  host.replaceChildren();
  const svg = select(host).append("svg")
    .attr("viewBox", `0 0 ${W} ${H}`).attr("width", W).attr("height", H)
    .attr("data-as-of", data.as_of).attr("role", "img").attr("font-family", "system-ui, sans-serif")
    .attr("aria-label", `AI accelerators against export-control thresholds as of ${data.as_of}`);
  svg.append("defs").append("clipPath").attr("id", "plot-clip").append("rect")
    .attr("x", M.left).attr("y", plotTop).attr("width", W - M.right - M.left).attr("height", plotH);

  // Regions: cells on the server's sampling grid; cells touching the grid's edge reach the axes'.
  const ax = data.axes;
  const ex = (v: number, edge: number, to: number) => (Math.abs(v - edge) / edge < 1e-6 ? to : v);
  const drawn = data.regions.filter((r) => r.colour !== "");
  const cells = drawn.flatMap((r) => r.cells.map((c) => ({
    eccn: r.eccn, colour: r.colour,
    c: [ex(c[0], ax.tpp.min, xd[0] / 10), ex(c[1], ax.tpp.max, xd[1] * 10), ex(c[2], ax.pd.min, yd[0] / 10), ex(c[3], ax.pd.max, yd[1] * 10)],
  })));
  // One group per region, translucent as a whole, so the cells' overlaps leave no seams.
  const regionsG = svg.append("g").attr("class", "regions").attr("clip-path", "url(#plot-clip)");
  for (const r of drawn)
    regionsG.append("g").attr("opacity", 0.45).selectAll("rect").data(cells.filter((d) => d.eccn === r.eccn)).join("rect")
      .attr("class", "region").attr("data-eccn", (d) => d.eccn)
      .attr("x", (d) => x(d.c[0])).attr("width", (d) => Math.max(0.5, x(d.c[1]) - x(d.c[0]) + 0.5))
      .attr("y", (d) => y(d.c[3])).attr("height", (d) => Math.max(0.5, y(d.c[2]) - y(d.c[3]) + 0.5))
      .attr("fill", r.colour);
  svg.append("rect").attr("x", M.left).attr("y", plotTop).attr("width", W - M.right - M.left).attr("height", plotH)
    .attr("fill", "none").attr("stroke", "#bbb");

  // The lane for chips of unknown density, on the same TPP axis.
  svg.append("rect").attr("class", "lane").attr("x", M.left).attr("y", laneTop).attr("width", W - M.right - M.left)
    .attr("height", laneH).attr("fill", "#f4f6f7").attr("stroke", "#bbb").attr("stroke-dasharray", "3 2");
  const laneTitle = svg.append("text").attr("class", "lane-title").attr("x", M.left + 4).attr("y", laneTop + 12)
    .attr("font-size", 10).attr("fill", "#555").text("density unknown (no die area published): placed by TPP only");

  const xAxis = svg.append("g").attr("class", "axis x").attr("transform", `translate(0,${laneBottom})`)
    .call(axisBottom(x).ticks(narrow ? 4 : 8, "~s"));
  const yAxis = svg.append("g").attr("class", "axis y").attr("transform", `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(narrow ? 4 : 6, "~g"));
  for (const a of [xAxis, yAxis]) a.attr("font-size", 10);
  svg.append("text").attr("x", (M.left + W - M.right) / 2).attr("y", laneBottom + 36).attr("text-anchor", "middle")
    .attr("font-size", 12).text("TPP (dense TOPS × bit length, log scale)");
  svg.append("text").attr("transform", `translate(${narrow ? 11 : 16},${(plotTop + plotBottom) / 2}) rotate(-90)`).attr("text-anchor", "middle")
    .attr("font-size", 12).text(narrow ? "perf. density (TPP/mm², log)" : "performance density (TPP / mm², log scale)");
  svg.append("text").attr("x", 4).attr("y", (laneTop + laneBottom) / 2).attr("font-size", 10).attr("fill", "#555")
    .text("PD ?");

  // Marks: chips at the same pixel share one label.
  const plotArea: Box = { x: M.left, y: plotTop, w: W - M.right - M.left, h: plotH };
  const laneArea: Box = { x: M.left, y: laneTop + 16, w: W - M.right - M.left, h: laneH - 16 };
  const stripArea: Box = { x: 0, y: stripTop, w: W, h: stripH };
  const marks: Mark[] = [];
  const byKey = new Map<string, Mark>();
  const noTpp = data.chips.filter((c) => c.tpp === null);
  const [x0, x1] = x.range(), [y0, y1] = [plotBottom, plotTop];
  for (const c of data.chips) {
    if (c.tpp === null) continue;
    let px = x(c.tpp), off: Mark["off"] = "";
    if (px < x0) { px = x0; off = "left"; } else if (px > x1) { px = x1; off = "right"; }
    let py: number, area: Box;
    if (c.pd === null) { py = laneTop + laneH / 2 + 6; area = laneArea; }
    else {
      py = y(c.pd); area = plotArea;
      if (py > y0) { py = y0; off = "down"; } else if (py < y1) { py = y1; off = "up"; }
    }
    const key = `${Math.round(px / 3)}:${Math.round(py / 3)}:${off}`;
    const m = byKey.get(key);
    if (m) m.chips.push(c);
    else { const n: Mark = { chips: [c], x: px, y: py, area, off }; byKey.set(key, n); marks.push(n); }
  }
  noTpp.forEach((c, i) => {
    const step = (W - 120) / Math.max(1, noTpp.length);
    marks.push({ chips: [c], x: 110 + i * step + 6, y: stripTop + 12, area: stripArea, off: "" });
  });
  svg.append("text").attr("x", 4).attr("y", stripTop + 16).attr("font-size", 10).attr("fill", "#555").text("TPP unknown:");

  const R = 4.5;
  const gChips = svg.append("g").attr("class", "chips");
  for (const m of marks) {
    m.chips.forEach((c, i) => {
      const g = gChips.append("g").attr("class", "chip").attr("data-chip", c.id).attr("data-eccn", c.eccn)
        .attr("data-placement", c.tpp === null ? "no-tpp" : c.pd === null ? "lane" : m.off ? `off-${m.off}` : "plot");
      const dx = m.chips.length > 1 ? (i - (m.chips.length - 1) / 2) * 2 : 0;  // stacked marks stay visible
      if (m.off) {
        const rot = { left: 180, right: 0, up: -90, down: 90, "": 0 }[m.off];
        g.append("path").attr("d", "M6,0 L-5,-5 L-5,5 Z").attr("transform", `translate(${m.x + dx},${m.y}) rotate(${rot})`)
          .attr("fill", pointFill(c)).attr("stroke", pointStroke(c)).attr("stroke-width", 1.5);
      } else {
        g.append("circle").attr("cx", m.x + dx).attr("cy", m.y).attr("r", R)
          .attr("fill", pointFill(c)).attr("stroke", pointStroke(c)).attr("stroke-width", 1.5);
      }
      g.append("title").text(`${c.name}: TPP ${c.tpp === null ? "unknown" : Math.round(c.tpp)}, ` +
        `PD ${c.pd === null ? "unknown" : c.pd.toFixed(2)}, ${c.eccn}${m.off ? " (beyond the axis)" : ""}`);
    });
  }
  placeLabels(svg, marks, [boxOf(laneTitle.node() as SVGTextElement)]);

  // The legend: regions in force (with the rule's title) and what the marks mean.
  const regionName = (r: PlotData["regions"][number]) => titles.get(r.eccn) ?? r.label;
  const dot = (fill: string, stroke: string) => el("i", { class: "dot-mark", style: `background:${fill};border-color:${stroke}` });
  legend.replaceChildren(
    el("div", { class: "legend-group", "data-legend": "regions" },
      el("strong", {}, "Regions (datacenter ICs): "),
      ...(drawn.length ? drawn.map((r) =>
        el("span", { class: "swatch", "data-eccn": r.eccn }, el("i", { style: `background:${r.colour}` }), regionName(r)))
        : [el("span", { class: "muted" }, "none: no encoded control on this date")])),
    el("div", { class: "legend-group", "data-legend": "points" },
      el("strong", {}, "Chips: "),
      el("span", { class: "swatch" }, dot("#7b241c", "#7b241c"), "controlled"),
      el("span", { class: "swatch" }, dot("#1e8449", "#1e8449"), "not controlled"),
      el("span", { class: "swatch" }, dot("#7f8c8d", "#7f8c8d"), "undetermined (missing data)"),
      el("span", { class: "swatch" }, dot("white", "#7b241c"), "hollow: consumer or workstation part"),
      el("span", { class: "swatch" }, el("i", { class: "lane-mark" }), "dashed lane: density unknown"),
      el("span", { class: "swatch" }, el("i", { class: "arrow-mark" }, "▶"), "beyond the axis")),
    el("div", { class: "muted" }, `rule set ${data.ruleset.id} revision ${data.ruleset.revision}; as of ${data.as_of}`));

  // Every chip in a table: the labels that do not fit are read here (and on hover).
  const placement = (c: Chip) => c.tpp === null ? "TPP unknown" : c.pd === null ? "density lane" : "plot";
  table.replaceChildren(el("details", {},
    el("summary", {}, `All ${data.chips.length} chips on the chart`),
    el("div", { class: "scroll" }, el("table", { class: "trace chart-table" },
      el("thead", {}, el("tr", {}, ...["Chip", "TPP", "Density", "ECCN", "Shown in"].map((h) => el("th", {}, h)))),
      el("tbody", {}, ...[...data.chips].sort((a, b) => (b.tpp ?? -1) - (a.tpp ?? -1)).map((c) =>
        el("tr", { "data-chip": c.id }, el("td", {}, c.name), el("td", {}, fmt(c.tpp, 0)), el("td", {}, fmt(c.pd)),
          el("td", {}, c.eccn), el("td", {}, placement(c)))))))));
}

function boxOf(t: SVGGraphicsElement): Box {
  const b = t.getBBox();
  return { x: b.x, y: b.y, w: b.width, h: b.height };
}

// Greedy labelling: marks with fewer chips' neighbours first (left to right), each label tried
// right, left, above, below, then further out with a leader line; a label that fits nowhere is left
// out (the chip keeps its hover title and its table row).
function placeLabels(svg: Selection<SVGSVGElement, unknown, null, undefined>, marks: Mark[], fixed: Box[]): void {
  const g = svg.append("g").attr("class", "labels");
  const taken: Box[] = [...fixed, ...marks.map((m) => ({ x: m.x - 6, y: m.y - 6, w: 12, h: 12 }))];
  const order = [...marks].sort((a, b) => (a.area === b.area ? a.x - b.x : a.area.y - b.area.y));
  const dirs: [number, number][] = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];
  for (const m of order) {
    const text = m.chips.map((c) => c.label).join(" / ");
    const t = g.append("text").attr("class", "chip-label").attr("font-size", FONT).attr("fill", "#222")
      .attr("data-chips", m.chips.map((c) => c.id).join(" ")).text(text);
    const node = t.node() as SVGTextElement;
    const w = node.getComputedTextLength() || text.length * FONT * 0.58, h = FONT + 1;
    let placed: Box | null = null, at = { x: 0, y: 0 }, dist = 0;
    for (const d of [8, 18, 30, 44]) {
      for (const [dx, dy] of dirs) {
        const cx = m.x + dx * d, cy = m.y + dy * (d * 0.7 + 2);
        const bx = dx > 0 ? cx : dx < 0 ? cx - w : cx - w / 2;
        const by = dy < 0 ? cy - h : dy > 0 ? cy : cy - h / 2;
        const box = { x: bx - 1, y: by - 1, w: w + 2, h: h + 2 };
        if (!inside(box, m.area) && !(m.area.h < 40 && box.x >= m.area.x && box.x + box.w <= m.area.x + m.area.w)) continue;
        if (taken.some((b) => overlaps(b, box) && !(b.w === 12 && Math.abs(b.x + 6 - m.x) < 1 && Math.abs(b.y + 6 - m.y) < 1))) continue;
        placed = box; at = { x: bx, y: by }; dist = d;
        break;
      }
      if (placed) break;
    }
    if (!placed) { t.remove(); for (const c of m.chips) svg.select(`g.chip[data-chip="${c.id}"]`).attr("data-unlabelled", ""); continue; }
    taken.push(placed);
    // The baseline sits ~0.8 of the font size below the box's top.
    t.attr("x", at.x).attr("y", at.y + FONT * 0.85);
    if (dist > 8) {
      const lx = Math.min(Math.max(m.x, placed.x), placed.x + placed.w), ly = Math.min(Math.max(m.y, placed.y), placed.y + placed.h);
      g.insert("line", "text").attr("class", "leader").attr("x1", m.x).attr("y1", m.y).attr("x2", lx).attr("y2", ly)
        .attr("stroke", "#888").attr("stroke-width", 0.7);
    }
  }
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
function prevDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

// The slider's stops: the day before the first chart rule, then each date a chart rule takes
// effect or lapses (up to today), with what changed.
export function chartSteps(rules: TimelineRule[], today: string): { date: string; change: string }[] {
  const events = new Map<string, string[]>();
  const add = (date: string, what: string) => { if (date <= today) events.set(date, [...(events.get(date) ?? []), what]); };
  const chartRules = rules.filter((r) => (r.kind === "classification") && CHART_RULE.test(r.id));
  for (const r of chartRules) {
    add(r.effective_from, `${r.title} takes effect`);
    if (r.effective_to) add(nextDay(r.effective_to), `${r.title} lapses`);
  }
  // A rule that lapses and takes effect again the same day (a new version) is "revised".
  for (const [date, what] of events) {
    const revised = what.filter((w) => w.endsWith(" lapses") && what.includes(w.replace(/ lapses$/, " takes effect")));
    if (revised.length) events.set(date, what.filter((w) => !revised.some((r) => w.replace(/ (lapses|takes effect)$/, "") === r.replace(/ lapses$/, "")))
      .concat(revised.map((r) => r.replace(/ lapses$/, " revised"))));
  }
  const dates = [...events.keys()].sort();
  if (!dates.length) return [{ date: today, change: "no encoded threshold rule" }];
  return [{ date: prevDay(dates[0]), change: "before any encoded threshold control" },
          ...dates.map((d) => ({ date: d, change: events.get(d)!.join("; ") }))];
}

export async function initChart(): Promise<void> {
  const slider = document.querySelector<HTMLInputElement>("#chart-date")!;
  const label = document.querySelector<HTMLElement>("#chart-date-label")!;
  const change = document.querySelector<HTMLElement>("#chart-change")!;
  const host = document.querySelector<HTMLElement>("#chart")!;
  const legend = document.querySelector<HTMLElement>("#chart-legend")!;
  const table = document.querySelector<HTMLElement>("#chart-table")!;
  const errorBox = document.querySelector<HTMLElement>("#chart-error")!;
  let steps: { date: string; change: string }[] = [];
  const titles = new Map<string, string>();
  try {
    const timeline = await api.timeline();
    steps = chartSteps(timeline.rules, todayIso());
    for (const r of timeline.rules) if (r.kind === "classification") titles.set(r.title.split(":")[0].trim(), r.title);
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  slider.max = String(steps.length - 1);
  slider.value = String(steps.length - 1);
  let latest = 0, last: PlotData | null = null;
  const show = async () => {
    const step = steps[Number(slider.value)];
    label.textContent = step.date;
    const lastStep = Number(slider.value) === steps.length - 1;
    change.textContent = lastStep ? `${step.change} (the rules in force today)` : step.change;
    slider.setAttribute("aria-valuetext", `${step.date}: ${step.change}`);
    const ticket = ++latest;
    try {
      const data = await api.plotData(step.date);
      if (ticket !== latest) return;  // a newer date was chosen meanwhile
      clearError(errorBox);
      last = data;
      draw(host, legend, table, data, titles);
      const controlled = data.chips.filter((c) => c.controlled).length;
      announce("chart", `${step.date}: ${controlled} of ${data.chips.length} catalog chips controlled`);
    } catch (e) {
      showError(errorBox, e);
    }
  };
  slider.addEventListener("input", show);
  let resize = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resize);
    resize = window.setTimeout(() => { if (last && !host.closest("[hidden]")) draw(host, legend, table, last, titles); }, 150);
  });
  await show();
}

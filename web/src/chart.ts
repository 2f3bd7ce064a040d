// The TPP-against-performance-density chart: threshold regions in force on a date (cells sampled
// from the rule set by the server, GET /v1/plot-data) and every catalog chip as a point, drawn with
// d3 on log axes. A slider walks the dates on which the rules change (GET /v1/rules/timeline).
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLog } from "d3-scale";
import { select } from "d3-selection";
import { api, type PlotData } from "./api";
import { clearError, el, showError, todayIso } from "./render";

const W = 860, H = 560, M = { top: 20, right: 20, bottom: 50, left: 60 };

export function regionColour(eccn: string): string {
  if (eccn === "undetermined") return "#f5cba7";
  if (eccn.startsWith("3A090.a.1") || eccn === "3A090.a") return "#c0392b";
  if (eccn.startsWith("3A090.a.2")) return "#e67e22";
  if (eccn.startsWith("3A090.b.1")) return "#f1c40f";
  if (eccn.startsWith("3A090.b.2")) return "#f7dc6f";
  if (eccn.startsWith("3A090") || eccn.startsWith("4A090")) return "#a569bd";
  return "#ffffff";
}

function draw(host: HTMLElement, legend: HTMLElement, data: PlotData): void {
  const x = scaleLog().domain([data.axes.tpp.min, data.axes.tpp.max]).range([M.left, W - M.right]);
  const y = scaleLog().domain([data.axes.pd.min, data.axes.pd.max]).range([H - M.bottom, M.top]);
  host.replaceChildren();
  const svg = select(host).append("svg")
    .attr("viewBox", `0 0 ${W} ${H}`).attr("width", W).attr("height", H)
    .attr("data-as-of", data.as_of).attr("role", "img")
    .attr("aria-label", `AI accelerators against export-control thresholds as of ${data.as_of}`);
  const cells = data.regions.filter((r) => r.controlled)
    .flatMap((r) => r.cells.map((c) => ({ eccn: r.eccn, c })));
  svg.append("g").attr("class", "regions").selectAll("rect").data(cells).join("rect")
    .attr("class", "region").attr("data-eccn", (d) => d.eccn)
    .attr("x", (d) => x(d.c[0])).attr("width", (d) => Math.max(0.5, x(d.c[1]) - x(d.c[0]) + 0.3))
    .attr("y", (d) => y(d.c[3])).attr("height", (d) => Math.max(0.5, y(d.c[2]) - y(d.c[3]) + 0.3))
    .attr("fill", (d) => regionColour(d.eccn)).attr("fill-opacity", 0.55);
  svg.append("g").attr("transform", `translate(0,${H - M.bottom})`)
    .call(axisBottom(x).ticks(8, "~s"));
  svg.append("g").attr("transform", `translate(${M.left},0)`).call(axisLeft(y).ticks(6, "~g"));
  svg.append("text").attr("x", (M.left + W - M.right) / 2).attr("y", H - 10).attr("text-anchor", "middle")
    .attr("font-size", 13).text("TPP (dense TOPS × bit length, log)");
  svg.append("text").attr("transform", `translate(16,${(M.top + H - M.bottom) / 2}) rotate(-90)`).attr("text-anchor", "middle")
    .attr("font-size", 13).text("performance density (TPP / mm², log)");
  const points = data.chips.filter((c) => c.tpp !== null && c.pd !== null && c.tpp >= data.axes.tpp.min && c.tpp <= data.axes.tpp.max)
    .map((c) => ({ ...c, pdc: Math.min(Math.max(c.pd as number, data.axes.pd.min), data.axes.pd.max) }));
  const g = svg.append("g").attr("class", "chips").selectAll("g").data(points).join("g").attr("class", "chip")
    .attr("data-chip", (d) => d.id).attr("data-eccn", (d) => d.eccn);
  g.append("circle").attr("cx", (d) => x(d.tpp as number)).attr("cy", (d) => y(d.pdc)).attr("r", 4.5)
    .attr("fill", (d) => (d.designed_for !== "datacenter" ? "white" : d.controlled ? "#7b241c" : d.determined ? "#1e8449" : "#7f8c8d"))
    .attr("stroke", (d) => (d.controlled ? "#7b241c" : "#1e8449")).attr("stroke-width", 1.5);
  g.append("title").text((d) => `${d.name}: TPP ${Math.round(d.tpp as number)}, PD ${(d.pd as number).toFixed(2)}, ${d.eccn}`);
  g.append("text").attr("x", (d) => x(d.tpp as number) + 6).attr("y", (d) => y(d.pdc) + 3).attr("font-size", 10).text((d) => d.label);

  const eccns = data.regions.filter((r) => r.controlled).map((r) => r.eccn);
  legend.replaceChildren(
    el("span", { class: "muted" }, `rule set ${data.ruleset.id} revision ${data.ruleset.revision}; regions for datacenter ICs; `),
    ...(eccns.length ? eccns : ["none: no encoded control on this date"]).map((e) =>
      el("span", { class: "swatch" }, el("i", { style: `background:${regionColour(e)}` }), e === "undetermined" ? "3A090 if I/O ≥ 600 GB/s" : e)));
}

export async function initChart(): Promise<void> {
  const slider = document.querySelector<HTMLInputElement>("#chart-date")!;
  const label = document.querySelector<HTMLOutputElement>("#chart-date-label")!;
  const host = document.querySelector<HTMLElement>("#chart")!;
  const legend = document.querySelector<HTMLElement>("#chart-legend")!;
  const errorBox = document.querySelector<HTMLElement>("#chart-error")!;
  let dates: string[] = [];
  try {
    const timeline = await api.timeline();
    const today = todayIso();
    dates = Array.from(new Set([...timeline.change_dates.filter((d) => d <= today), today])).sort();
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  slider.max = String(dates.length - 1);
  slider.value = String(dates.length - 1);
  let latest = 0;
  const show = async () => {
    const asOf = dates[Number(slider.value)];
    label.value = asOf;
    const ticket = ++latest;
    try {
      const data = await api.plotData(asOf);
      if (ticket !== latest) return;  // a newer date was chosen meanwhile
      clearError(errorBox);
      draw(host, legend, data);
    } catch (e) {
      showError(errorBox, e);
    }
  };
  slider.addEventListener("input", show);
  await show();
}

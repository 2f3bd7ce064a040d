// The status timeline (GET /v1/lab/timeline): a shipment's status from a start date to an end date
// as intervals, drawn with d3 as one band per interval on a date axis (coloured by outcome and review
// policy, as the server's SVG at /v1/lab/timeline.svg, which is linked), and as a table with the
// rules that changed each interval.
import { announce, count } from "./announce";
import { axisBottom } from "d3-axis";
import { scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { busy } from "./busy";
import { api, type StatusTimeline, type TimelineInterval } from "./api";
import { clearError, el, showError } from "./render";

const W = 1000, ROW = 30, M = { top: 10, right: 20, bottom: 30, left: 20 };

// The colours of src/lab/timeline_svg.cc.
export function statusColour(i: Pick<TimelineInterval, "outcome" | "review_policy">): string {
  switch (i.outcome) {
    case "no_license_required": return "#27ae60";
    case "license_exception": return "#2e86c1";
    case "prohibited": return "#7b241c";
    case "hold": return "#8e44ad";
    default:
      if (i.review_policy === "presumption_of_denial") return "#c0392b";
      if (i.review_policy === "case_by_case") return "#e67e22";
      return "#f4d03f";
  }
}

const kLegend: [string, Pick<TimelineInterval, "outcome" | "review_policy">][] = [
  ["no licence", { outcome: "no_license_required", review_policy: null }],
  ["licence exception", { outcome: "license_exception", review_policy: null }],
  ["licence: approval", { outcome: "license_required", review_policy: "presumption_of_approval" }],
  ["licence: case by case", { outcome: "license_required", review_policy: "case_by_case" }],
  ["licence: denial", { outcome: "license_required", review_policy: "presumption_of_denial" }],
  ["prohibited", { outcome: "prohibited", review_policy: null }],
];

function status(i: TimelineInterval): string {
  return i.outcome.replaceAll("_", " ") + (i.review_policy ? ` (${i.review_policy.replaceAll("_", " ")})` : "");
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const nextDay = (iso: string) => new Date(day(iso).getTime() + 86400000);

function chart(host: HTMLElement, t: StatusTimeline): void {
  const H = M.top + ROW * t.intervals.length + M.bottom;
  const x = scaleUtc().domain([day(t.from), nextDay(t.to)]).range([M.left, W - M.right]);
  host.replaceChildren();
  const svg = select(host).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("width", W).attr("height", H)
    .attr("role", "img").attr("aria-label", `status of ${t.chip.name} to ${t.destination} from ${t.from} to ${t.to}`);
  const band = svg.append("g").selectAll("g").data(t.intervals).join("g").attr("class", "band")
    .attr("data-from", (d) => d.from).attr("data-outcome", (d) => d.outcome);
  band.append("rect").attr("x", (d) => x(day(d.from))).attr("width", (d) => Math.max(1, x(nextDay(d.to)) - x(day(d.from))))
    .attr("y", (_d, i) => M.top + i * ROW + 3).attr("height", ROW - 6).attr("fill", (d) => statusColour(d)).attr("fill-opacity", 0.85);
  band.append("title").text((d) => `${d.from} – ${d.to}: ${status(d)}, ${d.eccn}${d.changed_by.length ? `; changed by ${d.changed_by.join(", ")}` : ""}`);
  // The label sits right of the band's start, or left of it when the start is in the right half.
  band.append("text").attr("y", (_d, i) => M.top + i * ROW + ROW / 2 + 4).attr("font-size", 11)
    .attr("x", (d) => (x(day(d.from)) < W / 2 ? x(day(d.from)) + 4 : x(day(d.from)) - 4))
    .attr("text-anchor", (d) => (x(day(d.from)) < W / 2 ? "start" : "end"))
    .text((d) => `${d.from}  ${status(d)}${d.changed_by.length ? ` · ${d.changed_by.join(", ")}` : ""}`);
  svg.append("g").attr("transform", `translate(0,${H - M.bottom})`).call(axisBottom(x).ticks(8));
}

function table(t: StatusTimeline): HTMLElement {
  return el("table", { class: "trace", id: "timeline-table" },
    el("thead", {}, el("tr", {}, ...["from", "to", "ECCN", "status", "changed by", "licence requirements", "policies"].map((h) => el("th", {}, h)))),
    el("tbody", {}, ...t.intervals.map((i) => el("tr", { "data-from": i.from, "data-outcome": i.outcome, "data-review-policy": i.review_policy ?? "" },
      el("td", {}, i.from), el("td", {}, i.to), el("td", {}, i.eccn),
      el("td", {}, el("i", { class: "dot", style: `background:${statusColour(i)}` }), status(i)),
      el("td", {}, ...i.changed_by.map((c) => el("code", { class: "rule" }, c))),
      el("td", {}, i.requirement_ids.join(", ")), el("td", {}, i.policy_ids.join(", "))))));
}

function render(t: StatusTimeline, svgUrl: string): HTMLElement {
  const host = el("div", { id: "timeline-chart" });
  chart(host, t);
  return el("div", {},
    el("p", { id: "timeline-summary" },
      `${t.chip.name} to ${t.destination}${t.end_user ? `, end user “${t.end_user}”` : ""}${t.end_user_hq ? `, HQ ${t.end_user_hq}` : ""}, ` +
      `from ${t.ship_from}: ${t.intervals.length} interval${t.intervals.length === 1 ? "" : "s"} from ${t.from} to ${t.to} ` +
      `(${t.evaluated_dates.length} dates evaluated) · `,
      el("a", { href: svgUrl, target: "_blank", id: "timeline-svg-link" }, "the chart as SVG")),
    host,
    el("div", { class: "legend" }, ...kLegend.map(([name, s]) => el("span", { class: "swatch" }, el("i", { style: `background:${statusColour(s)}` }), name))),
    table(t));
}

export function initTimeline(): void {
  const form = document.querySelector<HTMLFormElement>("#timeline-form")!;
  const out = document.querySelector<HTMLElement>("#timeline-result")!;
  const errorBox = document.querySelector<HTMLElement>("#timeline-error")!;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    const params: Record<string, string> = {};
    for (const name of ["chip", "to", "end_user", "end_user_hq", "from", "to_date"])
      params[name] = (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    await busy(document.querySelector<HTMLButtonElement>("#timeline-submit")!, async () => {
      try {
        const t = await api.statusTimeline(params);
        out.replaceChildren(render(t, api.timelineSvgUrl(params)));
        const now = t.intervals[t.intervals.length - 1];
        announce("lab", `${count(t.intervals.length, "interval")} from ${t.from} to ${t.to}` +
          (now ? `; from ${now.from}: ${now.outcome.replaceAll("_", " ")}` : ""));
      } catch (e) {
        out.replaceChildren();
        showError(errorBox, e);
      }
    });
  });
}

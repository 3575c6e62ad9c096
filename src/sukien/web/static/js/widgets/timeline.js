// The timeline: events per day or month, stacked by PLOVER type (Chart.js, vendored).
import { el } from "../dom.js";
import { lang, ploverLabel } from "../i18n.js";

const COLORS = {
  AGREE: "#2b8a3e", CONSULT: "#1971c2", SUPPORT: "#5c940d", COOPERATE: "#0b7285", AID: "#087f5b",
  CONCEDE: "#66a80f", RETREAT: "#868e96", REQUEST: "#e67700", ACCUSE: "#c92a2a", REJECT: "#d9480f",
  THREATEN: "#a61e4d", SANCTION: "#862e9c", PROTEST: "#e03131", MOBILIZE: "#5f3dc4", COERCE: "#9c36b5",
  ASSAULT: "#212529", OTHER: "#adb5bd",
};

/** Draw `data` (GET /api/timeline) into `container`; onPick(period) when a bar is clicked. */
export function drawTimeline(container, data, onPick) {
  const canvas = el("canvas", { "aria-label": "timeline", role: "img" });
  container.append(el("div", { class: "chart-box" }, canvas));
  const periods = data.buckets.map((b) => b.period);
  const types = [...new Set(data.buckets.flatMap((b) => Object.keys(b.by_type)))].sort();
  const datasets = types.map((type) => ({
    label: ploverLabel(type),
    data: data.buckets.map((b) => b.by_type[type] || 0),
    backgroundColor: COLORS[type] || "#495057",
    stack: "all",
  }));
  const chart = new window.Chart(canvas, {
    type: "bar",
    data: { labels: periods, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      locale: lang() === "vi" ? "vi-VN" : "en-GB",
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      onClick: (_event, elements) => {
        if (elements.length) onPick(periods[elements[0].index]);
      },
    },
  });
  return chart;
}

/** The first and last day of a "YYYY-MM" or "YYYY-MM-DD" period. */
export function periodRange(period) {
  if (period.length === 10) return [period, period];
  const [year, month] = period.split("-").map(Number);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`];
}

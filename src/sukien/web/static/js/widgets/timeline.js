// The timeline: events per day, month or year, stacked by PLOVER type (Chart.js, vendored).
// The server counts every matching event (GET /api/timeline); here the periods without
// events are put back between the first and the last, so a quiet stretch shows as a gap
// on the axis instead of its two sides drawn next to each other.
import { el } from "../dom.js";
import { lang, ploverLabel, t } from "../i18n.js";
import { PLOVER_COLORS, ploverColor } from "../palette.js";

const MAX_FILLED = 20000; // periods: beyond this (days over decades) the empty ones are left out

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** The period after `period` ("2026", "2026-03" or "2026-03-31"). */
export function nextPeriod(period) {
  if (period.length === 4) return pad(Number(period) + 1, 4);
  if (period.length === 7) {
    const [year, month] = period.split("-").map(Number);
    return month === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(month + 1)}`;
  }
  const day = new Date(period + "T00:00:00Z");
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Every period from the first bucket's to the last's, empty ones included. */
export function filledBuckets(buckets) {
  if (buckets.length < 2) return buckets;
  const byPeriod = new Map(buckets.map((b) => [b.period, b]));
  const last = buckets[buckets.length - 1].period;
  const filled = [];
  for (let p = buckets[0].period; p <= last; p = nextPeriod(p)) {
    filled.push(byPeriod.get(p) || { period: p, count: 0, by_type: {} });
    if (filled.length > MAX_FILLED) return buckets;
  }
  return filled;
}

/** Draw `data` (GET /api/timeline) into `container`; onPick(period) when a bar is clicked. */
export function drawTimeline(container, data, onPick) {
  const canvas = el("canvas", { "aria-label": "timeline", role: "img" });
  container.append(el("div", { class: "chart-box" }, canvas));
  if (data.undated) container.append(el("p", { class: "hint undated" }, `${data.undated} ${t("timeline.undated")}`));
  const buckets = filledBuckets(data.buckets);
  const periods = buckets.map((b) => b.period);
  const present = new Set(buckets.flatMap((b) => Object.keys(b.by_type)));
  const types = Object.keys(PLOVER_COLORS).filter((type) => present.has(type));
  const datasets = types.map((type) => ({
    label: ploverLabel(type),
    data: buckets.map((b) => b.by_type[type] || 0),
    backgroundColor: ploverColor(type),
    stack: "all",
  }));
  const chart = new window.Chart(canvas, {
    type: "bar",
    data: { labels: periods, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      locale: lang() === "vi" ? "vi-VN" : "en-GB",
      scales: { x: { stacked: true, ticks: { maxRotation: 60, autoSkipPadding: 6 } },
                y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      onClick: (_event, elements) => {
        if (elements.length) onPick(periods[elements[0].index]);
      },
    },
  });
  return chart;
}

/** The first and last day of a "YYYY", "YYYY-MM" or "YYYY-MM-DD" period. */
export function periodRange(period) {
  if (period.length === 10) return [period, period];
  if (period.length === 4) return [`${period}-01-01`, `${period}-12-31`];
  const [year, month] = period.split("-").map(Number);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`];
}

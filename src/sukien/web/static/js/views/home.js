// The start page: filters, the timeline and the actor network of the filtered events,
// search hits (actors, articles) when there is a query, and the list of events.
// The parts load at once; a problem they share (a query too long for every endpoint)
// is reported once, above them.
import { api } from "../api.js";
import { append, clear, el, hashLink } from "../dom.js";
import { PLOVER, count, countryName, nameOf, ploverLabel, t } from "../i18n.js";
import { drawGraph } from "../widgets/graph.js";
import { drawTimeline, periodRange } from "../widgets/timeline.js";
import { articleHref, entityHref, errorBox, eventCard, loading, truncationNotice } from "./common.js";

export const FILTERS = ["q", "actor", "country", "type", "cameo", "since", "until", "place", "min_confidence"];
const PERIODS = ["auto", "day", "month", "year"];
const TOPS = [10, 20, 30, 60, 100];
const DEFAULT_TOP = 30;

export async function renderHome(view, params, keep) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]).filter(([, v]) => v));
  const by = PERIODS.includes(params.get("by")) ? params.get("by") : "auto";
  const month = /^\d{4}-\d{2}$/.test(params.get("gmonth") || "") ? params.get("gmonth") : "";
  const top = Math.max(1, Math.min(500, Number(params.get("gtop")) || DEFAULT_TOP));
  const state = { filters, by, month, top };
  const errors = errorBox();
  const timelineBox = el("div", { class: "timeline-box" }, loading());
  const graphBox = el("div", { class: "graph-box", id: "graph" });
  const graphNote = el("p", { class: "hint graph-note" });
  // Said beside each chart when its answer counted only the newest matching events.
  const timelineTruncation = el("div", { class: "truncation", dataset: { chart: "timeline" } });
  const graphTruncation = el("div", { class: "truncation", dataset: { chart: "graph" } });
  const hits = el("section", { class: "search-hits" });
  const list = el("ol", { class: "events" });
  const results = el("section", { class: "results" }, el("h2", {}, t("results.title")), list);

  clear(view);
  view.append(el("div", { class: "home" },
    filterForm(filters, by),
    el("div", { class: "main" },
      errors,
      el("div", { class: "panels" },
        el("section", { class: "panel" },
          el("div", { class: "panel-head" }, el("h2", {}, t("timeline.title")), byToggle(state)),
          timelineTruncation, timelineBox, el("p", { class: "hint" }, t("timeline.hint"))),
        el("section", { class: "panel" },
          el("div", { class: "panel-head" }, el("h2", {}, t("graph.title")), graphControls(state)),
          graphTruncation, el("div", { class: "graph-frame" }, graphBox),
          graphNote, el("p", { class: "hint" }, t("graph.hint")))),
      filters.q ? hits : null,
      results)));

  const go = (extra) => { location.hash = hashLink("/", { ...filters, ...extra }); };
  await Promise.all([
    loadEvents(list, results, filters, errors),
    api.timeline(filters, by).then((data) => {
      clear(timelineBox);
      append(timelineTruncation, [truncationNotice(data, filters)]);
      keep(drawTimeline(timelineBox, data, (period) => {
        const [since, until] = periodRange(period);
        go({ since, until, by: by === "auto" ? data.by : by });
      }));
    }).catch((e) => { clear(timelineBox); errors.report(e); }),
    api.graph({ ...graphFilters(filters, month), top }).then((data) => {
      graphNote.textContent = t("graph.summary", { shown: data.nodes.length, all: data.actors,
        events: count(data.events, "common.events") });
      append(graphTruncation, [truncationNotice(data, filters)]);
      if (!data.nodes.length) { graphBox.append(el("p", { class: "hint" }, t("graph.empty"))); return; }
      keep(drawGraph(graphBox, data, (id) => { location.hash = entityHref(id); }));
    }).catch((e) => errors.report(e)),
    filters.q ? loadHits(hits, filters.q, errors) : null,
  ]);
}

/** The page's filters narrowed to one month for the network (within since/until when given). */
function graphFilters(filters, month) {
  if (!month) return filters;
  const [first, last] = periodRange(month);
  const since = filters.since && filters.since > first ? filters.since : first;
  const until = filters.until && filters.until < last ? filters.until : last;
  return { ...filters, since, until: until < since ? since : until };
}

function pageHash(state, extra) {
  const { filters, by, month, top } = { ...state, ...extra };
  const values = { ...filters };
  if (by !== "auto") values.by = by;
  if (month) values.gmonth = month;
  if (top !== DEFAULT_TOP) values.gtop = top;
  return hashLink("/", values);
}

function filterForm(filters, by) {
  const field = (name, attrs = {}) => el("label", {}, el("span", {}, t(`filters.${name}`)),
    el("input", { name, value: filters[name] || "", ...attrs }));
  const type = el("select", { name: "type" }, el("option", { value: "" }, t("filters.any")),
    Object.keys(PLOVER).filter((k) => k !== "OTHER").map((k) =>
      el("option", { value: k, selected: filters.type === k }, `${ploverLabel(k)} (${k})`)));
  // On a phone the filters start folded (unless some are set), so the results come first.
  const folded = window.matchMedia("(max-width: 600px)").matches && !FILTERS.some((k) => k !== "q" && filters[k]);
  const form = el("form", { class: "filters", id: "filters" });
  const details = el("details", { class: "filters-box", open: !folded },
    el("summary", {}, el("h2", {}, t("filters.title"))), form);
  append(form, [
    el("input", { type: "hidden", name: "q", value: filters.q || "" }),
    by !== "auto" ? el("input", { type: "hidden", name: "by", value: by }) : null,
    field("actor"), field("country", { maxlength: 3, size: 4 }),
    el("label", {}, el("span", {}, t("filters.type")), type),
    field("cameo", { maxlength: 4, size: 5, inputmode: "numeric" }),
    field("since", { type: "date" }), field("until", { type: "date" }), field("place"),
    field("min_confidence", { type: "number", min: 0, max: 1, step: 0.05, size: 4 }),
    el("div", { class: "buttons" },
      el("button", { type: "submit" }, t("filters.apply")),
      el("a", { href: hashLink("/"), class: "reset" }, t("filters.reset")))]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    location.hash = hashLink("/", values);
  });
  return details;
}

function byToggle(state) {
  return el("nav", { class: "toggle", "aria-label": t("timeline.by") }, PERIODS.map((period) =>
    period === state.by
      ? el("strong", { class: "current", dataset: { by: period } }, t(`timeline.${period}`))
      : el("a", { href: pageHash(state, { by: period }), dataset: { by: period } }, t(`timeline.${period}`))));
}

function graphControls(state) {
  const monthInput = el("input", { type: "month", name: "gmonth", value: state.month, "aria-label": t("graph.month") });
  const topSelect = el("select", { name: "gtop", "aria-label": t("graph.top") },
    [...new Set([...TOPS, state.top])].sort((a, b) => a - b).map((n) =>
      el("option", { value: n, selected: n === state.top }, String(n))));
  const apply = () => { location.hash = pageHash(state, { month: monthInput.value, top: Number(topSelect.value) }); };
  monthInput.addEventListener("change", apply);
  topSelect.addEventListener("change", apply);
  return el("div", { class: "graph-controls" },
    el("label", {}, el("span", {}, t("graph.month")), monthInput),
    state.month ? el("a", { href: pageHash(state, { month: "" }), class: "all-months" }, t("graph.allMonths")) : null,
    el("label", {}, el("span", {}, t("graph.top")), topSelect));
}

async function loadEvents(list, results, filters, errors, cursor) {
  try {
    const page = await api.events({ ...filters, cursor, limit: 25 });
    if (!page.items.length && !cursor) list.append(el("li", { class: "none" }, t("results.none")));
    list.append(...page.items.map(eventCard));
    results.querySelector(".more")?.remove();
    if (page.next_cursor) {
      const more = el("button", { class: "more", type: "button" }, t("results.more"));
      more.addEventListener("click", () => loadEvents(list, results, filters, errors, page.next_cursor));
      results.append(more);
    }
  } catch (error) {
    errors.report(error);
  }
}

/** The snippet as text with the matched words in <mark> (offsets in code points). */
function markedSnippet(text, marks) {
  const chars = Array.from(text || "");
  const pieces = [];
  let at = 0;
  for (const [start, end] of [...(marks || [])].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > chars.length) continue;
    pieces.push(chars.slice(at, start).join(""), el("mark", { class: "match" }, chars.slice(start, end).join("")));
    at = end;
  }
  pieces.push(chars.slice(at).join(""));
  return pieces;
}

async function loadHits(section, q, errors) {
  try {
    const found = await api.search(q);
    const entities = found.entities.map((e) => el("li", {}, el("a", { href: entityHref(e.id) }, nameOf(e)),
      e.country ? ` (${countryName(e.country)})` : ""));
    const articles = found.articles.map((a) => el("li", {},
      el("a", { class: "article-link", href: articleHref(a.id) }, a.title || a.id), " ",
      el("span", { class: "meta" }, [a.outlet, a.published].filter(Boolean).join(" · ")),
      el("p", { class: "snippet" }, markedSnippet(a.snippet, a.marks))));
    // Only the kinds that found something; the grid gives the articles the room.
    if (!entities.length) section.classList.add("articles-only");
    append(section, [
      entities.length ? el("div", { class: "hits" }, el("h3", {}, t("results.entities")), el("ul", {}, entities)) : null,
      el("div", { class: "hits" }, el("h3", {}, t("results.articles")),
        articles.length ? el("ul", { class: "articles" }, articles) : el("p", { class: "hint" }, t("common.none"))),
    ]);
  } catch (error) {
    errors.report(error);
  }
}

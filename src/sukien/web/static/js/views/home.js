// The start page: filters, the timeline and the actor network of the filtered events,
// search hits (actors, articles) when there is a query, and the list of events.
import { api } from "../api.js";
import { clear, el, hashLink } from "../dom.js";
import { PLOVER, nameOf, ploverLabel, t } from "../i18n.js";
import { drawGraph } from "../widgets/graph.js";
import { drawTimeline, periodRange } from "../widgets/timeline.js";
import { countryOf, entityHref, eventCard, failure, loading } from "./common.js";

export const FILTERS = ["q", "actor", "country", "type", "cameo", "since", "until", "place"];

export async function renderHome(view, params, keep) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]).filter(([, v]) => v));
  const by = params.get("by") === "day" ? "day" : "month";
  const timelineBox = el("div", { class: "timeline-box" }, loading());
  const graphBox = el("div", { class: "graph-box", id: "graph" });
  const hits = el("section", { class: "search-hits" });
  const list = el("ol", { class: "events" });
  const results = el("section", { class: "results" }, el("h2", {}, t("results.title")), list);

  clear(view);
  view.append(el("div", { class: "home" },
    filterForm(filters, by),
    el("div", { class: "main" },
      el("div", { class: "panels" },
        el("section", { class: "panel" },
          el("div", { class: "panel-head" }, el("h2", {}, t("timeline.title")), byToggle(filters, by)),
          timelineBox, el("p", { class: "hint" }, t("timeline.hint"))),
        el("section", { class: "panel" }, el("h2", {}, t("graph.title")), graphBox,
          el("p", { class: "hint" }, t("graph.hint")))),
      filters.q ? hits : null,
      results)));

  const go = (extra) => { location.hash = hashLink("/", { ...filters, ...extra }); };
  await Promise.all([
    loadEvents(list, results, filters),
    api.timeline(filters, by).then((data) => {
      clear(timelineBox);
      keep(drawTimeline(timelineBox, data, (period) => {
        const [since, until] = periodRange(period);
        go({ since, until, by });
      }));
    }).catch((e) => clear(timelineBox).append(failure(e))),
    api.graph({ ...filters, max_events: 500 }).then((data) => {
      if (!data.nodes.length) { graphBox.append(el("p", { class: "hint" }, t("graph.empty"))); return; }
      keep(drawGraph(graphBox, data, (id) => { location.hash = entityHref(id); }));
    }).catch((e) => graphBox.append(failure(e))),
    filters.q ? loadHits(hits, filters.q) : null,
  ]);
}

function filterForm(filters, by) {
  const field = (name, attrs = {}) => el("label", {}, el("span", {}, t(`filters.${name}`)),
    el("input", { name, value: filters[name] || "", ...attrs }));
  const type = el("select", { name: "type" }, el("option", { value: "" }, t("filters.any")),
    Object.keys(PLOVER).filter((k) => k !== "OTHER").map((k) =>
      el("option", { value: k, selected: filters.type === k }, `${ploverLabel(k)} (${k})`)));
  const form = el("form", { class: "filters", id: "filters" },
    el("h2", {}, t("filters.title")),
    el("input", { type: "hidden", name: "q", value: filters.q || "" }),
    el("input", { type: "hidden", name: "by", value: by }),
    field("actor"), field("country", { maxlength: 3, size: 4 }),
    el("label", {}, el("span", {}, t("filters.type")), type),
    field("cameo", { maxlength: 4, size: 5, inputmode: "numeric" }),
    field("since", { type: "date" }), field("until", { type: "date" }), field("place"),
    el("div", { class: "buttons" },
      el("button", { type: "submit" }, t("filters.apply")),
      el("a", { href: hashLink("/"), class: "reset" }, t("filters.reset"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    location.hash = hashLink("/", values);
  });
  return form;
}

function byToggle(filters, by) {
  const other = by === "month" ? "day" : "month";
  return el("a", { class: "toggle", href: hashLink("/", { ...filters, by: other }) }, t(`timeline.${other}`));
}

async function loadEvents(list, results, filters, cursor) {
  try {
    const page = await api.events({ ...filters, cursor, limit: 25 });
    if (!page.items.length && !cursor) list.append(el("li", { class: "none" }, t("results.none")));
    list.append(...page.items.map(eventCard));
    results.querySelector(".more")?.remove();
    if (page.next_cursor) {
      const more = el("button", { class: "more", type: "button" }, t("results.more"));
      more.addEventListener("click", () => loadEvents(list, results, filters, page.next_cursor));
      results.append(more);
    }
  } catch (error) {
    results.append(failure(error));
  }
}

async function loadHits(section, q) {
  try {
    const found = await api.search(q);
    const entities = found.entities.map((e) => el("li", {}, el("a", { href: entityHref(e.id) }, nameOf(e)),
      e.country ? ` (${countryOf(e.country)})` : ""));
    const articles = found.articles.map((a) => el("li", {},
      el("strong", {}, a.title || a.id), " ", el("span", { class: "meta" }, a.published || ""),
      el("p", { class: "snippet" }, a.snippet || "")));
    // Only the kinds that found something; the grid gives the articles the room.
    if (!entities.length) section.classList.add("articles-only");
    section.append(
      entities.length ? el("div", { class: "hits" }, el("h3", {}, t("results.entities")), el("ul", {}, entities)) : null,
      el("div", { class: "hits" }, el("h3", {}, t("results.articles")),
        articles.length ? el("ul", { class: "articles" }, articles) : el("p", { class: "hint" }, t("common.none"))));
  } catch (error) {
    section.append(failure(error));
  }
}

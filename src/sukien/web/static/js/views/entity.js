// The entity page: who it is (in words, not codes), the offices the articles give it with
// the first and last day seen, its timeline, its network and the counterparts it meets
// most often, and its latest events.
import { api } from "../api.js";
import { clear, el, safeUrl } from "../dom.js";
import { codeLabel, count, countryName, folded, lang, nameOf, t } from "../i18n.js";
import { drawGraph } from "../widgets/graph.js";
import { drawTimeline, periodRange } from "../widgets/timeline.js";
import { articleHref, backLink, entityHref, eventCard, failure, truncationNotice } from "./common.js";

const GRAPH_TOP = 20;

export async function renderEntity(view, id, keep) {
  const entity = await api.entity(id);
  const shown = nameOf(entity);
  const other = lang() === "vi" ? entity.name : entity.name_vi;
  const timelineBox = el("div", { class: "timeline-box" });
  const graphBox = el("div", { class: "graph-box", id: "graph" });
  clear(view);
  view.append(el("article", { class: "entity-page" },
    backLink(),
    el("h1", {}, shown, other && folded(other) !== folded(shown) ? el("small", {}, ` (${other})`) : null),
    el("dl", { class: "facts" },
      el("dt", {}, t("entity.type")), el("dd", { class: "entity-type", dataset: { code: entity.type || "" } },
        codeLabel("type", entity.type) || "—",
        entity.discovered ? el("span", { class: "hint" }, ` — ${t("entity.discovered")}`) : null),
      el("dt", {}, t("entity.country")), el("dd", { class: "entity-country", dataset: { code: entity.country || "" } },
        entity.country && entity.type !== "COUNTRY" ? el("a", { href: entityHref(`country:${entity.country}`) },
          countryName(entity.country)) : countryName(entity.country) || "—"),
      el("dt", {}, "Wikidata"), el("dd", {}, entity.wikidata
        ? el("a", { href: safeUrl(`https://www.wikidata.org/wiki/${encodeURIComponent(entity.wikidata)}`),
          rel: "noopener noreferrer", target: "_blank" }, entity.wikidata) : "—"),
      el("dt", {}, t("entity.aliases")), el("dd", {}, (entity.aliases || []).join("; ") || "—")),
    offices(entity.roles || []),
    el("div", { class: "panels" },
      el("section", { class: "panel" }, el("h2", {}, t("entity.timeline")), timelineBox),
      el("section", { class: "panel" }, el("h2", {}, t("entity.counterparts")),
        el("div", { class: "graph-frame" }, graphBox), counterparts(entity.counterparts || []))),
    el("h2", {}, t("entity.events")),
    el("ol", { class: "events" }, (entity.timeline || []).map(eventCard))));

  await Promise.all([
    // One actor's counts are kept at write time, so these are whole; were one partial, the notice says so.
    api.timeline({ actor: id }, "auto").then((data) => {
      timelineBox.before(...[truncationNotice(data, {})].filter(Boolean));
      keep(drawTimeline(timelineBox, data, (period) => {
        const [since, until] = periodRange(period);
        location.hash = `#/?actor=${encodeURIComponent(id)}&since=${since}&until=${until}`;
      }));
    }).catch((e) => timelineBox.append(failure(e))),
    api.graph({ actor: id, top: GRAPH_TOP }).then((data) => {
      graphBox.parentNode.before(...[truncationNotice(data, {})].filter(Boolean));
      if (data.nodes.length) keep(drawGraph(graphBox, data, (other) => { location.hash = entityHref(other); }));
    }).catch((e) => graphBox.append(failure(e))),
  ]);
}

/** The offices seen, latest first: title, country, body, sector, first and last day, articles.
 * Columns no office fills (the country of a title the articles give without one) are left out. */
function offices(items) {
  if (!items.length) return null;
  const pick = (vi, en) => (lang() === "vi" ? vi || en : en || vi);
  const columns = [
    ["office", (r) => pick(r.title_vi, r.title_en) || "—", "office"],
    ["country", (r) => countryName(r.country)],
    ["organization", (r) => pick(r.organization_name_vi, r.organization_name) || ""],
    ["sector", (r) => codeLabel("sector", r.sector)],
    ["first", (r) => r.first_seen || "—", "date"],
    ["last", (r) => r.last_seen || "—", "date"],
    ["articles", (r) => String(r.articles ?? ""), "num"],
    ["evidence", (r) => evidence(r.evidence || []), "evidence"],
  ].filter(([key, value]) => ["office", "first", "last"].includes(key) || items.some((r) => value(r)));
  return el("section", { class: "roles offices" }, el("h2", {}, t("offices.title")),
    el("div", { class: "table-scroll" }, el("table", {},
      el("thead", {}, el("tr", {}, columns.map(([key]) => el("th", { scope: "col", dataset: { column: key } },
        t(`offices.${key}`))))),
      el("tbody", {}, items.map((r) => el("tr", {},
        columns.map(([key, value, cls]) => el("td", { class: cls || null, dataset: { column: key } }, value(r)))))))),
    el("p", { class: "hint" }, t("offices.hint")));
}

/** The latest articles that give an office: each day links to the article, the words that give
 * the office shown on hover. */
function evidence(items) {
  if (!items.length) return null;
  return items.map((e, i) => [i ? ", " : "", el("a", { href: articleHref(e.article_id), title: e.text },
    e.published || e.article_id)]);
}

function counterparts(items) {
  if (!items.length) return el("p", { class: "hint" }, t("common.none"));
  return el("ol", { class: "counterparts" }, items.map((c) => el("li", {},
    el("a", { href: entityHref(c.id) }, nameOf(c)), ` — ${count(c.events, "common.events")}`)));
}

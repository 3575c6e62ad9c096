// The entity page: who it is, the roles the articles give it, its timeline, its
// network and the counterparts it meets most often, and its latest events.
import { api } from "../api.js";
import { clear, el, safeUrl } from "../dom.js";
import { count, lang, nameOf, t } from "../i18n.js";
import { drawGraph } from "../widgets/graph.js";
import { drawTimeline, periodRange } from "../widgets/timeline.js";
import { backLink, countryOf, entityHref, eventCard, failure } from "./common.js";

export async function renderEntity(view, id, keep) {
  const entity = await api.entity(id);
  const other = lang() === "vi" ? entity.name : entity.name_vi;
  const timelineBox = el("div", { class: "timeline-box" });
  const graphBox = el("div", { class: "graph-box", id: "graph" });
  clear(view);
  view.append(el("article", { class: "entity-page" },
    backLink(),
    el("h1", {}, nameOf(entity), other && other !== nameOf(entity) ? el("small", {}, ` (${other})`) : null),
    el("dl", { class: "facts" },
      el("dt", {}, t("entity.type")), el("dd", {}, entity.type || "—",
        entity.discovered ? el("span", { class: "hint" }, ` — ${t("entity.discovered")}`) : null),
      el("dt", {}, t("entity.country")), el("dd", {}, countryOf(entity.country) || "—"),
      el("dt", {}, "Wikidata"), el("dd", {}, entity.wikidata
        ? el("a", { href: safeUrl(`https://www.wikidata.org/wiki/${encodeURIComponent(entity.wikidata)}`),
          rel: "noopener noreferrer", target: "_blank" }, entity.wikidata) : "—"),
      el("dt", {}, t("entity.aliases")), el("dd", {}, (entity.aliases || []).join("; ") || "—")),
    roles(entity.roles || []),
    el("div", { class: "panels" },
      el("section", { class: "panel" }, el("h2", {}, t("entity.timeline")), timelineBox),
      el("section", { class: "panel" }, el("h2", {}, t("entity.counterparts")), graphBox,
        counterparts(entity.counterparts || []))),
    el("h2", {}, t("entity.events")),
    el("ol", { class: "events" }, (entity.timeline || []).map(eventCard))));

  await Promise.all([
    api.timeline({ actor: id }, "month").then((data) => keep(drawTimeline(timelineBox, data, (period) => {
      const [since, until] = periodRange(period);
      location.hash = `#/?actor=${encodeURIComponent(id)}&since=${since}&until=${until}`;
    }))).catch((e) => timelineBox.append(failure(e))),
    api.graph({ actor: id, max_events: 300 }).then((data) => {
      if (data.nodes.length) keep(drawGraph(graphBox, data, (other) => { location.hash = entityHref(other); }));
    }).catch((e) => graphBox.append(failure(e))),
  ]);
}

function roles(items) {
  if (!items.length) return null;
  const title = (r) => (lang() === "vi" ? r.title_vi || r.title_en : r.title_en || r.title_vi);
  return el("section", { class: "roles" }, el("h2", {}, t("entity.roles")),
    el("table", {}, el("tbody", {}, items.map((r) => el("tr", {},
      el("td", {}, title(r) || "—"), el("td", {}, countryOf(r.country) || ""), el("td", {}, r.sector || ""),
      el("td", { class: "meta" }, [r.first_seen, r.last_seen].filter(Boolean).join(" – ")))))));
}

function counterparts(items) {
  if (!items.length) return el("p", { class: "hint" }, t("common.none"));
  return el("ol", { class: "counterparts" }, items.map((c) => el("li", {},
    el("a", { href: entityHref(c.id) }, nameOf(c)), ` — ${count(c.events, "common.events")}`)));
}

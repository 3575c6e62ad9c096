// The event page: what happened, who (with their roles), the codes with labels in both
// languages, and every reporting article with the evidence highlighted in its text.
import { api } from "../api.js";
import { clear, el, highlighted } from "../dom.js";
import { codeLabel, count, countryName, eventLabel, lang, modalityLabel, modeLabel, placeOf, t } from "../i18n.js";
import { actorLink, articleHref, backLink, dateText, eventHref, eventSentence, failure, ploverBadge } from "./common.js";

const MAX_ARTICLES = 10;

export async function renderEvent(view, id) {
  const event = await api.event(id);
  const actors = new Set([...event.source, ...event.target].map((a) => a.id));
  clear(view);
  view.append(el("article", { class: "event-page" },
    backLink(),
    el("h1", {}, eventLabel(event), " ", ploverBadge(event.plover)),
    eventSentence(event, "lead"),
    facts(event),
    el("div", { class: "sides" }, side(t("event.source"), event.source), side(t("event.target"), event.target)),
    related(event),
    el("h2", {}, t("event.reports")),
    el("div", { class: "reports" }, ...(await reports(event, actors)))));
}

function facts(event) {
  const labels = event.labels || {};
  const rows = [
    [t("event.date"), dateText(event)],
    [t("event.place"), [placeOf(event) || "—",
      event.place_country && countryName(event.place_country) !== placeOf(event)
        ? ` (${countryName(event.place_country)})` : ""]],
    [t("event.codes"), el("span", { class: "codes" },
      el("span", { class: "code" }, `CAMEO ${event.cameo}`), " ",
      el("span", { lang: "vi" }, labels.label_vi || ""), " / ", el("span", { lang: "en" }, labels.label_en || ""),
      el("br"),
      el("span", { class: "code" }, `PLOVER ${event.plover || "—"}`),
      event.mode ? ` · ${modeLabel(event.mode)}` : "",
      " · Goldstein ", String(event.goldstein ?? "—"), " · QuadClass ", String(event.quad_class ?? "—"))],
    [t("event.modality"), [modalityLabel(event.modality), event.negated ? ` (${t("event.negated")})` : ""]],
    [t("event.occasion"), event.occasion || "—"],
    [t("event.topics"), (event.topics || []).join("; ") || "—"],
    ["", [count(event.num_articles, "event.articles"), count(event.num_sources, "event.sources"),
      count(event.num_mentions, "event.mentions")].join(" · ")],
  ];
  return el("dl", { class: "facts" }, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function side(title, actors) {
  return el("section", { class: "side" }, el("h3", {}, title),
    actors.length ? el("ul", {}, actors.map((a) => el("li", {}, actorLink(a),
      a.country && a.type !== "COUNTRY" ? ` (${countryName(a.country)})` : "",
      (a.roles || []).length ? el("div", { class: "roles" },
        a.roles.map((r) => (lang() === "vi" ? r.title_vi || r.title_en : r.title_en || r.title_vi)).join("; ")) : null)))
      : el("p", { class: "hint" }, t("common.none")));
}

function related(event) {
  if (!(event.related || []).length) return null;
  return el("section", { class: "related" }, el("h3", {}, t("event.related")),
    el("ul", {}, event.related.map((r) => el("li", {},
      el("a", { href: eventHref(r.id) }, lang() === "vi" ? r.label_vi || r.cameo : r.label_en || r.cameo),
      ` (${r.relation}, ${r.date_start || "—"})`))));
}

async function reports(event, actors) {
  const articles = event.articles.slice(0, MAX_ARTICLES);
  const texts = await Promise.all(articles.map((a) => api.article(a.id).catch((e) => ({ error: e }))));
  return articles.map((meta, i) => {
    const article = texts[i];
    const head = el("header", {}, el("h3", {}, el("a", { href: articleHref(meta.id) }, meta.title || meta.id)),
      el("span", { class: "meta" }, [meta.outlet, meta.published].filter(Boolean).join(" · ")),
      meta.url ? [" · ", el("a", { href: meta.url, rel: "noopener noreferrer", target: "_blank" }, t("event.open"))] : null);
    if (article.error) return el("section", { class: "report" }, head, failure(article.error));
    const spans = spansFor(event, article, actors);
    return el("section", { class: "report", dataset: { article: meta.id } }, head,
      dateBasis(event, meta.id),
      el("div", { class: "article-text" }, highlighted(article.text, spans)));
  });
}

/** Where this article's report dates the event: the words that give the date and how they were read
 * (stated in its sentence, taken from the article's context, counted from the publication day). */
function dateBasis(event, articleId) {
  const item = event.evidence.find((e) => e.article_id === articleId && e.date_relation);
  if (!item) return null;
  const words = item.date_text ? `"${item.date_text}"` : t("event.publicationDay");
  return el("p", { class: "date-basis meta" }, `${t("event.date")}: ${words} (${codeLabel("date", item.date_relation)})`);
}

/** Evidence and trigger spans of this event in this article, plus its actors' mentions. */
function spansFor(event, article, actors) {
  const spans = [];
  for (const item of event.evidence.filter((e) => e.article_id === article.id)) {
    for (const span of item.evidence || []) spans.push({ start: span.start, end: span.end, cls: "evidence" });
    if (item.trigger && item.trigger.start !== null) {
      spans.push({ start: item.trigger.start, end: item.trigger.end, cls: "trigger" });
    }
  }
  const inEvidence = (m) => spans.some((s) => s.cls === "evidence" && s.start <= m.start && m.end <= s.end);
  for (const mention of article.mentions || []) {
    if (actors.has(mention.entity_id) && inEvidence(mention)) {
      spans.push({ start: mention.start, end: mention.end, cls: "actor" });
    }
  }
  return spans;
}

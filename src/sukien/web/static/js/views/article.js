// The article page: the article's text as given, with the evidence of every event it
// reports highlighted (sentences, trigger words, the actors named in them), and the
// events themselves as cards. A search hit for an article leads here.
import { api } from "../api.js";
import { clear, el, highlighted, safeUrl } from "../dom.js";
import { t } from "../i18n.js";
import { backLink, eventCard } from "./common.js";

export async function renderArticle(view, id) {
  const article = await api.article(id);
  clear(view);
  view.append(el("article", { class: "article-page" },
    backLink(),
    el("h1", {}, article.title || article.id),
    el("p", { class: "meta" }, [article.outlet, article.published].filter(Boolean).join(" · "),
      article.url ? [" · ", el("a", { href: safeUrl(article.url), rel: "noopener noreferrer", target: "_blank" },
        t("event.open"))] : null),
    el("div", { class: "article-layout" },
      el("section", { class: "report" },
        el("p", { class: "hint" }, t("article.hint")),
        el("div", { class: "article-text" }, highlighted(article.text, spansOf(article)))),
      el("section", { class: "article-events" }, el("h2", {}, t("article.events")),
        (article.reported || []).length
          ? el("ol", { class: "events" }, article.reported.map(eventCard))
          : el("p", { class: "hint" }, t("common.none"))))));
}

/** Evidence and trigger spans of every event of the article, and its actors' mentions inside them. */
function spansOf(article) {
  const spans = [];
  for (const event of article.events || []) {
    for (const span of event.evidence || []) spans.push({ start: span.start, end: span.end, cls: "evidence" });
    const trigger = event.trigger || {};
    if (trigger.start !== null && trigger.start !== undefined) {
      spans.push({ start: trigger.start, end: trigger.end, cls: "trigger" });
    }
  }
  const actors = new Set((article.reported || []).flatMap((e) => [...e.source, ...e.target]).map((a) => a.id));
  const inEvidence = (m) => spans.some((s) => s.cls === "evidence" && s.start <= m.start && m.end <= s.end);
  for (const mention of article.mentions || []) {
    if (actors.has(mention.entity_id) && inEvidence(mention)) {
      spans.push({ start: mention.start, end: mention.end, cls: "actor" });
    }
  }
  return spans;
}

// Pieces several pages use: event cards, actor links, loading and error notes.
import { el, hashLink } from "../dom.js";
import { count, eventLabel, lang, modalityLabel, nameOf, number, placeOf, ploverLabel, t } from "../i18n.js";
import { ploverColor } from "../palette.js";

export const entityHref = (id) => "#/entity/" + encodeURIComponent(id);
export const eventHref = (id) => "#/event/" + encodeURIComponent(id);
export const articleHref = (id) => "#/article/" + encodeURIComponent(id);

export function actorLink(actor) {
  return el("a", { class: "actor", href: entityHref(actor.id), title: actor.id }, nameOf(actor));
}

export function actorList(actors) {
  const links = [];
  actors.forEach((actor, i) => {
    if (i) links.push(", ");
    links.push(actorLink(actor));
  });
  return links;
}

export function dateText(event) {
  const start = event.date_start || event.sort_date;
  if (!start || start.startsWith("0001")) return "—";
  return event.date_end && event.date_end !== start ? `${start} – ${event.date_end}` : start;
}

/** Modalities a card marks beside the event's name: a plan, a supposition, past history. */
const MARKED_MODALITIES = ["planned", "hypothetical", "historical"];

/** The badges that keep an event that did not, or did not yet, happen from reading as a fact. */
export function modalityBadges(event) {
  const marked = MARKED_MODALITIES.includes(event.modality)
    ? el("span", { class: `badge modality ${event.modality}`, dataset: { modality: event.modality } },
      modalityLabel(event.modality))
    : null;
  const negated = event.negated || event.modality === "negated"
    ? el("span", { class: "badge negated", dataset: { modality: "negated" } }, t("event.negated"))
    : null;
  return [marked, negated];
}

/** The PLOVER class as a badge in the class's own colour (the timeline's). */
export function ploverBadge(type) {
  const kind = type || "OTHER";
  return el("span", { class: `badge plover plover-${kind}`, title: kind, style: `--plover: ${ploverColor(kind)}` },
    ploverLabel(kind));
}

/** The event in one sentence, in the page's language: the English `summary`, or in Vietnamese
 *  the sentence it was read from (`evidence_text`); whichever there is when one is missing. */
export function eventSentence(event, cls) {
  const vi = lang() === "vi" ? Boolean(event.evidence_text) : !event.summary;
  const text = vi ? event.evidence_text : event.summary;
  return text ? el("p", { class: cls, lang: vi ? "vi" : "en" }, text) : null;
}

export function eventCard(event) {
  const arrow = event.target && event.target.length ? [" → ", actorList(event.target)] : [];
  const place = placeOf(event);
  return el("li", { class: "event-card", dataset: { id: event.id } },
    el("div", { class: "event-head" },
      el("span", { class: "date" }, dateText(event)),
      el("a", { class: "event-link", href: eventHref(event.id) }, eventLabel(event)),
      ploverBadge(event.plover),
      el("span", { class: "code", title: "CAMEO" }, event.cameo),
      modalityBadges(event)),
    el("div", { class: "actors" }, actorList(event.source || []), arrow),
    eventSentence(event, "summary"),
    el("div", { class: "meta" }, place ? [place, " · "] : null,
      `${count(event.num_articles ?? 0, "event.articles")} · ${count(event.num_mentions ?? 0, "event.mentions")}`));
}

/**
 * The notice that a timeline or network counted only the newest matching events (the answer's
 * `truncated`), with how many it counted and how to get an exact count; null when it counted
 * them all. A partial count must never pass for the whole one. With words (q) only other words
 * or fewer days help: the words are matched newest first whatever the other filters.
 */
export function truncationNotice(data, filters) {
  if (!data || !data.truncated) return null;
  const counted = data.events + (data.undated || 0);
  return el("p", { class: "notice truncated", role: "status" },
    t("truncated.counted", { n: number(counted) }), " ", t(filters.q ? "truncated.words" : "truncated.filters"));
}

export function loading() {
  return el("p", { class: "loading" }, t("common.loading"));
}

const FIELDS = ["actor", "country", "type", "cameo", "since", "until", "place"];

function fieldName(location) {
  const name = String((location || []).at(-1) ?? "");
  if (FIELDS.includes(name)) return t(`filters.${name}`);
  const key = `field.${name}`;
  return t(key) === key ? name : t(key);
}

function validationMessage(problem) {
  const field = fieldName(problem.location);
  const n = (String(problem.message || "").match(/\d+/) || [""])[0];
  const type = String(problem.type || "");
  if (type === "string_too_long" || type === "too_long") return t("error.tooLong", { field, n });
  if (type === "string_too_short" || type === "too_short" || type === "missing") return t("error.tooShort", { field, n: n || 1 });
  if (type.startsWith("date")) return t("error.date", { field });
  if (type === "literal_error" || type === "enum") return t("error.choice", { field });
  if (type === "string_pattern_mismatch") return t("error.pattern", { field });
  if (type === "value_error") return t("error.control", { field });
  if (/^(greater|less)_than/.test(type) || type.startsWith("int")) return t("error.range", { field });
  return `${field}: ${t("error.invalid")}`;
}

/** What went wrong, in the interface language (the server's own words are in English). */
export function errorMessage(error) {
  if (error.code === "network") return t("error.network");
  if (error.code === "invalid_request" && Array.isArray(error.detail) && error.detail.length) {
    return validationMessage(error.detail[0]);
  }
  if (error.code === "invalid_request" && /since is after until/.test(error.message)) return t("error.sinceUntil");
  if (error.code === "not_found") return t("error.notFound");
  if (error.code === "bad_request" && /cursor/.test(error.message)) return t("error.cursor");
  if (error.status >= 500) return t("error.server");
  if (error.status >= 400) return t("error.badRequest");
  return t("error.server");
}

export function failure(error) {
  return el("p", { class: "error", role: "alert", title: error.message || "" },
    `${t("common.error")}: ${errorMessage(error)}`);
}

/**
 * One place for the errors of a page that loads several parts at once: the same
 * problem (a query too long for every endpoint) is said once, not once per part.
 */
export function errorBox() {
  const box = el("div", { class: "errors" });
  const seen = new Set();
  box.report = (error) => {
    const message = errorMessage(error);
    if (seen.has(message)) return;
    seen.add(message);
    box.append(failure(error));
  };
  return box;
}

export function backLink() {
  return el("a", { class: "back", href: hashLink("/") }, t("common.back"));
}

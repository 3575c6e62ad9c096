// Pieces several pages use: event cards, actor links, loading and error notes.
import { el, hashLink } from "../dom.js";
import { count, eventLabel, modalityLabel, nameOf, ploverLabel, t } from "../i18n.js";

export const entityHref = (id) => "#/entity/" + encodeURIComponent(id);
export const eventHref = (id) => "#/event/" + encodeURIComponent(id);

/** ISO alpha-3 from "VNM" or from the country's entity id "country:VNM". */
export const countryOf = (value) => (value && value.startsWith("country:") ? value.slice(8) : value);

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

export function eventCard(event) {
  const arrow = event.target && event.target.length ? [" → ", actorList(event.target)] : [];
  const place = event.place_name_vi || event.place_name;
  return el("li", { class: "event-card", dataset: { id: event.id } },
    el("div", { class: "event-head" },
      el("span", { class: "date" }, dateText(event)),
      el("a", { class: "event-link", href: eventHref(event.id) }, eventLabel(event)),
      el("span", { class: `badge plover-${event.plover || "OTHER"}`, title: event.plover || "" },
        ploverLabel(event.plover || "OTHER")),
      el("span", { class: "code", title: "CAMEO" }, event.cameo),
      modalityBadges(event)),
    el("div", { class: "actors" }, actorList(event.source || []), arrow),
    event.summary ? el("p", { class: "summary" }, event.summary) : null,
    el("div", { class: "meta" }, place ? [place, " · "] : null,
      `${count(event.num_articles ?? 0, "event.articles")} · ${count(event.num_mentions ?? 0, "event.mentions")}`));
}

export function loading() {
  return el("p", { class: "loading" }, t("common.loading"));
}

export function failure(error) {
  return el("p", { class: "error", role: "alert" }, `${t("common.error")}: ${error.message}`);
}

export function backLink() {
  return el("a", { class: "back", href: hashLink("/") }, t("common.back"));
}

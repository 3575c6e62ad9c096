"""The review page: one self-contained HTML file (no external assets; works offline).

Every text from the database is escaped (``html.escape``); the sample's identity and
questions travel in a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` written as JSON escapes, so no article text can close it. The page's script
keeps the choices (also in the browser's local storage, so a reload keeps them) and
saves them with the sample as a JSON file through a Blob download, for
``sukien review score``.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from sukien.review import Mention, Question, ReviewEvent, ReviewSample

CHOICES = (("same", "same"), ("different", "different"), ("unsure", "unsure"))

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #d6dae1;padding:.6em 1.2em;z-index:1;
 display:flex;gap:1em;align-items:center;flex-wrap:wrap}
header h1{font-size:1.1em;margin:0}main{padding:1em 1.2em;max-width:110em}
section.case{background:#fff;border:1px solid #d6dae1;border-radius:6px;margin:0 0 1.2em;padding:.8em 1em}
.fields{border-collapse:collapse;margin:.3em 0 .6em}.fields th{text-align:left;color:#5b6472;font-weight:500;
 padding:.1em .8em .1em 0}.side{display:flex;gap:.8em;overflow-x:auto;padding-bottom:.4em}
.report{flex:1 0 20em;max-width:34em;border:1px solid #e3e6eb;border-radius:5px;padding:.5em .7em;background:#fbfbfc}
.report h3{font-size:.95em;margin:0 0 .3em}.meta{color:#5b6472;font-size:.85em;word-break:break-all}
blockquote{margin:.4em 0;padding:.2em .6em;border-left:3px solid #9fb3d9;background:#fff}
mark{background:#ffe58a}.questions{margin:.6em 0 0;padding:0;list-style:none}
.questions li{padding:.3em 0;border-top:1px dashed #e3e6eb;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
.questions li.answered{background:#f0f7f0}label{cursor:pointer;white-space:nowrap}
button{font:inherit;padding:.35em .9em;border-radius:5px;border:1px solid #2f5fb3;background:#2f5fb3;color:#fff;
 cursor:pointer}.tag{font-size:.8em;color:#5b6472}
"""

_SCRIPT = """
(function(){
  var sample = JSON.parse(document.getElementById('sample').textContent);
  var store = 'sukien-review:' + sample.database + ':' + sample.seed + ':' + sample.created;
  var choices = {};
  try { choices = JSON.parse(localStorage.getItem(store) || '{}'); } catch (e) { choices = {}; }
  var inputs = document.querySelectorAll('input[data-question]');
  function refresh(){
    var done = 0;
    sample.questions.forEach(function(q){ if (choices[q.id]) done++; });
    document.getElementById('progress').textContent = done + ' / ' + sample.questions.length + ' answered';
    document.querySelectorAll('li[data-question]').forEach(function(li){
      li.classList.toggle('answered', !!choices[li.getAttribute('data-question')]);
    });
  }
  inputs.forEach(function(input){
    if (choices[input.getAttribute('data-question')] === input.value) input.checked = true;
    input.addEventListener('change', function(){
      choices[input.getAttribute('data-question')] = input.value;
      try { localStorage.setItem(store, JSON.stringify(choices)); } catch (e) {}
      refresh();
    });
  });
  document.getElementById('save').addEventListener('click', function(){
    var saved = Object.assign({}, sample, {saved: new Date().toISOString(), choices: choices});
    var blob = new Blob([JSON.stringify(saved, null, 1)], {type: 'application/json'});
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'fusion-review-' + sample.seed + '.json';
    document.body.appendChild(link);
    link.click();
    setTimeout(function(){ URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  });
  refresh();
})();
"""


def render_page(sample: ReviewSample) -> str:
    """The whole page as one string."""
    asked: dict[tuple[str, ...], list[Question]] = {}
    for question in sample.questions:  # a fused event's pairs; a near-miss's one question
        key = (("fused", question.id.split(":")[1]) if question.kind == "fused"
               else ("near", question.left, question.right))
        asked.setdefault(key, []).append(question)
    fused = "".join(_fused_case(n, event, asked.get(("fused", event.id), []))
                    for n, event in enumerate(sample.fused, start=1))
    near = "".join(_near_case(n, a, b, asked.get(("near", a.id, b.id), []))
                   for n, (a, b) in enumerate(sample.near, start=1))
    data = json.dumps(sample.meta(), ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>sukien fusion review, seed {sample.seed}</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>Fusion review</h1><span class=\"tag\">{escape(sample.database)} · seed {sample.seed}"
        f" · {len(sample.fused)} fused events of {sample.population['fused_events']}, {len(sample.near)}"
        f" near-misses of {sample.population['near_misses']}</span><span id=\"progress\"></span>"
        "<button id=\"save\" type=\"button\">Save choices (JSON)</button></header><main>"
        "<p>For each pair, do both reports tell of <b>the same real-world event</b> (the same act by the same"
        " actors on the same occasion)? Save the choices and score them with <code>sukien review score"
        " FILE.json</code>.</p>"
        f"<h2>Fused events: reports sukien merged</h2>{fused or '<p>No event is told by two articles.</p>'}"
        f"<h2>Near-misses: events sukien kept apart</h2>{near or '<p>No near-misses.</p>'}"
        f"</main><script type=\"application/json\" id=\"sample\">{data}</script>"
        f"<script>{_SCRIPT}</script></body></html>\n")


def _fused_case(number: int, event: ReviewEvent, questions: list[Question]) -> str:
    names = {str(m.id): f"report {n} ({_label(m)})" for n, m in enumerate(event.mentions, start=1)}
    asked = "".join(_question(q, f"{names.get(q.left, q.left)} ↔ {names.get(q.right, q.right)}") for q in questions)
    reports = "".join(f"<div class=\"report\"><div class=\"tag\">report {n}</div>{_evidence(m, heading=True)}</div>"
                      for n, m in enumerate(event.mentions, start=1))
    return (f"<section class=\"case\" id=\"fused-{number}\"><h2>Fused event {number}"
            f" <span class=\"tag\">{escape(event.id)}</span></h2>{_fields(event)}"
            f"<div class=\"side\">{reports}</div><ul class=\"questions\">{asked}</ul></section>")


def _near_case(number: int, a: ReviewEvent, b: ReviewEvent, questions: list[Question]) -> str:
    columns = "".join(
        f"<div class=\"report\"><h3>Event {escape(e.id)}</h3>{_fields(e)}"
        f"{''.join(_evidence(m, heading=True) for m in e.mentions[:3])}</div>" for e in (a, b))
    asked = "".join(_question(q, "these two events") for q in questions)
    shared = {m.article_id for m in a.mentions} & {m.article_id for m in b.mentions}
    note = " <span class=\"tag\">(both told by one article)</span>" if shared else ""
    return (f"<section class=\"case\" id=\"near-{number}\"><h2>Near-miss {number}{note}</h2>"
            f"<div class=\"side\">{columns}</div><ul class=\"questions\">{asked}</ul></section>")


def _fields(event: ReviewEvent) -> str:
    label = " / ".join(escape(x) for x in (event.label_en, event.label_vi) if x)
    when = event.date_start or f"(no date; first reported {event.sort_date})"
    if event.date_end and event.date_end != event.date_start:
        when = f"{when} – {event.date_end}"
    rows = (("code", f"{escape(event.cameo)} {label}"),
            ("actors", f"{_names(event.source)} → {_names(event.target)}"),
            ("date", escape(when)), ("place", escape(event.place or "—")),
            ("reported by", f"{event.num_articles} articles, {event.num_sources} outlets"))
    return "<table class=\"fields\">" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _names(names: list[str]) -> str:
    return escape(", ".join(names)) if names else "—"


def _label(mention: Mention) -> str:
    outlet = mention.outlet or mention.article_id
    outlet = outlet if len(outlet) <= 40 else outlet[:39] + "…"
    return f"{outlet}, {mention.published or 'undated'}"


def _evidence(mention: Mention, heading: bool) -> str:
    head = ""
    if heading:
        head = (f"<h3>{escape(mention.title or mention.article_id)}</h3><div class=\"meta\">"
                f"{escape(mention.outlet or '')} · {escape(mention.published or 'undated')} ·"
                f" {escape(mention.article_id)}{' · ' + escape(mention.url) if mention.url else ''}"
                f"{' · date as written: ' + escape(mention.date_text) if mention.date_text else ''}</div>")
    quotes = "".join(f"<blockquote>{_highlighted(span, mention.trigger)}</blockquote>" for span in mention.evidence)
    return head + quotes


def _highlighted(span: dict[str, Any], trigger: dict[str, Any] | None) -> str:
    """The evidence sentence, its trigger marked when it lies inside (offsets into the article)."""
    text = str(span.get("text") or "")
    if trigger and isinstance(span.get("start"), int) and isinstance(trigger.get("start"), int):
        start, end = trigger["start"] - span["start"], trigger["end"] - span["start"]
        if 0 <= start < end <= len(text):
            return f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"
    return escape(text)


def _question(question: Question, label: str) -> str:
    qid = escape(question.id, quote=True)
    options = "".join(f"<label><input type=\"radio\" name=\"{qid}\" value=\"{value}\" data-question=\"{qid}\">"
                      f" {text}</label>" for value, text in CHOICES)
    return f"<li data-question=\"{qid}\"><span>Same event? {escape(label)}</span>{options}</li>"

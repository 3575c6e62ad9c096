"""Full-text search over articles and events, insensitive to case, diacritics and Đ/đ.

Both back ends index the same folded text (``search_docs.body``): SQLite through one
FTS5 table per kind (unicode61, remove_diacritics 2), PostgreSQL through partial GIN
indexes on ``to_tsvector('simple', body)``. The query is folded the same way, so "Đà Nẵng",
"da nang" and "DA NANG" find the same documents. All words must occur; the last one
may be a prefix ("hoi da" finds "hội đàm"). Snippets are cut from the original text
at the place the folded words match (folding keeps offsets, see ``fold_same_length``).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Select, String, any_, bindparam, false, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from sukien.normalize.fold import fold, fold_same_length
from sukien.store.migrations import DATED_FTS, DATED_VOCAB, DAY_SHIFT, SEARCH_KINDS, WORD_PERIOD_DAYS
from sukien.store.read import _event_dicts, attach_actors
from sukien.store.schema import articles, events, search_docs

if TYPE_CHECKING:
    from sukien.store import Store

CANDIDATES = 2000  # ranked matches considered per kind: bounds the cost of very common words
# A filter matching at least this many documents walks the events in the query's order and keeps
# those among the matches; below it, the matching events are looked up and sorted (see ``matches``).
WALK_ABOVE = 10_000
_WORD = re.compile(r"\w+")


def words(q: str) -> list[str]:
    return _WORD.findall(fold(q))


def _fts5_query(tokens: list[str]) -> str:
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


def _pg_query(tokens: list[str]) -> str:
    return " & ".join(tokens[:-1] + [tokens[-1] + ":*"])


def _kind(kind: str) -> str:
    if kind not in SEARCH_KINDS:  # kinds are spliced into SQL: only the known ones
        raise ValueError(f"unknown search kind {kind!r}")
    return kind


def _matching_ids(conn: Connection, tokens: list[str], kind: str) -> Select:
    """A SELECT of the ids (``search_docs.id``) of documents of ``kind`` containing every token (SQLite)."""
    fts = f"search_fts_{_kind(kind)}"
    inner = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts").bindparams(fts=_fts5_query(tokens))
    return inner.columns(rowid=search_docs.c.id.type).subquery().select()


def matches(conn: Connection, q: str, kind: str, ref: ColumnElement, walk: bool = False) -> ColumnElement[bool]:
    """A WHERE clause: the document of ``kind`` whose ref is ``ref`` (``events.id``) contains ``q``.

    Two plans, chosen by how many documents match (counted up to ``WALK_ABOVE``, which the
    full-text index answers in milliseconds): few matches are looked up one by one and sorted,
    a cost in proportion to their number; many matches are kept as a set of ids while the
    query walks its own index (newest first) and probes each row's document id in that set,
    stopping after a page, a cost in proportion to the page over the share that matches.
    Only a query that stops after a page may walk (``walk``); one that reads every match,
    an aggregate, always looks them up. PostgreSQL, whose planner hashes the matches, looks
    them up too (walking measured eight times slower there).
    """
    tokens = words(q)
    if not tokens:
        return false()
    if conn.dialect.name != "sqlite":
        matched = text(f"kind = '{_kind(kind)}' AND to_tsvector('simple', body) @@ to_tsquery('simple', :tsq)")
        return ref.in_(select(search_docs.c.ref).where(matched.bindparams(tsq=_pg_query(tokens))))
    ids = _matching_ids(conn, tokens, kind)
    if not walk or conn.execute(select(text("count(*)")).select_from(
            ids.limit(WALK_ABOVE).subquery())).scalar_one() < WALK_ABOVE:
        return ref.in_(select(search_docs.c.ref).where(search_docs.c.id.in_(ids)))
    document = select(search_docs.c.id).where(search_docs.c.kind == kind, search_docs.c.ref == ref)
    return document.scalar_subquery().in_(ids)


def has_dated_index(conn: Connection) -> bool:
    """Whether this database orders the events' search text by day (SQLite, migration 7)."""
    if conn.dialect.name != "sqlite":
        return False
    return conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (DATED_FTS,)).first() is not None


def newest_matches(conn: Connection, q: str, before: date | None, count: int,
                   since: date | None = None) -> tuple[list[int], bool]:
    """The search_docs ids of the ``count`` newest events containing ``q``, dated up to ``before``
    (inclusive) and from ``since`` on, and every other match of the oldest day among them; and
    whether no older match (from ``since`` on) is left. The dated index gives them newest first,
    so the cost follows ``count``, not how many events match; the events of a day are then
    ordered by the caller.
    """
    tokens = words(q)
    if not tokens:
        return [], True
    query = _dated_query(conn, tokens)
    fts = DATED_FTS
    upper = (_julian_day(before) + 1) * DAY_SHIFT if before else 2 ** 62
    lower = _julian_day(since) * DAY_SHIFT if since else -(2 ** 62)
    keys = [row[0] for row in conn.exec_driver_sql(
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? AND rowid < ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?",
        (query, upper, lower, count))]
    if len(keys) < count:
        return [key % DAY_SHIFT for key in keys], True
    day_start = keys[-1] // DAY_SHIFT * DAY_SHIFT
    keys += [row[0] for row in conn.exec_driver_sql(
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? AND rowid >= ? AND rowid < ?",
        (query, day_start, keys[-1]))]
    return [key % DAY_SHIFT for key in keys], False


def newest_matching(conn: Connection, q: str, count: int, since: date | None = None,
                    until: date | None = None) -> tuple[ColumnElement[bool], bool] | None:
    """A WHERE clause on ``events.id``: the ``count`` newest events containing ``q``, dated from
    ``since`` up to ``until`` (inclusive), and every other match of the oldest day among them; and
    whether older matches were left out (as soon as ``count`` match: the same events and the same
    answer on both back ends). None on a SQLite database without the dated index.

    SQLite reads them newest first from its dated index (``newest_matches``): the cost follows
    ``count``. PostgreSQL reads them a few periods of days at a time, newest first, from the index
    of the words by period (migration 17, ``_pg_newest_by_period``): the cost follows ``count`` too
    (the newest 2,000 of 100,000 matches: 10 ms, where reading every match's day from its document,
    ``_PG_NEWEST``, took 120). Only those events are then read, by their ids. (Windows of days ANDed
    with an index by day were slower: the planner, which cannot estimate the words' share, read
    every match for each; a period's words are one term of the index.)"""
    if conn.dialect.name == "sqlite":
        if not has_dated_index(conn):
            return None
        found, exhausted = newest_matches(conn, q, until, count, since=since)
        return events.c.id.in_(select(search_docs.c.ref).where(search_docs.c.id.in_(found))), not exhausted
    tokens = words(q)
    if not tokens:
        return false(), False
    tsq = _pg_query(tokens)
    by_period = _pg_newest_by_period(conn, tsq, count, since or date.min, until or date.max)
    if by_period is not None:
        refs, truncated = by_period
    else:
        rows = conn.execute(_PG_NEWEST, {"tsq": tsq, "count": count, "lower": since or date.min,
                                         "upper": until or date.max}).all()
        refs, truncated = [row[0] for row in rows], bool(rows) and rows[0][1] >= count
    return events.c.id == any_(bindparam("newest_refs", refs, type_=ARRAY(String))), truncated


_TERMS = re.compile(r"'([^']+)'(:\*)?(?: & |$)")
# Periods of the words' index asked at most, newest first (1, then more a statement each time):
# 11 years of 32 days; the older matches, if it takes more, are read as before, all together.
PERIODS_WALKED = 127


def _pg_newest_by_period(conn: Connection, tsq: str, count: int, lower: date,
                         upper: date) -> tuple[list[str], bool] | None:
    """(the refs of ``newest_matching``'s events, whether older matches were left out) from the
    index of the words by period (migration 17): a period, then twice as many before it or as many
    as the matches so far say are needed, each one statement reading only its matches, until
    ``count`` match; the events of the days from the newest to the one of the count-th newest match
    are kept, as ``_PG_NEWEST`` keeps them. None: the words are not a plain conjunction once
    PostgreSQL has parsed them."""
    parsed = conn.execute(text("SELECT CAST(to_tsquery('simple', :tsq) AS text)"), {"tsq": tsq}).scalar()
    terms = _TERMS.findall(parsed or "")
    if not terms or "".join(f"'{w}'{star}" for w, star in terms) != parsed.replace(" & ", ""):
        return None
    # The first and the last day of the events, from their index: no period outside them is asked.
    oldest, newest = conn.execute(select(func.min(events.c.sort_date), func.max(events.c.sort_date))).one()
    if newest is None:
        return [], False
    top, lowest = _period(min(upper, newest)), _period(max(lower, oldest))
    found: list[tuple[str, date]] = []
    high, size = top, 1
    while high >= lowest and len(found) < count:
        low = max(lowest, high - size + 1)
        if top - low >= PERIODS_WALKED:  # a rare word: the older matches in one statement
            older = min(upper, _period_start(high + 1) - timedelta(days=1))
            found += conn.execute(_PG_OLDER, {"tsq": tsq, "lower": lower, "upper": older}).all()
            break
        query = " | ".join("(" + " & ".join(f"'{p}#{w}'{star}" for w, star in terms) + ")"
                           for p in range(high, low - 1, -1))
        found += conn.execute(_PG_PERIODS, {"query": query, "lower": lower, "upper": upper}).all()
        # twice as many periods, or as many as the matches so far say are needed; eight times as
        # many after none (a rare word: few statements, each cheap)
        covered = top - low + 1
        wanted = covered * count // len(found) - covered if found else 8 * size
        high, size = low - 1, max(2 * size, wanted)
    if len(found) < count:
        return [ref for ref, _ in found], False
    days = sorted((day for _, day in found), reverse=True)
    return [ref for ref, day in found if day >= days[count - 1]], True


def _period(day: date) -> int:
    """The period of ``day`` in the words' index by period: as ``search_words_by_period`` counts it."""
    return (day - date(1, 1, 1)).days // WORD_PERIOD_DAYS


def _period_start(period: int) -> date:
    return date(1, 1, 1) + timedelta(days=period * WORD_PERIOD_DAYS)


# The matches of periods' words (a tsquery of "<period>#<word>" terms) within the filter's days.
_PG_PERIODS = text(
    "SELECT ref, sort_date FROM search_docs WHERE kind = 'event'"
    " AND search_words_by_period(body, sort_date) @@ CAST(:query AS tsquery) AND sort_date BETWEEN :lower AND :upper")
_PG_OLDER = text(
    "SELECT ref, sort_date FROM search_docs WHERE kind = 'event'"
    " AND to_tsvector('simple', body) @@ to_tsquery('simple', :tsq) AND sort_date BETWEEN :lower AND :upper")


# The matches of the words with their days (migration 15: on the document, no event read), those
# of the days from the newest to the one of the count-th newest match, and how many match in all.
_PG_NEWEST = text(
    "WITH matched AS MATERIALIZED (SELECT ref, sort_date FROM search_docs WHERE kind = 'event'"
    "  AND to_tsvector('simple', body) @@ to_tsquery('simple', :tsq) AND sort_date BETWEEN :lower AND :upper),"
    " days AS (SELECT sort_date, count(*) AS n FROM matched GROUP BY sort_date),"
    " first AS (SELECT min(sort_date) FILTER (WHERE newer < :count) AS day, sum(n) AS total"
    "  FROM (SELECT sort_date, n, sum(n) OVER (ORDER BY sort_date DESC) - n AS newer FROM days) AS counted)"
    " SELECT matched.ref, first.total FROM matched, first WHERE matched.sort_date >= first.day")


PREFIX_TERMS = 16  # a last word standing for more words than this stays a prefix query


def _dated_query(conn: Connection, tokens: list[str]) -> str:
    """The FTS5 query of ``tokens`` with the last one, a prefix, written as itself and the longer
    words of the index it begins ("hoi da" → "hoi" AND ("da" OR "dam" OR "dan" …)). The longer
    words only are looked up: fts5vocab reads each word's postings, and the word itself is
    often the most common one."""
    last = tokens[-1]
    # from just after the word itself ("> word" would still make fts5vocab read the word's postings)
    longer = conn.exec_driver_sql(f"SELECT term FROM {DATED_VOCAB} WHERE term >= ? AND term < ? LIMIT ?",
                                  (last + "\x00", last + "\uffff", PREFIX_TERMS)).scalars().all()
    words_ = [last, *longer]
    final = f'"{last}"*' if len(longer) >= PREFIX_TERMS else "(" + " OR ".join(f'"{w}"' for w in words_) + ")"
    return " AND ".join([f'"{t}"' for t in tokens[:-1]] + [final])


def _julian_day(day: date) -> int:
    return day.toordinal() + 1721424  # CAST(julianday(day) AS INTEGER): julianday gives midnight, x.5


def _ranked(conn: Connection, q: str, kind: str, limit: int) -> list[str]:
    """Refs of the best-matching documents of ``kind``.

    Only the newest ``CANDIDATES`` matches are ranked: ranking every match of a very
    common word costs time in proportion to the corpus, and news readers want recent
    documents first anyway.
    """
    tokens = words(q)
    if not tokens:
        return []
    fts = f"search_fts_{_kind(kind)}"
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text(
            f"SELECT d.ref FROM (SELECT rowid, rank FROM {fts} WHERE {fts} MATCH :fts"
            " ORDER BY rowid DESC LIMIT :cap) AS m JOIN search_docs AS d ON d.id = m.rowid"
            " ORDER BY m.rank, d.id DESC LIMIT :limit"),
            {"fts": _fts5_query(tokens), "cap": CANDIDATES, "limit": limit})
        return [r.ref for r in rows]
    rows = conn.execute(text(
        f"SELECT ref FROM (SELECT id, ref, body FROM search_docs WHERE kind = '{kind}'"
        " AND to_tsvector('simple', body) @@ to_tsquery('simple', :tsq) ORDER BY id DESC LIMIT :cap) AS m"
        " ORDER BY ts_rank(to_tsvector('simple', body), to_tsquery('simple', :tsq)) DESC, id DESC"
        " LIMIT :limit"), {"tsq": _pg_query(tokens), "cap": CANDIDATES, "limit": limit})
    return [r.ref for r in rows]


def snippet(original: str, q: str, width: int = 160) -> str:
    """A window of the original text around the first folded match of a query word."""
    folded = fold_same_length(original)
    positions = [m.start() for t in words(q) for m in [re.search(r"\b" + re.escape(t), folded)] if m]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = " ".join(original[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(original) else "")


def search(store: Store, q: str, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Articles and events matching ``q``, best first, each with a snippet or its actors."""
    with store.engine.connect() as conn:
        article_ids = _ranked(conn, q, "article", limit)
        event_ids = _ranked(conn, q, "event", limit)
        found_articles = {r.id: r for r in conn.execute(select(
            articles.c.id, articles.c.title, articles.c.url, articles.c.outlet, articles.c.published,
            articles.c.text).where(articles.c.id.in_(article_ids)))}
        found_events = {r.id: r for r in conn.execute(select(events).where(events.c.id.in_(event_ids)))}
        event_items = attach_actors(conn, _event_dicts([found_events[i] for i in event_ids if i in found_events]))
    article_items = [{"id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet,
                      "published": a.published.isoformat() if a.published else None,
                      "snippet": snippet(a.text, q)}
                     for a in (found_articles.get(i) for i in article_ids) if a is not None]
    return {"articles": article_items, "events": event_items}

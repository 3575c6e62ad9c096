"""Who the stored articles show holding which office: the observations the linker consults.

Every stored role of a person (``entity_roles``) has its evidence per article (``role_evidence``).
An article counts as an observation of the role when

- the role has a country ("Thủ tướng Nam Phi", not a bare "Thủ tướng");
- the article names the person (a mention of theirs in the form of a name): a title alone that
  the linker resolved to them, from the knowledge base or from these very observations, is no
  evidence, so an observation never feeds itself;
- the words around the title do not make the person a former holder or one to be ("cựu",
  "nguyên", "cố" before it; "tiền nhiệm", "mãn nhiệm", "đắc cử" after it), nor the title
  someone else's ("Phó", "Trợ lý", "phát ngôn viên", "phu nhân" … before it);
- the article has a publication date.

``observed_holders`` groups these by person and office (``link.observed.office_key``: the title's
words without the country's names, its English title and its country), with
the first and last day seen and the number of articles; ``role_observations`` lists every office
the articles give one entity, with its evidence and which of it counts, for ``sukien entities --id``.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, case, exists, func, select

from sukien.link.observed import MIN_ARTICLES, ObservedHolder, names_many, office_key
from sukien.model import NAME, PERSON, Entity
from sukien.store.engine import chunks
from sukien.store.schema import articles, entities, entity_roles, mentions, role_evidence

AROUND = 16  # characters read on each side of a title for the words that make it a former office
# Words that make the title another person's ("Trợ lý Tổng thống Nga X": X is the aide) or a past one.
_FORMER_BEFORE = re.compile(r"(?:^|[\s(\"'“])(?:cựu|nguyên|cố|quá cố|phó|trợ lý|cố vấn|phát ngôn viên|người phát ngôn"
                            r"|phu nhân|phu quân|vợ|chồng|con trai|con gái|thư ký|đặc phái viên|đặc sứ|văn phòng"
                            r"|ứng viên|ứng cử viên)\s+$", re.IGNORECASE)
_FORMER_AFTER = re.compile(r"^\s*(?:tiền nhiệm|mãn nhiệm|sắp mãn nhiệm|đắc cử|mới đắc cử)\b", re.IGNORECASE)


def is_current(before: str, after: str) -> bool:
    """Whether the words around a title leave it a current office (not "cựu Thủ tướng …")."""
    return not (_FORMER_BEFORE.search(before or "") or _FORMER_AFTER.match(after or ""))


def _evidence_rows(observations: bool = True) -> Select:
    """Role evidence of persons' roles with the text just around the title: with ``observations``,
    only roles with a country in dated articles that name the person; else every role's, with
    ``named`` telling whether the article names the person."""
    start, end = role_evidence.c.start, role_evidence.c.end
    before = func.substr(articles.c.text, case((start > AROUND, start - AROUND + 1), else_=1),
                         case((start > AROUND, AROUND), else_=start))
    named = exists().where(mentions.c.article_id == role_evidence.c.article_id,
                           mentions.c.entity_id == entity_roles.c.entity_id, mentions.c.form == NAME)
    query = (select(entity_roles.c.entity_id, entity_roles.c.title_vi, entity_roles.c.title_en,
                    entity_roles.c.country, role_evidence.c.article_id, articles.c.published,
                    start, end, role_evidence.c.text, before.label("before"),
                    func.substr(articles.c.text, end + 1, AROUND).label("after"))
             .join(role_evidence, role_evidence.c.role_id == entity_roles.c.id)
             .join(articles, articles.c.id == role_evidence.c.article_id))
    if not observations:
        return query.add_columns(named.label("named"))
    return (query.join(entities, and_(entities.c.id == entity_roles.c.entity_id, entities.c.type == PERSON))
            .where(entity_roles.c.country.is_not(None), articles.c.published.is_not(None), start >= 0, named))


@dataclass
class _Office:
    """One person's observations of one office, gathered row by row."""

    entity_id: str
    title_vi: str | None
    title_en: str
    country: str
    days: dict[str, date] = field(default_factory=dict)  # article id → publication date


def _gather(rows: Iterable[Any]) -> dict[tuple[str, tuple[str, str, str]], _Office]:
    found: dict[tuple[str, tuple[str, str, str]], _Office] = {}
    for row in rows:
        if not is_current(row.before, row.after):
            continue
        title_vi = row.text or row.title_vi  # the words of this article: the stored row keeps the first
        key = (row.entity_id, office_key(row.title_en or title_vi, title_vi, row.country))
        office = found.setdefault(key, _Office(row.entity_id, title_vi, row.title_en or title_vi or "", row.country))
        office.days[row.article_id] = row.published
    return found


def _entities(conn: Connection, ids: Collection[str]) -> dict[str, Entity]:
    found = {}
    for part in chunks(ids):
        for row in conn.execute(select(entities).where(entities.c.id.in_(part))):
            found[row.id] = Entity(id=row.id, type=row.type, name=row.name, name_vi=row.name_vi,
                                   country=row.country, wikidata=row.wikidata, cameo=row.cameo,
                                   discovered=bool(row.discovered))
    return found


def _holders(conn: Connection, gathered: dict[tuple[str, tuple[str, str, str]], _Office]) -> list[ObservedHolder]:
    people = _entities(conn, {office.entity_id for office in gathered.values()})
    return [ObservedHolder(entity=people[o.entity_id], title_vi=o.title_vi, title_en=o.title_en,
                           country=o.country, first_seen=min(o.days.values()), last_seen=max(o.days.values()),
                           articles=len(o.days))
            for o in gathered.values() if o.entity_id in people]


def observed_holders(conn: Connection, article_ids: Collection[str] | None = None) -> list[ObservedHolder]:
    """Every person's observed offices; with ``article_ids``, those of the people these articles
    give an office with a country, each still counted over all its articles."""
    query = _evidence_rows()
    if article_ids is None:
        return _holders(conn, _gather(conn.execute(query)))
    people: set[str] = set()
    for part in chunks(article_ids):
        people.update(conn.execute(
            select(entity_roles.c.entity_id).join(role_evidence, role_evidence.c.role_id == entity_roles.c.id)
            .where(role_evidence.c.article_id.in_(part), entity_roles.c.country.is_not(None))).scalars())
    rows = []
    for part in chunks(people):
        rows += conn.execute(query.where(entity_roles.c.entity_id.in_(part))).all()
    return _holders(conn, _gather(rows))


def role_observations(conn: Connection, entity_id: str) -> list[dict[str, Any]]:
    """Every office the articles give one entity, with its evidence: first and last day and
    articles stated, and of these the observations (``observed``, first and last day observed);
    ``consulted``: whether the linker consults them (a person, seen in ``MIN_ARTICLES`` articles)."""
    person = conn.execute(select(entities.c.type).where(entities.c.id == entity_id)).scalar() == PERSON
    rows = conn.execute(_evidence_rows(observations=False).where(entity_roles.c.entity_id == entity_id)
                        .order_by(articles.c.published, role_evidence.c.article_id, role_evidence.c.start))
    offices: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        title_vi = row.text or row.title_vi
        title_en = row.title_en or title_vi or ""
        key = office_key(title_en, title_vi, row.country)
        office = offices.setdefault(key, {
            "title_vi": title_vi, "title_en": title_en, "country": row.country, "many": names_many(key),
            "days": {}, "observed_days": {}, "evidence": []})
        day = row.published.isoformat() if row.published else None
        counts = bool(person and row.country and day and row.named and row.start >= 0
                      and is_current(row.before, row.after))
        office["days"][row.article_id] = day
        if counts:
            office["observed_days"][row.article_id] = day
        office["evidence"].append({"article_id": row.article_id, "published": day, "start": row.start,
                                   "end": row.end, "text": row.text, "observation": counts,
                                   "context": f"{row.before or ''}{row.text}{row.after or ''}"})
    return sorted((_summary(o) for o in offices.values()),
                  key=lambda o: (o["last_seen"] or "", o["first_seen"] or ""), reverse=True)


def _summary(office: dict[str, Any]) -> dict[str, Any]:
    days = [d for d in office.pop("days").values() if d]
    observed = [d for d in office.pop("observed_days").values() if d]
    evidence = office.pop("evidence")
    many = office.pop("many")
    return {**office, "first_seen": min(days, default=None), "last_seen": max(days, default=None),
            "articles": len({e["article_id"] for e in evidence}), "observed": len(observed),
            "first_observed": min(observed, default=None), "last_observed": max(observed, default=None),
            "consulted": len(observed) >= MIN_ARTICLES and not many, "evidence": evidence}

"""One SQLAlchemy Core schema for SQLite and PostgreSQL.

Tables hold what the contract gives per article (articles, mentions, event mentions
with their evidence) and what fusion derives across articles (entities merged by id,
fused events with their actors and counts). Derived columns that queries sort or
filter on (``sort_date``, ``family``, ``actor_key``, folded keys) are stored rather
than computed so that every common query is an index range scan at a million events.

The full-text index over ``search_docs`` is the one back-end-specific piece (see
``migrations``).
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# Sort key of events that have no date and no report date: sorts last in "newest first".
NO_DATE_ISO = "0001-01-01"

ingestion_runs = Table(
    "ingestion_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("command", Text),
    Column("counts", JSON),  # IngestSummary.counts(); written when the run finishes
)

articles = Table(
    "articles", metadata,
    Column("id", String(200), primary_key=True),
    Column("url", Text),
    Column("title", Text, nullable=False, default=""),
    Column("outlet", String(200)),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),  # sha256 of the body as given
    Column("result_hash", String(64), nullable=False),  # sha256 of body + extraction: "unchanged" test
    Column("duplicate_of", String(200), ForeignKey("articles.id")),
    Column("similarity", Float),  # estimated Jaccard to duplicate_of
    Column("run_id", Integer, ForeignKey("ingestion_runs.id")),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_url", "url"),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_duplicate_of", "duplicate_of"),
    Index("ix_articles_published", "published"),
)

# MinHash signatures of stored (non-duplicate) articles, to rebuild the LSH index on open.
article_minhash = Table(
    "article_minhash", metadata,
    Column("article_id", String(200), ForeignKey("articles.id"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

# The LSH band keys of those signatures (``dedup.band_keys``): the stored originals a new
# text may copy are found by one indexed lookup, with no in-memory index of every signature.
article_lsh = Table(
    "article_lsh", metadata,
    Column("bucket", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", String(200), ForeignKey("articles.id"), primary_key=True),
    sqlite_with_rowid=False,
)

entities = Table(
    "entities", metadata,
    Column("id", String(200), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_vi", Text),
    Column("name_key", Text, nullable=False),  # fold(name_vi or name): lookups and discovered merges
    Column("country", String(3)),
    Column("wikidata", String(20)),
    Column("cameo", String(20)),
    Column("discovered", Boolean, nullable=False, default=False),
    Column("num_mentions", Integer, nullable=False, default=0),
    Index("ix_entities_name_key", "name_key"),
    Index("ix_entities_type_name_key", "type", "name_key"),
    Index("ix_entities_mentions", "num_mentions"),
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("alias_key", Text, primary_key=True),  # folded
    Column("alias", Text, nullable=False),
    Index("ix_entity_aliases_key", "alias_key"),
)

entity_roles = Table(
    "entity_roles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("role_key", Text, nullable=False),  # fold(title)|country|organization: NULL-free identity
    Column("title_vi", Text),
    Column("title_en", Text),
    Column("country", String(3)),
    Column("organization", String(200)),
    Column("sector", String(20)),
    Column("first_seen_article", String(200), ForeignKey("articles.id")),
    Column("last_seen_article", String(200), ForeignKey("articles.id")),
    Column("first_seen", Date),
    Column("last_seen", Date),
    UniqueConstraint("entity_id", "role_key", name="uq_entity_roles_key"),
)

# Which article states which role, with the words that say it: lets an updated article
# withdraw its roles and first/last seen be recomputed.
role_evidence = Table(
    "role_evidence", metadata,
    Column("role_id", Integer, ForeignKey("entity_roles.id"), primary_key=True),
    Column("article_id", String(200), ForeignKey("articles.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_role_evidence_article", "article_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(200), ForeignKey("articles.id"), nullable=False),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("form", String(40)),
    Column("origin", String(20)),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

events = Table(
    "events", metadata,
    Column("id", String(40), primary_key=True),
    Column("cameo", String(4), nullable=False),
    Column("root", String(2), nullable=False),
    Column("family", String(4), nullable=False),  # fuse.family(): the codes that may merge
    Column("actor_key", Text, nullable=False),  # fuse.actor_key(): who, order as the code needs
    Column("country_key", Text),  # fuse.country_key(): who, up to countries, sides ignored (migration 3)
    Column("plover", String(40)),
    Column("mode", String(40)),
    Column("goldstein", Float),
    Column("quad_class", Integer),
    Column("label_vi", Text),
    Column("label_en", Text),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_granularity", String(20)),
    Column("sort_date", Date, nullable=False),  # date_start, else first report, else NO_DATE
    Column("place_name", Text),
    Column("place_name_vi", Text),
    Column("place_key", Text),  # fold(place_name_vi or place_name)
    Column("place_country", String(3)),
    Column("modality", String(30), nullable=False),
    Column("negated", Boolean, nullable=False, default=False),
    Column("occasion", Text),
    Column("topics", JSON),
    Column("summary", Text),  # one English sentence, the representative report's (migration 9)
    Column("evidence_text", Text),  # the Vietnamese sentence that report was read from (migration 9)
    Column("num_mentions", Integer, nullable=False, default=0),
    Column("num_articles", Integer, nullable=False, default=0),
    Column("num_sources", Integer, nullable=False, default=0),
    # The most confident report's confidence, as the timeline summary counts the event (kept by
    # ``store/summary.py`` with the counts, migration 12); NULL when no report gives one.
    Column("confidence", Float),
    Column("first_seen", Date),
    Column("last_seen", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_events_fusion", "family", "actor_key", "sort_date"),
    Index("ix_events_fusion_country", "country_key", "sort_date"),
    Index("ix_events_sort", "sort_date", "id"),
    # A code's, root's, type's, place's or place country's events newest first, by their index alone
    # (the id in it: the newest events of an actor of that type are tested against the actor's
    # without reading the events; migration 14, which they replace (…, sort_date) indexes of).
    Index("ix_events_cameo_newest", "cameo", "sort_date", "id"),
    Index("ix_events_root_newest", "root", "sort_date", "id"),
    Index("ix_events_plover_newest", "plover", "sort_date", "id"),
    Index("ix_events_place_newest", "place_key", "sort_date", "id"),
    Index("ix_events_place_country_newest", "place_country", "sort_date", "id"),
    Index("ix_events_mentions", "num_mentions", "id"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("side", String(6), primary_key=True),  # source | target
    Column("country", String(3)),  # the entity's country, copied for the country filter
    Column("sort_date", Date, nullable=False),  # the event's, copied: actor timelines by index
    Index("ix_event_actors_entity", "entity_id", "sort_date", "event_id"),
    Index("ix_event_actors_country", "country", "sort_date", "event_id"),
)

# One row per unordered actor pair of an event: "who met whom" without a self-join.
event_pairs = Table(
    "event_pairs", metadata,
    Column("event_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("entity_a", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("entity_b", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("root", String(2), nullable=False),
    Column("sort_date", Date, nullable=False),
    Index("ix_event_pairs_root", "root", "entity_a", "entity_b"),
    Index("ix_event_pairs_date", "root", "sort_date"),
    Index("ix_event_pairs_a", "entity_a", "entity_b", "root", "sort_date"),
    Index("ix_event_pairs_b", "entity_b", "entity_a"),
)

# Events per actor pair and CAMEO root, kept up to date with event_pairs: "who met
# whom most" over all time is then a read of the top rows, not an aggregation.
pair_counts = Table(
    "pair_counts", metadata,
    Column("root", String(2), primary_key=True),
    Column("entity_a", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("entity_b", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("n", Integer, nullable=False),
    Index("ix_pair_counts_rank", "root", "n"),
    Index("ix_pair_counts_a", "entity_a", "n"),
    Index("ix_pair_counts_b", "entity_b", "n"),
)

# Counts kept at write time (``store/summary.py``, migrations 11 and 12) so that the timeline and
# the actor network of the common filters read a few rows instead of every event. ``scope`` names
# the events counted: "*" all of them, "country:VNM" those with an actor of the country,
# "actor:<entity id>" those the entity takes part in, "place:<place_key>" and "place-country:VNM"
# those of a place or a place's country, "actor:<entity id>@place:<place_key>" (or "@place-country:…")
# those of an actor at a place (the timeline's every-event rows only, migration 13),
# "2024" / "2024-05" those of a year or month. Each row's
# ``n`` equals what the scan in ``store/aggregate.py`` counts.
timeline_counts = Table(
    "timeline_counts", metadata,
    Column("scope", String(220), primary_key=True),  # "*", "country:…", "actor:…", "place:…", "place-country:…"
    # -1: every event of the scope (with its code); else the events whose most confident report
    # falls in the hundredth band/100 (``summary.hundredth_of``, migration 13; code left out, "").
    Column("band", SmallInteger, primary_key=True, autoincrement=False),
    Column("day", Date, primary_key=True),  # events.sort_date
    Column("plover", String(40), primary_key=True),  # "" when the event has none
    Column("cameo", String(4), primary_key=True),  # "" in a confidence band's rows
    Column("root", String(2), primary_key=True),  # "" in a confidence band's rows
    Column("n", Integer, nullable=False),
    sqlite_with_rowid=False,  # the key order is the read order: (scope, band, day, plover) groups in place
)

# Events per month by the hundredth of their most confident report (migration 13): a timeline of
# any threshold on the hundredths (0.65) reads the months at or above it; the days of a month it
# covers only in part are read from ``timeline_counts``' hundredths, whose scopes it keeps.
timeline_months = Table(
    "timeline_months", metadata,
    Column("scope", String(220), primary_key=True),
    Column("band", SmallInteger, primary_key=True, autoincrement=False),  # 0–100: ``summary.hundredth_of``
    Column("month", Date, primary_key=True),  # the first day of the month of events.sort_date
    Column("plover", String(40), primary_key=True),  # "" when the event has none
    Column("n", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Rows of event_actors per entity, by scope ("*", a year, a month, "country:…", "actor:…",
# "place:…", "place-country:…"; the last three since migration 12).
actor_counts = Table(
    "actor_counts", metadata,
    Column("scope", String(220), primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("n", Integer, nullable=False),
    Index("ix_actor_counts_rank", "scope", "n"),
    sqlite_with_rowid=False,
)

# Rows of event_pairs per pair and CAMEO root, by scope, with the first and last day.
pair_scope_counts = Table(
    "pair_scope_counts", metadata,
    Column("scope", String(220), primary_key=True),
    Column("entity_a", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("entity_b", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("root", String(2), primary_key=True),
    Column("n", Integer, nullable=False),
    Column("first", Date, nullable=False),
    Column("last", Date, nullable=False),
    sqlite_with_rowid=False,
)

event_mentions = Table(
    "event_mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(40), ForeignKey("events.id"), nullable=False),
    Column("article_id", String(200), ForeignKey("articles.id"), nullable=False),
    Column("article_event_id", String(200), nullable=False),  # the event's id in the contract
    Column("sentence", Integer),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("trigger_text", Text),
    Column("evidence", JSON),  # [{"start", "end", "text"}]
    Column("date_text", Text),
    Column("confidence", Float),
    Column("payload", JSON, nullable=False),  # the contract event (entity ids as stored): re-fusion input
    UniqueConstraint("article_id", "article_event_id", name="uq_event_mentions_article_event"),
    Index("ix_event_mentions_event", "event_id"),
)

# Events that are not the same but belong together: a visit (042) and its hosting (043).
event_links = Table(
    "event_links", metadata,
    Column("event_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("related_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("relation", String(20), nullable=False),
    Index("ix_event_links_related", "related_id"),
)

# The text that search() looks in, one row per article or event. The full-text index over
# ``body`` is back-end specific and made by a migration: an FTS5 external-content table
# kept in step by triggers on SQLite, a GIN tsvector expression index on PostgreSQL.
search_docs = Table(
    "search_docs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),  # article | event
    Column("ref", String(200), nullable=False),
    Column("body", Text, nullable=False),  # fold()ed: diacritics, case and đ removed
    UniqueConstraint("kind", "ref", name="uq_search_docs_ref"),
    # PostgreSQL also has ``sort_date``, the event's day, kept by triggers (migration 15)
)

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)


"""The knowledge base data: countries, places, organizations, people and titles.

These tests check the shipped data files through the loader, as the pipeline sees
them: every ISO country is there once, the press forms Vietnamese news uses resolve
to the right country, names of one person resolve to one entity, offices have
sensible dates, and the aliases that fold together are the ones we know about.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pycountry
import pytest

from sukien import kb
from sukien.model import COUNTRY, LOCATION, ORGANIZATION, PERSON
from sukien.normalize import fold, normalize_text

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT.parent / "shared" / "datasets" / "gazetteers"
SECTORS = {"GOV", "PTY", "MIL", "LEG", "DIP", "JUD"}
OFFICE_SECTORS = SECTORS | {"IGO"}  # heads of international organizations

# Folded keys shared by several entities on purpose: the written forms differ only
# in diacritics, and each form is a strict alias, so exact matching tells them apart.
KNOWN_AMBIGUOUS = {
    "nha trang": {"place:nha-trang", "place:white-house"},  # Nha Trang / Nhà Trắng
    "tan cuong": {"place:xinjiang", "person:qin-gang"},  # Tân Cương / Tần Cương
}

# Words that are never aliases on their own: common Vietnamese syllables, and family
# names shared by many people in the news.
NEVER_ALIASES = {
    "lâm", "kim", "lee", "park", "li", "wang", "singh", "gandhi", "castro", "sharif", "aliyev",
    "marcos", "may", "hun", "xi", "tập", "abbas", "khan", "bush", "clinton", "moon", "yoon",
    "minh", "phúc", "trọng", "hùng", "anh", "việt", "trung",
}


@pytest.fixture(scope="module")
def base() -> kb.KnowledgeBase:
    return kb.load()


@pytest.fixture(scope="module")
def folded(base) -> dict[str, tuple[str, ...]]:
    return base.by_folded_name()


def resolve(base: kb.KnowledgeBase, folded: dict, text: str) -> set[str]:
    """Entity ids for a name as written: exact for strict aliases, folded for the rest."""
    written = normalize_text(text)[0]
    hits = {a.entity_id for a in base.aliases if a.text == written}
    strict = {a.entity_id for a in base.aliases if a.strict and fold(a.text) == fold(written)}
    return hits | (set(folded.get(fold(written), ())) - strict)


def test_loads_every_kind_of_entity(base):
    counts = {kind: sum(e.type == kind for e in base.entities.values()) for kind in (COUNTRY, LOCATION, ORGANIZATION, PERSON)}
    assert counts[COUNTRY] >= 249 and counts[LOCATION] >= 150
    assert counts[ORGANIZATION] >= 150 and counts[PERSON] >= 300
    assert len(base.titles) >= 100


def test_every_iso_country_is_there_once(base):
    for country in pycountry.countries:
        entity = base.country_entity(country.alpha_3)
        assert entity is not None, country.alpha_3
        assert entity.type == COUNTRY and entity.name_vi
    with (ROOT / "src/sukien/data/kb/countries.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    for column in ("iso3", "iso2"):
        values = [row[column] for row in rows]
        assert len(values) == len(set(values)), column


@pytest.mark.parametrize("form, iso3", [
    ("Mỹ", "USA"), ("Hoa Kỳ", "USA"), ("Nga", "RUS"), ("Liên bang Nga", "RUS"), ("LB Nga", "RUS"),
    ("Triều Tiên", "PRK"), ("CHDCND Triều Tiên", "PRK"), ("Cộng hòa Dân chủ Nhân dân Triều Tiên", "PRK"),
    ("Cộng hoà Dân chủ Nhân dân Triều Tiên", "PRK"), ("Bắc Triều Tiên", "PRK"), ("Hàn Quốc", "KOR"),
    ("Đại Hàn Dân Quốc", "KOR"), ("Trung Quốc", "CHN"), ("TQ", "CHN"), ("Lào", "LAO"), ("Campuchia", "KHM"),
    ("Anh", "GBR"), ("Vương quốc Anh", "GBR"), ("Pháp", "FRA"), ("Đức", "DEU"), ("Nhật", "JPN"),
    ("Nhật Bản", "JPN"), ("Ấn Độ", "IND"), ("Ấn", "IND"), ("Úc", "AUS"), ("Australia", "AUS"),
    ("Ôxtrâylia", "AUS"), ("In-đô-nê-xi-a", "IDN"), ("Thái Lan", "THA"), ("Xinhgapo", "SGP"),
    ("Singapore", "SGP"), ("Phi-líp-pin", "PHL"), ("Philippin", "PHL"), ("Ma-lai-xi-a", "MYS"),
    ("Mi-an-ma", "MMR"), ("Brunei", "BRN"), ("Đông Timor", "TLS"), ("Cu-ba", "CUB"), ("Iran", "IRN"),
    ("Ca-ta", "QAT"), ("Ả Rập Xê-út", "SAU"), ("Saudi Arabia", "SAU"), ("UAE", "ARE"),
    ("Các Tiểu vương quốc Arab Thống nhất", "ARE"), ("Ai Cập", "EGY"), ("Ucraina", "UKR"),
    ("U-crai-na", "UKR"), ("Belarus", "BLR"), ("Adécbaidan", "AZE"), ("Ácmênia", "ARM"),
    ("Montenegro", "MNE"), ("Môn-đô-va", "MDA"), ("Croatia", "HRV"), ("Serbia", "SRB"),
    ("Albania", "ALB"), ("Thổ Nhĩ Kỳ", "TUR"), ("I-xra-en", "ISR"), ("Palestine", "PSE"),
    ("Ca-na-đa", "CAN"), ("Braxin", "BRA"), ("Argentina", "ARG"), ("Mê-hi-cô", "MEX"),
    ("Nam Phi", "ZAF"), ("Italia", "ITA"), ("I-ta-li-a", "ITA"), ("Tây Ban Nha", "ESP"),
    ("Hà Lan", "NLD"), ("Bỉ", "BEL"), ("Thụy Sĩ", "CHE"), ("Thuỵ Sĩ", "CHE"), ("Thụy Điển", "SWE"),
    ("Na Uy", "NOR"), ("Phần Lan", "FIN"), ("Đan Mạch", "DNK"), ("Ba Lan", "POL"), ("Séc", "CZE"),
    ("Hung-ga-ri", "HUN"), ("Mông Cổ", "MNG"), ("Venezuela", "VEN"), ("Chile", "CHL"),
    ("Niu Di-lân", "NZL"), ("Pakistan", "PAK"), ("Bangladesh", "BGD"), ("Sri Lanka", "LKA"),
    ("Kazakhstan", "KAZ"), ("Việt Nam", "VNM"), ("Đài Loan", "TWN"), ("Hồng Kông", "HKG"),
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("United States", "USA"), ("USA", "USA"), ("Russia", "RUS"),
    ("South Korea", "KOR"), ("Liên Xô", "SUN"), ("Kosovo", "XKX"),
])
def test_press_form_resolves_to_its_country(base, folded, form, iso3):
    assert resolve(base, folded, form) == {f"country:{iso3}"}
    written = normalize_text(form)[0]
    if not any(a.strict and a.text == written for a in base.aliases):  # diacritics and case do not matter
        assert resolve(base, folded, fold(form)) == {f"country:{iso3}"}


@pytest.mark.parametrize("form", ["Nam Dương", "Căm Bốt", "Phi-li-pi-nợ"])
def test_archaic_forms_are_not_aliases(folded, form):
    assert fold(form) not in folded


@pytest.mark.parametrize("words", [
    "hai năm", "hai phòng", "thẩm quyền", "biến động", "ba lần", "vụ án do", "đông đúc", "đại bác",
    "cao bằng", "là hay", "vẫn nắm", "to lắm", "thai kỳ", "đóng quân", "làm kiểm", "bộ từ", "năm tư",
])
def test_ordinary_words_are_not_names(base, folded, words):
    """Names that fold to ordinary words are strict: the words themselves match nothing."""
    tokens = words.split()
    for size in range(1, len(tokens) + 1):
        for start in range(len(tokens) - size + 1):
            assert resolve(base, folded, " ".join(tokens[start:start + size])) == set(), words


def test_kinds_are_known():
    kinds = {
        "places.jsonl": {"city", "capital", "province", "state", "region", "island", "islands", "sea", "river",
                         "continent", "subcontinent", "building", "landmark"},
        "organizations.jsonl": {"party", "ministry", "legislature", "government", "news_agency", "igo",
                                "military", "court", "front", "movement"},
    }
    for name, allowed in kinds.items():
        for line in kb.data_path(name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert record["kind"] in allowed, record["id"]


def test_strict_short_forms_need_their_diacritics(base, folded):
    assert resolve(base, folded, "Nga") == {"country:RUS"}
    assert resolve(base, folded, "nga") == set()
    assert resolve(base, folded, "My") == set()


@pytest.mark.parametrize("form", ["Kim Jong-un", "Kim Jong Un", "Kim Jong-Un", "Kim Chính Ân", "kim jong un"])
def test_kim_jong_un_variants_are_one_entity(base, folded, form):
    assert resolve(base, folded, form) == {"person:kim-jong-un"}


@pytest.mark.parametrize("form, person", [
    ("Tập Cận Bình", "xi-jinping"), ("Xi Jinping", "xi-jinping"), ("Putin", "vladimir-putin"),
    ("V.Putin", "vladimir-putin"), ("V. Putin", "vladimir-putin"), ("Vladimir Putin", "vladimir-putin"),
    ("Medvedev", "dmitry-medvedev"), ("Phạm Trường Long", "fan-changlong"), ("Fan Changlong", "fan-changlong"),
    ("Lý Khắc Cường", "li-keqiang"), ("Lý Cường", "li-qiang"), ("Vương Nghị", "wang-yi"),
    ("Manmohan Singh", "manmohan-singh"), ("Tô Lâm", "to-lam"), ("Ngô Xuân Lịch", "ngo-xuan-lich"),
    ("Trần Đại Quang", "tran-dai-quang"), ("Hassan Rouhani", "hassan-rouhani"), ("Emmanuel Macron", "emmanuel-macron"),
    ("Jens Stoltenberg", "jens-stoltenberg"), ("Milo Djukanovic", "milo-dukanovic"), ("Kim Nhật Thành", "kim-il-sung"),
])
def test_person_names_resolve(base, folded, form, person):
    assert resolve(base, folded, form) == {f"person:{person}"}


@pytest.mark.parametrize("person, day, title", [
    ("dmitry-medvedev", date(2025, 10, 10), "Deputy Chairman of the Security Council of Russia"),
    ("dmitry-medvedev", date(2017, 6, 29), "Prime Minister of Russia"),
    ("dmitry-medvedev", date(2010, 1, 1), "President of Russia"),
    ("kim-jong-un", date(2025, 10, 10), "General Secretary of the Workers' Party of Korea"),
    ("kim-jong-un", date(2018, 6, 12), "Chairman of the Workers' Party of Korea"),
    ("to-lam", date(2025, 10, 9), "General Secretary of the Communist Party of Vietnam"),
    ("tran-dai-quang", date(2017, 3, 1), "President of Vietnam"),
    ("donald-trump", date(2017, 5, 10), "President of the United States"),
    ("donald-trump", date(2025, 10, 1), "President of the United States"),
    ("fan-changlong", date(2016, 3, 1), "Vice Chairman of the Central Military Commission of China"),
    ("manmohan-singh", date(2013, 10, 22), "Prime Minister of India"),
    ("jens-stoltenberg", date(2017, 5, 25), "Secretary General of NATO"),
    ("shigeru-ishiba", date(2025, 3, 1), "Prime Minister of Japan"),
    ("sanae-takaichi", date(2026, 5, 14), "Prime Minister of Japan"),
    # Vietnam's changes of 2025-2026, as the press reported them on the day
    ("pham-minh-chinh", date(2026, 4, 6), "Prime Minister of Vietnam"),
    ("le-minh-hung", date(2026, 8, 1), "Prime Minister of Vietnam"),
    ("luong-cuong", date(2026, 3, 1), "President of Vietnam"),
    ("to-lam", date(2026, 8, 1), "President of Vietnam"),
    ("to-lam", date(2026, 8, 1), "General Secretary of the Communist Party of Vietnam"),
    ("bui-thanh-son", date(2025, 8, 1), "Minister of Foreign Affairs of Vietnam"),
    ("le-hoai-trung", date(2026, 8, 1), "Minister of Foreign Affairs of Vietnam"),
    ("mojtaba-khamenei", date(2026, 8, 1), "Supreme Leader of Iran"),
    ("nicolas-maduro", date(2025, 12, 1), "President of Venezuela"),
])
def test_offices_on_a_day(base, person, day, title):
    assert title in {o.title_en for o in base.offices_on(f"person:{person}", day)}


@pytest.mark.parametrize("person, day, title", [
    ("dmitry-medvedev", date(2025, 10, 10), "Prime Minister of Russia"),
    ("donald-trump", date(2022, 1, 1), "President of the United States"),
    ("jens-stoltenberg", date(2025, 1, 1), "Secretary General of NATO"),
    ("shigeru-ishiba", date(2026, 5, 14), "Prime Minister of Japan"),
    ("takeshi-iwaya", date(2026, 5, 14), "Minister of Foreign Affairs of Japan"),
    ("pham-minh-chinh", date(2026, 4, 8), "Prime Minister of Vietnam"),
    ("le-minh-hung", date(2026, 4, 6), "Prime Minister of Vietnam"),
    ("luong-cuong", date(2026, 4, 8), "President of Vietnam"),
    ("bui-thanh-son", date(2025, 10, 1), "Minister of Foreign Affairs of Vietnam"),
    ("le-hoai-trung", date(2025, 9, 15), "Minister of Foreign Affairs of Vietnam"),  # acting minister then
    ("ali-khamenei", date(2026, 8, 1), "Supreme Leader of Iran"),
    ("nicolas-maduro", date(2026, 2, 1), "President of Venezuela"),
])
def test_offices_not_held_on_a_day(base, person, day, title):
    assert title not in {o.title_en for o in base.offices_on(f"person:{person}", day)}


def test_offices_have_valid_dates_and_fields(base):
    for person, offices in base.offices.items():
        for office in offices:
            assert office.start is not None, (person, office.title_en)
            assert office.end is None or office.start <= office.end, (person, office)
            assert office.title_vi and office.title_en and office.sector in OFFICE_SECTORS, (person, office)
            assert office.organization is None or office.organization in base.entities, (person, office)
            assert office.country is None or base.country_entity(office.country), (person, office)


def test_single_holder_offices_do_not_overlap(base):
    """Two people never hold a head-of-state or head-of-government office at once."""
    single = re.compile(r"^(President|Prime Minister|Premier|General Secretary|Chancellor|King|Emperor|Emir"
                        r"|Minister of Foreign Affairs|United States Secretary|Secretary-General|Secretary General)\b")
    periods: dict[tuple, list] = {}
    for person, offices in base.offices.items():
        for office in offices:
            if single.match(office.title_en):
                periods.setdefault((office.title_en, office.country), []).append(
                    (office.start, office.end or date.max, person))
    for key, spans in periods.items():
        spans.sort()
        for before, after in zip(spans, spans[1:]):
            assert after[0] >= before[1], (key, before, after)


def test_only_known_aliases_are_ambiguous(base, folded):
    ambiguous = {key: set(ids) for key, ids in folded.items() if len(ids) > 1}
    assert ambiguous == KNOWN_AMBIGUOUS
    for key in ambiguous:
        assert all(a.strict for a in base.aliases if fold(a.text) == key), key


def test_no_common_word_or_shared_surname_is_an_alias(base):
    bad = [a for a in base.aliases if a.text.lower() in NEVER_ALIASES and base.entities[a.entity_id].type != COUNTRY]
    assert bad == []


def test_short_single_words_are_strict(base):
    for alias in base.aliases:
        if len(alias.text.split()) == 1 and len(alias.text) <= 6:
            assert alias.strict, alias


def test_entity_ids_countries_and_wikidata_are_well_formed(base):
    for entity in base.entities.values():
        prefix = {COUNTRY: "country:", LOCATION: "place:", ORGANIZATION: "org:", PERSON: "person:"}[entity.type]
        assert entity.id.startswith(prefix), entity.id
        if entity.type != COUNTRY:
            assert re.fullmatch(r"[a-z]+:[a-z0-9-]+", entity.id), entity.id
        assert entity.wikidata is None or re.fullmatch(r"Q[1-9][0-9]*", entity.wikidata), entity.id
        assert entity.country is None or base.country_entity(entity.country), entity.id


def test_titles_have_known_sectors_and_honorifics(base):
    titles = {t.text: t for t in base.titles}
    assert len(titles) == len(base.titles)
    for title in base.titles:
        if title.person_prefix or title.relational:
            assert title.sector == "" and title.rank == 9
        else:
            assert title.sector in SECTORS and 1 <= title.rank <= 5, title
    for text in ("Tổng Bí thư", "Chủ tịch nước", "Thủ tướng", "Bộ trưởng Ngoại giao", "Đại tướng", "Người phát ngôn"):
        assert text in titles
    assert all(titles[h].person_prefix for h in ("ông", "bà", "ngài", "đồng chí"))
    assert titles["người đồng cấp"].relational and not titles["người đồng cấp"].person_prefix


def test_jsonl_records_have_the_loader_fields():
    for name in ("places.jsonl", "organizations.jsonl", "people.jsonl"):
        for line in kb.data_path(name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert {"id", "name", "name_vi", "aliases", "strict_aliases", "country"} <= record.keys(), record["id"]


def test_provenance_names_every_data_file():
    text = kb.data_path("PROVENANCE.md").read_text(encoding="utf-8")
    for name in ("countries.tsv", "press_forms.tsv", "places.jsonl", "organizations.jsonl", "people.jsonl", "titles.tsv"):
        assert name in text
    assert re.search(r"as of \*?\*?\d{4}-\d{2}-\d{2}", text)


@pytest.mark.skipif(not GAZETTEERS.exists(), reason=f"the gazetteer snapshot is not at {GAZETTEERS}")
def test_countries_tsv_is_what_the_build_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_countries", ROOT / "scripts" / "build_countries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(module.build(GAZETTEERS), tmp_path / "countries.tsv")
    shipped = kb.data_path("countries.tsv").read_text(encoding="utf-8")
    assert (tmp_path / "countries.tsv").read_text(encoding="utf-8") == shipped


@pytest.mark.parametrize("text, entity_id", [
    ("Phong trào Hồi giáo Hamas bác bỏ đề xuất của Israel.", "org:hamas"),
    ("Lực lượng Houthi cảnh báo Mỹ.", "org:houthis"),
    ("Hezbollah cảnh báo Israel.", "org:hezbollah"),
])
def test_political_movements_are_organizations_that_act(text, entity_id):
    from sukien import extract

    result = extract(text, published="2026-05-14", rules_only=True).to_dict()
    [entity] = [e for e in result["entities"] if e["id"] == entity_id]
    assert entity["type"] == "ORG" and entity["country"]
    assert any(entity_id in event["source"] for event in result["events"])

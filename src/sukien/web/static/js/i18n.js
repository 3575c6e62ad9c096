// Interface labels in Vietnamese and English; the choice is kept in localStorage.
// Data (names, labels of event codes) comes from the API in both languages already.

const STRINGS = {
  vi: {
    "search.placeholder": "Tìm sự kiện, nhân vật, bài báo (gõ có dấu hay không dấu)…",
    "search.button": "Tìm",
    "footer.note": "Sự kiện chính trị, ngoại giao mã hóa CAMEO/PLOVER, mỗi dữ kiện kèm câu chữ làm bằng chứng",
    "filters.title": "Bộ lọc", "filters.actor": "Chủ thể", "filters.country": "Quốc gia (ISO3)",
    "filters.type": "Loại (PLOVER)", "filters.cameo": "Mã CAMEO", "filters.since": "Từ ngày",
    "filters.until": "Đến ngày", "filters.place": "Địa điểm", "filters.min_confidence": "Độ tin cậy tối thiểu", "filters.apply": "Lọc",
    "filters.reset": "Xóa lọc", "filters.any": "Tất cả",
    "results.title": "Sự kiện", "results.none": "Không có sự kiện nào khớp.", "results.more": "Xem thêm",
    "results.entities": "Chủ thể", "results.articles": "Bài báo",
    "timeline.title": "Dòng thời gian", "timeline.month": "Theo tháng", "timeline.day": "Theo ngày",
    "timeline.hint": "Bấm vào một cột để lọc theo khoảng thời gian đó.",
    "graph.title": "Mạng lưới chủ thể", "graph.hint": "Bấm vào một nút để mở trang chủ thể; độ dày cạnh = số sự kiện.",
    "graph.empty": "Chưa có cặp chủ thể nào.",
    "event.source": "Bên chủ động", "event.target": "Bên tiếp nhận", "event.date": "Thời gian",
    "event.place": "Địa điểm", "event.codes": "Mã sự kiện", "event.modality": "Tình thái",
    "event.negated": "phủ định", "event.reports": "Bài báo đưa tin", "event.mentions": "lượt nhắc",
    "event.articles": "bài báo", "event.sources": "nguồn", "event.evidence": "Bằng chứng",
    "event.trigger": "từ khóa", "event.related": "Sự kiện liên quan", "event.roles": "Chức danh",
    "event.occasion": "Nhân dịp", "event.topics": "Nội dung", "event.open": "Mở bài gốc",
    "event.publicationDay": "ngày đăng bài", "date.stated": "nêu trong câu",
    "date.inferred": "lấy từ ngữ cảnh bài báo", "date.relative": "tính từ ngày đăng bài",
    "date.historical": "nêu trong câu, đã lâu",
    "entity.roles": "Chức danh", "entity.timeline": "Dòng thời gian", "entity.counterparts": "Đối tác thường gặp",
    "entity.events": "Sự kiện", "entity.aliases": "Tên gọi khác", "entity.country": "Quốc gia",
    "entity.type": "Loại", "entity.discovered": "phát hiện trong văn bản (chưa có trong cơ sở tri thức)",
    "common.loading": "Đang tải…", "common.error": "Lỗi", "common.back": "← Về danh sách",
    "common.none": "Không có", "common.events": "sự kiện",
    "timeline.auto": "Tự động", "timeline.year": "Theo năm", "timeline.by": "Chia theo",
    "timeline.undated": "sự kiện không có ngày (không vẽ)",
    "graph.month": "Tháng", "graph.allMonths": "Mọi thời gian", "graph.top": "Số chủ thể",
    "graph.zoomIn": "Phóng to", "graph.zoomOut": "Thu nhỏ", "graph.fit": "Vừa khung",
    "graph.summary": "{shown} trong {all} chủ thể, {events}",
    "truncated.counted": "Chỉ đếm {n} sự kiện mới nhất khớp với bộ lọc; các sự kiện cũ hơn không được tính.",
    "truncated.filters": "Để có số đếm chính xác, hãy thu hẹp bộ lọc: một khoảng ngày ngắn hơn, hoặc chỉ một "
      + "trong các bộ lọc sau, không kèm bộ lọc nào khác: trọn một tháng hay một năm, một chủ thể, một quốc gia, "
      + "một địa điểm, một loại (PLOVER), hay độ tin cậy tối thiểu đúng 0,5; 0,6; 0,7; 0,8 hoặc 0,9.",
    "truncated.words": "Để có số đếm chính xác, hãy dùng từ khóa cụ thể hơn hoặc một khoảng ngày ngắn hơn.",
    "type.PERSON": "Nhân vật", "type.COUNTRY": "Quốc gia", "type.ORG": "Tổ chức", "type.LOC": "Địa danh",
    "sector.GOV": "chính phủ", "sector.PTY": "đảng", "sector.MIL": "quân đội", "sector.LEG": "lập pháp",
    "sector.DIP": "ngoại giao", "sector.JUD": "tư pháp", "sector.IGO": "tổ chức quốc tế",
    "offices.title": "Chức vụ được ghi nhận", "offices.office": "Chức vụ", "offices.country": "Quốc gia",
    "offices.organization": "Cơ quan", "offices.sector": "Khối", "offices.first": "Lần đầu",
    "offices.last": "Lần cuối", "offices.articles": "Số bài", "offices.evidence": "Bài nêu",
    "offices.hint": "Theo các bài báo đã đọc: ngày đầu và ngày cuối một bài nêu chức vụ này.",
    "article.open": "Xem bài báo", "article.events": "Sự kiện trong bài", "article.title": "Bài báo",
    "article.hint": "Tô vàng: câu làm bằng chứng; tô cam: từ khóa của sự kiện; tô xanh: chủ thể.",
    "error.network": "Không kết nối được máy chủ.", "error.server": "Máy chủ gặp lỗi, xin thử lại sau.",
    "error.notFound": "Không tìm thấy mục này.", "error.badRequest": "Yêu cầu không hợp lệ.",
    "error.invalid": "Giá trị không hợp lệ.", "error.tooLong": "{field} quá dài (tối đa {n} ký tự).",
    "error.tooShort": "{field} cần ít nhất {n} ký tự.", "error.date": "{field}: ngày không hợp lệ.",
    "error.choice": "{field}: giá trị không nằm trong danh sách.", "error.pattern": "{field}: sai định dạng.",
    "error.control": "{field} chứa ký tự không hợp lệ.", "error.range": "{field}: giá trị ngoài khoảng cho phép.",
    "error.sinceUntil": "Ngày bắt đầu sau ngày kết thúc.", "error.cursor": "Trang kết quả không hợp lệ.",
    "field.q": "Câu tìm kiếm", "field.limit": "Số kết quả", "field.top": "Số chủ thể",
  },
  en: {
    "search.placeholder": "Search events, people, articles (with or without diacritics)…",
    "search.button": "Search",
    "footer.note": "Political and diplomatic events coded in CAMEO/PLOVER, each with the words that support it",
    "filters.title": "Filters", "filters.actor": "Actor", "filters.country": "Country (ISO3)",
    "filters.type": "Type (PLOVER)", "filters.cameo": "CAMEO code", "filters.since": "Since",
    "filters.until": "Until", "filters.place": "Place", "filters.min_confidence": "Minimum confidence", "filters.apply": "Filter",
    "filters.reset": "Clear", "filters.any": "Any",
    "results.title": "Events", "results.none": "No events match.", "results.more": "More",
    "results.entities": "Actors", "results.articles": "Articles",
    "timeline.title": "Timeline", "timeline.month": "By month", "timeline.day": "By day",
    "timeline.hint": "Click a bar to filter to that period.",
    "graph.title": "Actor network", "graph.hint": "Click a node to open the actor's page; edge width = number of events.",
    "graph.empty": "No actor pairs yet.",
    "event.source": "Source", "event.target": "Target", "event.date": "Date",
    "event.place": "Place", "event.codes": "Event codes", "event.modality": "Modality",
    "event.negated": "negated", "event.reports": "Reporting articles", "event.mentions": "mentions",
    "event.articles": "articles", "event.sources": "sources", "event.evidence": "Evidence",
    "event.trigger": "trigger", "event.related": "Related events", "event.roles": "Roles",
    "event.occasion": "Occasion", "event.topics": "Topics", "event.open": "Open the original",
    "event.publicationDay": "the publication day", "date.stated": "stated in the sentence",
    "date.inferred": "taken from the article's context", "date.relative": "counted from the publication day",
    "date.historical": "stated, long past",
    "entity.roles": "Roles", "entity.timeline": "Timeline", "entity.counterparts": "Most frequent counterparts",
    "entity.events": "Events", "entity.aliases": "Also known as", "entity.country": "Country",
    "entity.type": "Type", "entity.discovered": "found in text (not in the knowledge base)",
    "common.loading": "Loading…", "common.error": "Error", "common.back": "← Back to the list",
    "common.none": "None", "common.events": "events",
    "timeline.auto": "Auto", "timeline.year": "By year", "timeline.by": "Per",
    "timeline.undated": "events without a date (not drawn)",
    "graph.month": "Month", "graph.allMonths": "All time", "graph.top": "Actors",
    "graph.zoomIn": "Zoom in", "graph.zoomOut": "Zoom out", "graph.fit": "Fit",
    "graph.summary": "{shown} of {all} actors, {events}",
    "truncated.counted": "Only the newest {n} matching events were counted; older ones are left out.",
    "truncated.filters": "For an exact count, narrow the filter: a shorter date range, or just one of these "
      + "with no other filter: a whole month or year, one actor, one country, one place, one type (PLOVER), "
      + "or a minimum confidence of exactly 0.5, 0.6, 0.7, 0.8 or 0.9.",
    "truncated.words": "For an exact count, use more specific search words or a shorter date range.",
    "type.PERSON": "Person", "type.COUNTRY": "Country", "type.ORG": "Organisation", "type.LOC": "Place",
    "sector.GOV": "government", "sector.PTY": "party", "sector.MIL": "military", "sector.LEG": "legislature",
    "sector.DIP": "diplomacy", "sector.JUD": "judiciary", "sector.IGO": "international organisation",
    "offices.title": "Offices seen", "offices.office": "Office", "offices.country": "Country",
    "offices.organization": "Body", "offices.sector": "Sector", "offices.first": "First seen",
    "offices.last": "Last seen", "offices.articles": "Articles", "offices.evidence": "Said in",
    "offices.hint": "As the articles read say: the first and last day an article gives this office.",
    "article.open": "Read the article", "article.events": "Events in this article", "article.title": "Article",
    "article.hint": "Yellow: evidence sentences; orange: the event's trigger words; blue: actors.",
    "error.network": "The server cannot be reached.", "error.server": "The server failed; please try again later.",
    "error.notFound": "Not found.", "error.badRequest": "Invalid request.",
    "error.invalid": "Invalid value.", "error.tooLong": "{field} is too long (at most {n} characters).",
    "error.tooShort": "{field} needs at least {n} characters.", "error.date": "{field}: not a valid date.",
    "error.choice": "{field}: not one of the allowed values.", "error.pattern": "{field}: wrong format.",
    "error.control": "{field} contains characters that are not allowed.",
    "error.range": "{field}: value out of range.",
    "error.sinceUntil": "The start date is after the end date.", "error.cursor": "Invalid results page.",
    "field.q": "Search words", "field.limit": "Number of results", "field.top": "Number of actors",
  },
};

export const PLOVER = {
  AGREE: ["Nhất trí, cam kết", "Agree"], CONSULT: ["Tham vấn, gặp gỡ", "Consult"],
  SUPPORT: ["Ủng hộ", "Support"], CONCEDE: ["Nhượng bộ", "Concede"], COOPERATE: ["Hợp tác", "Cooperate"],
  AID: ["Viện trợ", "Aid"], RETREAT: ["Rút lui", "Retreat"], REQUEST: ["Yêu cầu, đề nghị", "Request"],
  ACCUSE: ["Cáo buộc, chỉ trích", "Accuse"], REJECT: ["Bác bỏ", "Reject"], THREATEN: ["Đe dọa", "Threaten"],
  SANCTION: ["Trừng phạt", "Sanction"], PROTEST: ["Phản đối", "Protest"],
  MOBILIZE: ["Huy động lực lượng", "Mobilize"], COERCE: ["Cưỡng ép", "Coerce"],
  ASSAULT: ["Tấn công", "Assault"], OTHER: ["Khác", "Other"],
};

const MODES = {
  visit: ["chuyến thăm", "visit"], phone: ["điện đàm", "phone"], "third-party": ["nước thứ ba", "third party"],
  multilateral: ["đa phương", "multilateral"],
};
const MODALITIES = {
  asserted: ["đã diễn ra", "happened"], planned: ["dự kiến", "planned"], negated: ["không diễn ra", "did not happen"],
  hypothetical: ["giả định", "hypothetical"], historical: ["sự kiện lịch sử", "historical"],
};

let current = localStorage.getItem("sukien.lang") === "en" ? "en" : "vi";

export const lang = () => current;

export function setLang(value) {
  current = value === "en" ? "en" : "vi";
  localStorage.setItem("sukien.lang", current);
  document.documentElement.lang = current;
}

export function t(key, values = {}) {
  const text = STRINGS[current][key] ?? STRINGS.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A label for a code from a table of strings ("type.PERSON"), or the code itself when unknown. */
export function codeLabel(prefix, code) {
  if (!code) return "";
  const key = `${prefix}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** A count as the page's language writes it: "1.000" in Vietnamese, "1,000" in English. */
export function number(n) {
  return Number(n).toLocaleString(current === "vi" ? "vi-VN" : "en-GB");
}

/** "3 articles", "1 article": Vietnamese nouns do not inflect; English drops the s for one. */
export function count(n, key) {
  const word = t(key);
  return `${n} ${current === "en" && n === 1 ? word.replace(/s$/, "") : word}`;
}

const pick = (pair, fallback) => (pair ? pair[current === "vi" ? 0 : 1] : fallback);
export const ploverLabel = (type) => pick(PLOVER[type], type || "—");
export const modeLabel = (mode) => pick(MODES[mode], mode);
export const modalityLabel = (m) => pick(MODALITIES[m], m);

/** Letters without their marks, lowercase, đ as d: to tell a stripped copy of a name from another name. */
export function folded(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * An entity's name in the interface language. In English the English name ("Washington,
 * D.C.", not the exonym "Oasinhtơn"), unless it is only the Vietnamese name with its marks
 * stripped ("Le Minh Hoa"): then the name as written, with its diacritics.
 */
export function nameOf(item) {
  if (!item) return "";
  const [en, vi] = [item.name, item.name_vi];
  if (current === "vi") return vi || en || item.id;
  if (en && vi && folded(en) === folded(vi)) return vi;
  return en || vi || item.id;
}

/** The place of an event in the interface language (same rule as names). */
export function placeOf(event) {
  return nameOf({ name: event.place_name, name_vi: event.place_name_vi, id: "" });
}

let countryTable = {};

/** Install the country names (GET /api/countries) that countryName reads. */
export function setCountries(items) {
  countryTable = Object.fromEntries(items.map((c) => [c.code, c]));
}

/** "Việt Nam" / "Vietnam" for "VNM" (or "country:VNM"); the code itself when unknown. */
export function countryName(code) {
  const iso = code && code.startsWith("country:") ? code.slice(8) : code;
  if (!iso) return "";
  const entry = countryTable[iso];
  return entry ? (current === "vi" ? entry.name_vi : entry.name) : iso;
}

export function eventLabel(event) {
  return (current === "vi" ? event.label_vi || event.label_en : event.label_en || event.label_vi) || event.cameo;
}

/** Fill elements marked data-i18n / data-i18n-placeholder in the static page. */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
}

// Interface labels in Vietnamese and English; the choice is kept in localStorage.
// Data (names, labels of event codes) comes from the API in both languages already.

const STRINGS = {
  vi: {
    "search.placeholder": "Tìm sự kiện, nhân vật, bài báo (gõ có dấu hay không dấu)…",
    "search.button": "Tìm",
    "footer.note": "Sự kiện chính trị, ngoại giao mã hóa CAMEO/PLOVER, mỗi dữ kiện kèm câu chữ làm bằng chứng",
    "filters.title": "Bộ lọc", "filters.actor": "Chủ thể", "filters.country": "Quốc gia (ISO3)",
    "filters.type": "Loại (PLOVER)", "filters.cameo": "Mã CAMEO", "filters.since": "Từ ngày",
    "filters.until": "Đến ngày", "filters.place": "Địa điểm", "filters.apply": "Lọc",
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
    "entity.roles": "Chức danh", "entity.timeline": "Dòng thời gian", "entity.counterparts": "Đối tác thường gặp",
    "entity.events": "Sự kiện", "entity.aliases": "Tên gọi khác", "entity.country": "Quốc gia",
    "entity.type": "Loại", "entity.discovered": "phát hiện trong văn bản (chưa có trong cơ sở tri thức)",
    "common.loading": "Đang tải…", "common.error": "Lỗi", "common.back": "← Về danh sách",
    "common.none": "Không có", "common.events": "sự kiện",
  },
  en: {
    "search.placeholder": "Search events, people, articles (with or without diacritics)…",
    "search.button": "Search",
    "footer.note": "Political and diplomatic events coded in CAMEO/PLOVER, each with the words that support it",
    "filters.title": "Filters", "filters.actor": "Actor", "filters.country": "Country (ISO3)",
    "filters.type": "Type (PLOVER)", "filters.cameo": "CAMEO code", "filters.since": "Since",
    "filters.until": "Until", "filters.place": "Place", "filters.apply": "Filter",
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
    "entity.roles": "Roles", "entity.timeline": "Timeline", "entity.counterparts": "Most frequent counterparts",
    "entity.events": "Events", "entity.aliases": "Also known as", "entity.country": "Country",
    "entity.type": "Type", "entity.discovered": "found in text (not in the knowledge base)",
    "common.loading": "Loading…", "common.error": "Error", "common.back": "← Back to the list",
    "common.none": "None", "common.events": "events",
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

export function t(key) {
  return STRINGS[current][key] ?? STRINGS.vi[key] ?? key;
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

/** An entity's or event's name in the interface language, falling back to the other. */
export function nameOf(item) {
  if (!item) return "";
  return (current === "vi" ? item.name_vi || item.name : item.name || item.name_vi) || item.id;
}

export function eventLabel(event) {
  return (current === "vi" ? event.label_vi || event.label_en : event.label_en || event.label_vi) || event.cameo;
}

/** Fill elements marked data-i18n / data-i18n-placeholder in the static page. */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
}

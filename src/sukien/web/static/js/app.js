// The app: a hash router over four pages (home, event, entity, article), the header
// search and the language toggle. Each page is a function that fills <main> from the API.
import { api } from "./api.js";
import { clear, hashLink } from "./dom.js";
import { lang, setCountries, setLang, translatePage } from "./i18n.js";
import { renderArticle } from "./views/article.js";
import { failure, loading } from "./views/common.js";
import { renderEntity } from "./views/entity.js";
import { renderEvent } from "./views/event.js";
import { renderHome } from "./views/home.js";

const view = document.getElementById("view");
let disposables = [];
let generation = 0;

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

async function route() {
  const mine = ++generation;
  for (const item of disposables) item.destroy();
  disposables = [];
  delete document.body.dataset.ready;
  const hash = location.hash;
  const { parts, params } = parseHash();
  // Charts measure their container, so the page is in the document while it fills.
  const page = clear(view).appendChild(document.createElement("div"));
  page.append(loading());
  const keep = (item) => { if (mine === generation) disposables.push(item); else item.destroy(); };
  document.getElementById("search-input").value = parts.length ? "" : params.get("q") || "";
  try {
    if (parts[0] === "event") await renderEvent(page, parts[1]);
    else if (parts[0] === "article") await renderArticle(page, parts[1]);
    else if (parts[0] === "entity") await renderEntity(page, parts[1], keep);
    else await renderHome(page, params, keep);
    // data-route tells which address the page is ready for (tests wait on both).
    if (mine === generation) Object.assign(document.body.dataset, { ready: "1", route: hash });
  } catch (error) {
    if (mine === generation) {
      clear(page).append(failure(error));
      Object.assign(document.body.dataset, { ready: "1", route: hash });
    }
  }
}

async function start() {
  setLang(lang());
  translatePage();
  const toggle = document.getElementById("lang-toggle");
  toggle.textContent = lang() === "vi" ? "EN" : "VI";
  toggle.addEventListener("click", () => {
    setLang(lang() === "vi" ? "en" : "vi");
    toggle.textContent = lang() === "vi" ? "EN" : "VI";
    translatePage();
    route();
  });
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    location.hash = hashLink("/", q ? { q } : {});
  });
  window.addEventListener("hashchange", route);
  // Country names for codes ("VNM" → "Việt Nam"); pages show the codes if this fails.
  await api.countries().then(setCountries).catch(() => {});
  route();
}

start();

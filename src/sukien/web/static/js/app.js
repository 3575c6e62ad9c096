// The app: a hash router over three pages (home, event, entity), the header search
// and the language toggle. Each page is a function that fills <main> from the API.
import { clear, hashLink } from "./dom.js";
import { lang, setLang, translatePage } from "./i18n.js";
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
  clear(view).append(loading());
  const { parts, params } = parseHash();
  const page = document.createElement("div");
  const keep = (item) => { if (mine === generation) disposables.push(item); else item.destroy(); };
  document.getElementById("search-input").value = parts.length ? "" : params.get("q") || "";
  try {
    // Pages build into a detached element shown at once, then fill their charts.
    const rendering = parts[0] === "event" ? renderEvent(page, parts[1])
      : parts[0] === "entity" ? renderEntity(page, parts[1], keep)
        : renderHome(page, params, keep);
    await Promise.race([rendering, new Promise((r) => setTimeout(r, 0))]);
    if (mine !== generation) return;
    clear(view).append(page);
    await rendering;
    if (mine === generation) document.body.dataset.ready = location.hash || "#/";
  } catch (error) {
    if (mine === generation) clear(view).append(failure(error));
  }
}

function start() {
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
  route();
}

start();

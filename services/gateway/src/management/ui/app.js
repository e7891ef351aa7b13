// The gateway admin page shell: login with the admin token (kept in sessionStorage), tabs, language switch.

import { discordPage } from "./discord-page.js";
import { api, h, session, toast } from "./dom.js";
import { currentLang, t, toggleLang } from "./i18n.js";
import { keysPage } from "./keys-page.js";
import { ossPage, soraPage } from "./settings-pages.js";
import { usagePage } from "./usage-page.js";

const pages = { keys: keysPage, oss: ossPage, discord: discordPage, sora: soraPage, usage: usagePage };
let current = "keys";

const $ = (id) => document.getElementById(id);

function translateStatic() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  $("lang").textContent = currentLang() === "zh" ? "EN" : "中文";
  document.title = t("title");
}

async function show(name) {
  current = name;
  $("tabs").replaceChildren(
    ...Object.keys(pages).map((p) =>
      h(
        "button",
        { type: "button", class: p === current ? "active" : "", "data-tab": p, onclick: () => show(p) },
        t(p),
      ),
    ),
  );
  try {
    await pages[name]($("view"));
  } catch (err) {
    toast(err.message);
  }
}

function render() {
  translateStatic();
  const loggedIn = Boolean(session.get());
  $("login").hidden = loggedIn;
  $("tabs").hidden = !loggedIn;
  $("logout").hidden = !loggedIn;
  if (loggedIn) show(current);
  else $("view").replaceChildren();
}

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  session.set(new FormData(event.target).get("token").trim());
  try {
    await api("GET", "/provider-keys?limit=1");
    $("login-error").textContent = "";
    event.target.reset();
  } catch {
    session.clear();
    $("login-error").textContent = t("badToken");
  }
  render();
});
$("logout").addEventListener("click", () => {
  session.clear();
  render();
});
$("lang").addEventListener("click", () => {
  toggleLang();
  render();
});
window.addEventListener("waule-logout", render);
render();

// Browser entry: mounts the app and applies the remembered language to <html lang>.
import { render } from "solid-js/web";
import { App } from "./app";
import { locale } from "./i18n/i18n";
import "./styles.css";

document.documentElement.lang = locale();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
render(() => <App />, root);

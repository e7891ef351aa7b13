// Fresh result links at read time (History, the task API).
export { freshLinks, type LinkDeps, type LinkOf } from "./fresh-links";

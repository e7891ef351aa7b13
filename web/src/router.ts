// A minimal History-API router: a dozen flat paths do not need a routing library.
import { createRoot, createSignal } from "solid-js";

const state = createRoot(() => {
  const [path, setPath] = createSignal(globalThis.location?.pathname ?? "/");
  globalThis.addEventListener?.("popstate", () => setPath(location.pathname));
  return { path, setPath };
});

export const currentPath = state.path;

export function navigate(to: string): void {
  if (to === location.pathname) return;
  history.pushState(null, "", to);
  state.setPath(to);
}

// An in-app link: a real href (open in new tab works) that navigates without a reload, marked active on its own path.
import { type JSX, splitProps } from "solid-js";
import { currentPath, navigate } from "../router";

export function AppLink(props: { to: string } & Omit<JSX.AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick">) {
  const [own, rest] = splitProps(props, ["to", "children"]);
  return (
    <a
      {...rest}
      href={own.to}
      classList={{ active: currentPath() === own.to }}
      onClick={(e) => {
        // Modified clicks keep the browser's own behaviour (new tab, new window).
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(own.to);
      }}
    >
      {own.children}
    </a>
  );
}

// The app shell: sign-in gate, account header, and the screen for the current path.
import { createEffect, Match, Switch } from "solid-js";
import { AdminPage } from "./pages/admin/admin-page";
import { ChatPage } from "./pages/chat/chat-page";
import { GeneratePage } from "./pages/generate/generate-page";
import { HistoryPage } from "./pages/history/history-page";
import { LoginPage } from "./pages/login/login-page";
import { MidjourneyPage } from "./pages/midjourney/midjourney-page";
import { SettingsPage } from "./pages/settings/settings-page";
import { SpeechPage } from "./pages/speech/speech-page";
import { TasksPage } from "./pages/tasks/tasks-page";
import { TeamPage } from "./pages/team/team-page";
import { VideoPage } from "./pages/video/video-page";
import { currentPath, navigate } from "./router";
import { me, refreshBalance } from "./session/account";
import { session } from "./session/session";
import { AccountHeader } from "./ui/account-header";
import { LowBalanceBanner } from "./ui/low-balance-banner";

export function App() {
  // The balance is re-read whenever the session changes (session/account.ts) or a page reports that credits moved.
  const creditsChanged = refreshBalance;

  createEffect(() => {
    const path = currentPath();
    if (path.startsWith("/admin")) return;
    if (!session() && path !== "/login") navigate("/login");
    else if (session() && (path === "/login" || path === "/")) navigate("/generate");
  });

  return (
    <Switch>
      <Match when={currentPath().startsWith("/admin")}>
        <AdminPage />
      </Match>
      <Match when={!session()}>
        <LoginPage onSignedIn={() => navigate("/generate")} />
      </Match>
      <Match when={session()}>
        <div class="shell">
          <AccountHeader me={me} />
          <LowBalanceBanner me={me} />
          <main class="content">
            <Switch fallback={<GeneratePage onCreditsChanged={creditsChanged} />}>
              <Match when={currentPath() === "/chat"}>
                <ChatPage onCreditsChanged={creditsChanged} />
              </Match>
              <Match when={currentPath() === "/speech"}>
                <SpeechPage onCreditsChanged={creditsChanged} />
              </Match>
              <Match when={currentPath() === "/video"}>
                <VideoPage onCreditsChanged={creditsChanged} />
              </Match>
              <Match when={currentPath() === "/midjourney"}>
                <MidjourneyPage onCreditsChanged={creditsChanged} />
              </Match>
              <Match when={currentPath() === "/tasks"}>
                <TasksPage onCreditsChanged={creditsChanged} />
              </Match>
              <Match when={currentPath() === "/history"}>
                <HistoryPage />
              </Match>
              <Match when={currentPath() === "/team"}>
                <TeamPage onCreditsChanged={creditsChanged} />
              </Match>
              <Match when={currentPath() === "/settings"}>
                <SettingsPage />
              </Match>
            </Switch>
          </main>
        </div>
      </Match>
    </Switch>
  );
}

// The browser every web test drives (Debian's chromium, headless) and the tenant sign-in form filled as a user would.
import { type Browser, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Opens the app signed out (it must send the user to the login form) and submits the form; the caller waits for what should follow. */
export async function submitSignIn(
  page: Page,
  baseUrl: string,
  input: { apiKey: string; username: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL("**/login");
  await page.fill('input[name="apiKey"]', input.apiKey);
  await page.fill('input[name="username"]', input.username);
  await page.fill('input[name="password"]', input.password);
  await page.click('button[type="submit"]');
}

/** Signs in to the operator console and waits until it shows who is signed in. */
export async function signInOperator(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.fill('[data-testid="admin-login"] input[name="username"]', username);
  await page.fill('[data-testid="admin-login"] input[name="password"]', password);
  await page.click('[data-testid="admin-login"] button[type="submit"]');
  await page.waitForSelector('[data-testid="admin-username"]');
}

import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import type { ConversationSpec } from "../../helpers/e2eCheck.js";
import { unique } from "./context.js";
import { CHROMIUM, SCREENSHOTS } from "./pages.js";

const STEP_MS = 15_000;
const DESKTOP = { width: 1200, height: 800 };

/** One person in the conversation: a browser context of its own, on one server process. */
interface Person {
  name: string;
  page: Page;
  base: string;
}

/** Thrown by a step that did not happen, so the probe reports the first one and stops. */
class StepFailed extends Error {}

async function step<T>(who: Person, what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new StepFailed(`${who.name} on ${who.base}: ${what}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** Waits until the element's text contains `text` (its text, not its markup). */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, wanted]) => (document.querySelector(sel!)?.textContent ?? "").includes(wanted!),
    [selector, text] as const,
    { timeout: STEP_MS, polling: 100 },
  );
}

async function register(who: Person, spec: ConversationSpec, password: string): Promise<void> {
  const { page } = who;
  await step(who, `open ${spec.path}`, () => page.goto(spec.path, { waitUntil: "load" }));
  await step(who, "register and sign in", async () => {
    await page.fill(spec.register.username, who.name);
    await page.fill(spec.register.password, password);
    await page.click(spec.register.submit);
    await page.waitForSelector(spec.signedIn, { state: "visible", timeout: STEP_MS });
  });
}

/**
 * Two people chat in headless Chromium, each in a browser context of its own and on a
 * different server process (`bases`): both register through the page, A creates a room, B
 * picks it, each sees the other online, B sees A typing, and each sees what the other sends.
 * Only the app's broker can carry these events between the two processes. Writes the desktop
 * view of A's page, mid-conversation, to `.e2e-screenshots/<template>/<screenshot>-light.png`.
 */
export async function conversationProbe(template: string, spec: ConversationSpec, bases: [string, string]): Promise<string[]> {
  const failures: string[] = [];
  const run = unique();
  const password = `pw-${run}-long-enough`;
  const room = `Lobby ${run}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    const people: Person[] = [];
    for (const [i, base] of bases.entries()) {
      const context = await browser.newContext({ viewport: DESKTOP, colorScheme: "light", baseURL: base });
      const page = await context.newPage();
      const who: Person = { name: `${["ada", "bob"][i]}_${run}`.slice(0, 32), page, base };
      page.on("console", (msg) => {
        if (msg.type() === "error") failures.push(`${who.name}: console error: ${msg.text().slice(0, 300)}`);
      });
      page.on("pageerror", (error) => failures.push(`${who.name}: uncaught error: ${error.message.slice(0, 300)}`));
      people.push(who);
    }
    const [a, b] = people as [Person, Person];

    await register(a, spec, password);
    await step(a, `create the room "${room}"`, async () => {
      await a.page.fill(spec.createRoom.name, room);
      await a.page.click(spec.createRoom.submit);
      await waitForText(a.page, spec.roomTitle, room);
    });
    await register(b, spec, password);
    await step(b, `pick the room "${room}"`, async () => {
      await b.page.locator(spec.roomButton, { hasText: room }).click({ timeout: STEP_MS });
      await waitForText(b.page, spec.roomTitle, room);
    });
    await step(a, `see ${b.name} online`, () => waitForText(a.page, spec.presence, b.name));
    await step(b, `see ${a.name} online`, () => waitForText(b.page, spec.presence, a.name));

    const hello = `hello from ${a.name}`;
    await step(a, "type a message", () => a.page.locator(spec.compose.input).pressSequentially(hello, { delay: 5 }));
    await step(b, `see ${a.name} typing`, () => waitForText(b.page, spec.typing, a.name));
    await step(a, "send it", () => a.page.click(spec.compose.submit));
    await step(b, `receive "${hello}" from the other process`, () => waitForText(b.page, spec.messages, hello));
    await step(a, `see its own "${hello}" once`, () => waitForText(a.page, spec.messages, hello));

    const reply = `hi ${a.name}, ${b.name} here`;
    await step(b, "type a reply", () => b.page.locator(spec.compose.input).pressSequentially(reply, { delay: 5 }));
    await step(a, `see ${b.name} typing`, () => waitForText(a.page, spec.typing, b.name));
    await step(b, "send it", () => b.page.click(spec.compose.submit));
    await step(a, `receive "${reply}" from the other process`, () => waitForText(a.page, spec.messages, reply));

    const sent = await a.page.locator(`${spec.messages} > *`).count();
    if (sent !== 2) failures.push(`${a.name}: ${sent} messages in the room, expected 2 (one each, none twice)`);
    if (spec.screenshot) {
      const folder = path.join(SCREENSHOTS, template);
      await mkdir(folder, { recursive: true });
      await a.page.screenshot({ path: path.join(folder, `${spec.screenshot}-light.png`) });
    }
  } catch (error) {
    failures.push(error instanceof StepFailed ? error.message : `conversation in Chromium: ${(error as Error).message}`);
  } finally {
    await browser?.close();
  }
  return failures;
}

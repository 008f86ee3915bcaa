import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { CheckSpec, PageCheck, PageSpec, PagesSignIn } from "../../helpers/e2eCheck.js";
import { ROOT } from "../../helpers/paths.js";

/** Debian's package (scripts/chromium.sh installs it); the suite never downloads a browser. */
export const CHROMIUM = process.env.CBP_E2E_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(ROOT, ".e2e-screenshots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1200, height: 800 };
const MIN_CONTRAST = 4.5;

/**
 * Opens each of a template's pages (check.json `pages`) of the served project in headless
 * Chromium, on a phone and on a desktop, light and dark: no request to any other origin, no
 * console errors, no failed requests, no horizontal overflow on the phone, every form control labelled, every image
 * with alt text, body text contrast of at least 4.5:1. Writes light and dark screenshots to
 * `.e2e-screenshots/<template>/<page>-<scheme>.png`. Returns one line per failure.
 */
export async function pagesProbe(base: string, template: string, pages: PageSpec[], signIn?: PagesSignIn): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return [`no Chromium at ${CHROMIUM}: run scripts/chromium.sh (or set CBP_E2E_CHROMIUM)`];
  const folder = path.join(SCREENSHOTS, template);
  await mkdir(folder, { recursive: true });
  const failures: string[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    for (const spec of pages) {
      for (const colorScheme of ["light", "dark"] as const) {
        const phone = await visit(browser, base, spec, { viewport: PHONE, colorScheme }, undefined, signIn);
        failures.push(...phone.failures.map((f) => `${spec.path} (390 px, ${colorScheme}): ${f}`));
        const desktop = await visit(browser, base, spec, { viewport: DESKTOP, colorScheme }, path.join(folder, `${spec.name}-${colorScheme}.png`), signIn);
        failures.push(...desktop.failures.filter((f) => !phone.failures.includes(f)).map((f) => `${spec.path} (desktop, ${colorScheme}): ${f}`));
      }
    }
  } finally {
    await browser.close();
  }
  return failures;
}

async function visit(
  browser: Browser,
  base: string,
  spec: PageSpec,
  options: { viewport: { width: number; height: number }; colorScheme: "light" | "dark" },
  screenshot?: string,
  signIn?: PagesSignIn,
): Promise<{ failures: string[] }> {
  const context: BrowserContext = await browser.newContext({ ...options, baseURL: base });
  const failures: string[] = [];
  const skipped = new Set<PageCheck>((spec.skip ?? []).map((s) => s.check));
  try {
    // Offline, a third-party request merely fails; with a network it would pass unnoticed.
    const origin = new URL(base).origin;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      if (!skipped.has("requests")) failures.push(`request left the machine: ${route.request().method()} ${url.slice(0, 200)}`);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    if (spec.as === "user") {
      if (!signIn) return { failures: [`${spec.path} wants a signed-in user, but check.json has no pagesSignIn`] };
      const signedIn = await signInThroughForm(page, signIn);
      if (signedIn) return { failures: [signedIn] };
    }
    page.on("console", (msg) => {
      if (msg.type() === "error" && !skipped.has("console")) failures.push(`console error: ${msg.text().slice(0, 300)}`);
    });
    page.on("pageerror", (error) => {
      if (!skipped.has("console")) failures.push(`uncaught error: ${error.message.slice(0, 300)}`);
    });
    // Closing the page after the checks cancels what it still loads (a late favicon fetch):
    // that is the probe's doing, not a failed request of the page.
    let checked = false;
    page.on("requestfailed", (request) => {
      if (checked && request.failure()?.errorText === "net::ERR_ABORTED") return;
      if (!skipped.has("requests")) failures.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400 && !skipped.has("requests")) failures.push(`${response.status()} for ${response.request().method()} ${response.url()}`);
    });
    const answer = await page.goto(spec.path, { waitUntil: "load" });
    if (!answer || answer.status() !== 200) failures.push(`answered ${answer?.status() ?? "nothing"}, not 200`);
    if (spec.waitFor) {
      await page.waitForSelector(spec.waitFor, { timeout: 20_000 }).catch(() => failures.push(`${spec.waitFor} never appeared`));
    }
    await page.waitForLoadState("networkidle", { timeout: 20_000 }).catch(() => failures.push("the network never went idle"));
    failures.push(...(await pageFindings(page, skipped)));
    checked = true;
    if (screenshot) await page.screenshot({ path: screenshot });
  } finally {
    await context.close();
  }
  return { failures };
}

/** check.json's `pagesSignIn` with the identity placeholders filled in. */
export function signInWith(check: CheckSpec, fill: (value: string) => string): PagesSignIn | undefined {
  if (!check.pagesSignIn) return undefined;
  const fields = Object.fromEntries(Object.entries(check.pagesSignIn.fields).map(([name, value]) => [name, fill(value)]));
  return { path: check.pagesSignIn.path, fields };
}

/**
 * Signs in the way a visitor does, before the checked page's listeners are attached (the
 * login page has its own entry in `pages`): fill the form, submit it, wait to leave it.
 * Returns a failure line, or "" once signed in.
 */
async function signInThroughForm(page: Page, signIn: PagesSignIn): Promise<string> {
  await page.goto(signIn.path, { waitUntil: "load" });
  const names = Object.keys(signIn.fields);
  for (const [name, value] of Object.entries(signIn.fields)) await page.fill(`[name="${name}"]`, value);
  const form = page.locator(`form:has([name="${names[0]}"])`);
  const left = page.waitForURL((url) => url.pathname !== signIn.path, { timeout: 20_000 }).then(() => "", () => `signing in at ${signIn.path} never left the login page`);
  await form.locator('[type="submit"]').first().click();
  return left;
}

/** The checks that read the rendered page: overflow, labels, alt text, contrast. */
async function pageFindings(page: Page, skipped: Set<PageCheck>): Promise<string[]> {
  const found = await page.evaluate((minContrast) => {
    const out: Array<[string, string]> = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
        .slice(0, 3)
        .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""));
      out.push(["overflow", `horizontal overflow: ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window (${wide.join(", ")})`]);
    }

    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
    };
    for (const el of document.querySelectorAll("input, select, textarea")) {
      const input = el as HTMLInputElement;
      if (["hidden", "submit", "button", "reset", "image"].includes(input.type) || !visible(el)) continue;
      const labelled =
        (input.labels && input.labels.length > 0) ||
        el.getAttribute("aria-label")?.trim() ||
        (el.getAttribute("aria-labelledby") ?? "").split(/\s+/).some((id) => id && document.getElementById(id)?.textContent?.trim()) ||
        el.getAttribute("title")?.trim();
      if (!labelled) out.push(["labels", `form control without a label: <${el.tagName.toLowerCase()} name="${input.name}" id="${input.id}">`]);
    }
    for (const img of document.querySelectorAll("img")) {
      if (!img.hasAttribute("alt")) out.push(["alt", `image without alt text: ${img.getAttribute("src")}`]);
    }

    // Contrast (WCAG relative luminance) of text against the nearest opaque background behind it.
    const rgb = (value: string): [number, number, number, number] | null => {
      const m = /rgba?\(([^)]+)\)/.exec(value);
      if (!m) return null;
      const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
    };
    const background = (el: Element | null): [number, number, number] => {
      for (let node = el; node; node = node.parentElement) {
        const c = rgb(getComputedStyle(node).backgroundColor);
        if (c && c[3] >= 0.99) return [c[0], c[1], c[2]];
        if (getComputedStyle(node).backgroundImage !== "none") return [-1, -1, -1];
      }
      return [255, 255, 255];
    };
    const texts = [document.body, ...document.querySelectorAll("main p, main li, article p, p")].filter(
      (el, i, all) => all.indexOf(el) === i && visible(el) && (el.textContent ?? "").trim().length > 0,
    );
    for (const el of texts.slice(0, 60)) {
      const fg = rgb(getComputedStyle(el).color);
      const bg = background(el);
      if (!fg || bg[0] < 0) continue;
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      if (ratio < minContrast) {
        const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
        out.push(["contrast", `text contrast ${ratio.toFixed(2)}:1 < ${minContrast}:1 on <${el.tagName.toLowerCase()}> "${text}"`]);
      }
    }
    return out;
  }, MIN_CONTRAST);
  return found.filter(([check]) => !skipped.has(check as PageCheck)).map(([, message]) => message);
}

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type OptionValue, type When, matchesWhen } from "../../src/core/manifest.js";

/**
 * `templates/<id>/check.json`: what the end-to-end suite and the serving bench need to know
 * about one template (its commands, paths and documented limits). The CLI never reads it;
 * the probes' logic lives in the suite, so a new template needs only this file.
 */
export interface CheckSpec {
  services: Array<{ name: ServiceName; when?: When }>;
  verify: string[][];
  prepare: string[][];
  /** The development server, for runs without a production proof. */
  serve: string[];
  health: string;
  production?: ProductionSpec;
  api?: ApiSpec;
  schemathesis?: SchemathesisSpec;
  websocket?: WebSocketSpec;
  /** Pages the browser layer opens on the production server (tests/e2e/probes/pages.ts). */
  pages?: PageSpec[];
  /** How the browser layer signs in for a page with `"as": "user"`: a login form and its fields. */
  pagesSignIn?: PagesSignIn;
  /** Two people chatting through the page, one on each server process (tests/e2e/probes/conversation.ts). */
  conversation?: ConversationSpec;
}

export interface PagesSignIn {
  /** The login page; its form is filled and submitted like a visitor would. */
  path: string;
  /** Input `name` → value, with the identity placeholders (`{user}`, `{password}`). */
  fields: Record<string, string>;
}

/** The browser checks a page may leave out, each with its reason. */
export type PageCheck = "console" | "requests" | "overflow" | "labels" | "alt" | "contrast";
export const PAGE_CHECKS: PageCheck[] = ["console", "requests", "overflow", "labels", "alt", "contrast"];

export interface PageSpec {
  /** Names the screenshots: `.e2e-screenshots/<template>/<name>-<light|dark>.png`. */
  name: string;
  path: string;
  /** A CSS selector that appears once the page has rendered (for pages drawn by script). */
  waitFor?: string;
  skip?: Array<{ check: PageCheck; reason: string }>;
  /** Open the page signed in (check.json `pagesSignIn`) as the production proof's user. */
  as?: "user";
}


/**
 * CSS selectors of a chat page, for two people chatting in Chromium (with `websocket`: the
 * production proof's two server processes). The steps are the probe's; the page's parts are here.
 */
export interface ConversationSpec {
  path: string;
  /** Fields and the button that create an account and sign in at once. */
  register: { username: string; password: string; submit: string };
  /** Appears once signed in. */
  signedIn: string;
  createRoom: { name: string; submit: string };
  /** A room in the list (the probe picks the one whose text is the room's name). */
  roomButton: string;
  /** Shows the open room's name. */
  roomTitle: string;
  presence: string;
  typing: string;
  messages: string;
  compose: { input: string; submit: string };
  /** Names the screenshot: `.e2e-screenshots/<template>/<screenshot>-light.png`. */
  screenshot?: string;
}

/**
 * A WebSocket the production proof drives from two server processes: a client on each, and
 * what one sends must reach the other (`{run}`, `{uuid}` and saved values are filled in).
 */
export interface WebSocketSpec {
  /** Requests (as the user) run first, e.g. creating a room; `save` their ids. */
  setup: RequestSpec[];
  /** A POST, signed in as the user, whose JSON answer holds the handshake credential at `pointer`. */
  ticket: { path: string; pointer: string };
  /** The handshake path, with `{ticket}`. */
  url: string;
  /** Frames a client sends once connected, and the event `type` that says they took effect. */
  subscribe: unknown[];
  subscribed: string;
  /** The frame one client sends, and the event the client on the other process must receive. */
  send: unknown;
  expect: { type: string; pointer: string; equals: string };
  /** The close code for a ticket presented a second time. */
  reusedTicketClose: number;
}

export type ServiceName = "postgres" | "redis";

/** How the project's Dockerfile runs it; `{workers}`, `{port}`, `{secret}` and the identities are filled in. */
export interface ProductionSpec {
  when?: When;
  services: ServiceName[];
  serve: string[];
  env: Record<string, string>;
  /** Commands run in the project before the server starts (after `prepare`). */
  setup: string[][];
  ready?: string;
  openapi?: string;
  /** The main list endpoint, for the serving bench. */
  list?: string;
  listAs?: Identity;
  /** A request the serving bench repeats to put rows behind `list` (`{i}` is its index). */
  seed?: RequestSpec;
}

export type Identity = "anonymous" | "user" | "admin";

export interface RequestSpec {
  method: string;
  path: string;
  as: Identity;
  body?: unknown;
  /** Saves values from the JSON answer into variables: name → JSON pointer. */
  save?: Record<string, string>;
}

export interface ApiSpec {
  unknownRoute: string;
  jsonPost: string;
  auth?: AuthSpec;
  hostile?: {
    setup: RequestSpec[];
    /** GET (or `method`) paths with `{id}`, `{page}` or `{text}` in them. */
    paths: Array<{ path: string; as: Identity; method?: string; html?: boolean }>;
    /** A valid body per endpoint; the suite derives the hostile variants from it. */
    bodies: RequestSpec[];
  };
  races: RaceSpec[];
}

export interface AuthSpec {
  scheme: string;
  register?: { path: string; body: unknown };
  login: { path: string; body: unknown; accessToken: string; refreshToken?: string };
  refresh?: { path: string; send: "body" | "bearer"; field?: string; refreshToken: string };
  logoutAll?: { path: string };
  /** An admin is made by `production.setup` (`{adminEmail}`) rather than by registering. */
  admin?: boolean;
  /** The documented login limit: `attempts` wrong passwords per `windowSeconds`, answered with `rejected`. */
  limit?: { attempts: number; windowSeconds: number; rejected: number[] };
}

export interface RaceSpec {
  name: string;
  setup?: RequestSpec[];
  request: RequestSpec;
  /** 1: exactly one request wins; "all": every one does; "some": at least one. */
  winners: 1 | "all" | "some";
  win: number[];
  lose?: number[];
  /** The winners' values at this JSON pointer must all differ. */
  distinct?: string;
  verify?: Array<RequestSpec & { pointer: string; equals: string | number }>;
  concurrency?: number;
}

export interface SchemathesisSpec {
  maxExamples: number;
  /** Checks left out for this template, each with the reason: `{ "check": "...", "reason": "..." }`. */
  exclude?: Array<{ check: string; reason: string }>;
  /** Operations left out (by OpenAPI operationId), each with the reason. */
  skipOperations?: Array<{ operationId: string; reason: string }>;
  args?: string[];
}

export function checkFile(templatesDir: string, id: string): string {
  return path.join(templatesDir, id, "check.json");
}

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

function commands(where: string, value: unknown): string[][] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((c) => Array.isArray(c) && c.length > 0 && c.every((p) => typeof p === "string"))) {
    fail(where, "must be a list of commands (non-empty lists of strings)");
  }
  return value as string[][];
}

function startsWithSlash(where: string, value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) fail(where, "must be a path starting with /");
  return value;
}

/** Loads and checks a template's check.json; undefined when the template has none. */
export async function loadCheck(templatesDir: string, id: string): Promise<CheckSpec | undefined> {
  const file = checkFile(templatesDir, id);
  if (!existsSync(file)) return undefined;
  const where = `templates/${id}/check.json`;
  const raw = JSON.parse(await readFile(file, "utf8")) as Record<string, any>;
  const serve = commands(`${where} serve`, [raw.serve])[0]!;
  const services = (raw.services ?? []) as CheckSpec["services"];
  for (const s of services) if (s.name !== "postgres" && s.name !== "redis") fail(where, `unknown service ${JSON.stringify(s.name)}`);
  const spec: CheckSpec = {
    services,
    verify: commands(`${where} verify`, raw.verify),
    prepare: commands(`${where} prepare`, raw.prepare),
    serve,
    health: startsWithSlash(`${where} health`, raw.health),
  };
  if (raw.production) {
    const p = raw.production;
    spec.production = {
      when: p.when,
      services: p.services ?? [],
      serve: commands(`${where} production.serve`, [p.serve])[0]!,
      env: p.env ?? {},
      setup: commands(`${where} production.setup`, p.setup),
      ready: p.ready === undefined ? undefined : startsWithSlash(`${where} production.ready`, p.ready),
      openapi: p.openapi === undefined ? undefined : startsWithSlash(`${where} production.openapi`, p.openapi),
      list: p.list === undefined ? undefined : startsWithSlash(`${where} production.list`, p.list),
      listAs: p.listAs ?? "anonymous",
      seed: p.seed,
    };
    if (!spec.production.serve.some((part) => part.includes("{workers}"))) fail(`${where} production.serve`, "must take {workers}");
  }
  if (raw.api) {
    const a = raw.api;
    spec.api = {
      unknownRoute: startsWithSlash(`${where} api.unknownRoute`, a.unknownRoute),
      jsonPost: startsWithSlash(`${where} api.jsonPost`, a.jsonPost),
      auth: a.auth,
      hostile: a.hostile ? { setup: a.hostile.setup ?? [], paths: a.hostile.paths ?? [], bodies: a.hostile.bodies ?? [] } : undefined,
      races: a.races ?? [],
    };
    for (const race of spec.api.races) {
      if (![1, "all", "some"].includes(race.winners)) fail(`${where} race "${race.name}"`, `winners must be 1, "all" or "some"`);
    }
  }
  if (raw.schemathesis) {
    const s = raw.schemathesis;
    if (typeof s.maxExamples !== "number" || s.maxExamples < 1) fail(`${where} schemathesis.maxExamples`, "must be a positive number");
    for (const e of s.exclude ?? []) if (!e.check || !e.reason) fail(`${where} schemathesis.exclude`, "each entry needs a check and a reason");
    for (const o of s.skipOperations ?? []) if (!o.operationId || !o.reason) fail(`${where} schemathesis.skipOperations`, "each entry needs an operationId and a reason");
    spec.schemathesis = { maxExamples: s.maxExamples, exclude: s.exclude ?? [], skipOperations: s.skipOperations ?? [], args: s.args ?? [] };
  }
  if (raw.pages !== undefined) {
    if (!Array.isArray(raw.pages)) fail(`${where} pages`, "must be a list");
    const names = new Set<string>();
    spec.pages = (raw.pages as Array<Record<string, any>>).map((page, i) => {
      const at = `${where} pages[${i}]`;
      if (typeof page.name !== "string" || !/^[a-z0-9-]+$/.test(page.name)) fail(`${at}.name`, "must be lower-case letters, digits and dashes");
      if (names.has(page.name)) fail(`${at}.name`, `${page.name} is used twice`);
      names.add(page.name);
      for (const s of page.skip ?? []) {
        if (!PAGE_CHECKS.includes(s.check) || !s.reason) fail(`${at}.skip`, `each entry needs a check (${PAGE_CHECKS.join(", ")}) and a reason`);
      }
      if (page.as !== undefined && page.as !== "user") fail(`${at}.as`, `must be "user"`);
      if (page.as && !raw.pagesSignIn) fail(`${at}.as`, "needs pagesSignIn to say how to sign in");
      return { name: page.name, path: startsWithSlash(`${at}.path`, page.path), waitFor: page.waitFor, skip: page.skip ?? [], as: page.as };
    });
  }
  if (raw.pagesSignIn !== undefined) {
    const s = raw.pagesSignIn;
    if (!s.fields || typeof s.fields !== "object" || Object.keys(s.fields).length === 0) fail(`${where} pagesSignIn.fields`, "must name the form's inputs");
    spec.pagesSignIn = { path: startsWithSlash(`${where} pagesSignIn.path`, s.path), fields: s.fields };
  }
  if (raw.conversation) {
    const c = raw.conversation;
    if (!raw.websocket) fail(`${where} conversation`, "needs a websocket block: it runs on that probe's two server processes");
    const selectors: Array<[string, unknown]> = [
      ["register.username", c.register?.username], ["register.password", c.register?.password], ["register.submit", c.register?.submit],
      ["signedIn", c.signedIn], ["createRoom.name", c.createRoom?.name], ["createRoom.submit", c.createRoom?.submit],
      ["roomButton", c.roomButton], ["roomTitle", c.roomTitle], ["presence", c.presence], ["typing", c.typing],
      ["messages", c.messages], ["compose.input", c.compose?.input], ["compose.submit", c.compose?.submit],
    ];
    for (const [name, value] of selectors) if (typeof value !== "string" || !value) fail(`${where} conversation.${name}`, "must be a CSS selector");
    if (c.screenshot !== undefined && !/^[a-z0-9-]+$/.test(c.screenshot)) fail(`${where} conversation.screenshot`, "must be lower-case letters, digits and dashes");
    spec.conversation = { ...c, path: startsWithSlash(`${where} conversation.path`, c.path) } as ConversationSpec;
  }
  if (raw.websocket) {
    const w = raw.websocket;
    if (!w.ticket?.path || !w.ticket?.pointer) fail(`${where} websocket.ticket`, "needs a path and a pointer");
    if (typeof w.url !== "string" || !w.url.includes("{ticket}")) fail(`${where} websocket.url`, "must take {ticket}");
    if (!w.expect?.type || !w.expect?.pointer || w.expect?.equals === undefined) fail(`${where} websocket.expect`, "needs a type, a pointer and equals");
    if (typeof w.reusedTicketClose !== "number") fail(`${where} websocket.reusedTicketClose`, "must be a close code");
    spec.websocket = {
      setup: w.setup ?? [],
      ticket: w.ticket,
      url: startsWithSlash(`${where} websocket.url`, w.url),
      subscribe: w.subscribe ?? [],
      subscribed: w.subscribed,
      send: w.send,
      expect: w.expect,
      reusedTicketClose: w.reusedTicketClose,
    };
  }
  return spec;
}

export function servicesFor(check: CheckSpec, options: Record<string, OptionValue>): ServiceName[] {
  return check.services.filter((s) => matchesWhen(s.when, options)).map((s) => s.name);
}

/** Whether this run is the template's production proof (its PostgreSQL run). */
export function isProductionRun(check: CheckSpec, options: Record<string, OptionValue>, services: ServiceName[]): boolean {
  return Boolean(check.production && matchesWhen(check.production.when, options) && services.includes("postgres"));
}

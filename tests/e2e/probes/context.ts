import { randomBytes } from "node:crypto";
import type { ApiSpec, AuthSpec, CheckSpec, Identity, RequestSpec } from "../../helpers/e2eCheck.js";
import { type Answer, Connection, describeAnswer, pointer } from "../../helpers/e2eHttp.js";
import { fillValues } from "../../helpers/e2eProject.js";

/** What every probe needs: the served app, its check.json, the identities and what setup saved. */
export interface ProbeContext {
  base: string;
  check: CheckSpec;
  api: ApiSpec;
  auth?: AuthSpec;
  /** Placeholder values: identities (`{email}`, `{user}`, `{adminEmail}`, …), `{password}`, `{secret}`. */
  values: Record<string, string>;
  /** Values saved from answers (`save`), kept with their JSON type. */
  saved: Record<string, unknown>;
  tokens: Partial<Record<Identity, string>>;
  /** Empties the app's Redis database between probe kinds, so one probe's attempts do not throttle the next. */
  resetLimits: () => Promise<void>;
}

export function identities(): Record<string, string> {
  const tag = randomBytes(4).toString("hex");
  return {
    user: `e2e_user_${tag}`,
    email: `e2e-user-${tag}@example.com`,
    admin: `e2e_admin_${tag}`,
    adminEmail: `e2e-admin-${tag}@example.com`,
    limitUser: `e2e_limit_${tag}`,
    limitEmail: `e2e-limit-${tag}@example.com`,
    password: `Pw-${randomBytes(9).toString("base64url")}-e2e`,
    secret: randomBytes(48).toString("base64url"),
  };
}

let counter = 0;
export function unique(): string {
  return `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;
}

/** Fills placeholders in every string of a JSON value; a string that is exactly `{saved}` takes the saved value's type. */
export function fillJson(value: unknown, values: Record<string, string>, saved: Record<string, unknown> = {}): unknown {
  if (typeof value === "string") {
    const whole = /^\{([a-zA-Z]+)\}$/.exec(value);
    if (whole && whole[1]! in saved) return saved[whole[1]!];
    return fillValues(value, { ...stringify(saved), ...values });
  }
  if (Array.isArray(value)) return value.map((v) => fillJson(v, values, saved));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, values, saved)]));
  }
  return value;
}

function stringify(saved: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, String(v)]));
}

export function fillPath(path: string, ctx: ProbeContext, extra: Record<string, string> = {}): string {
  return fillValues(path, { ...stringify(ctx.saved), ...ctx.values, ...extra });
}

/** The values a login body sees for an identity: `{email}`/`{user}` become that identity's. */
export function valuesAs(ctx: ProbeContext, who: "user" | "admin" | "limit"): Record<string, string> {
  const v = ctx.values;
  if (who === "admin") return { ...v, email: v.adminEmail!, user: v.admin! };
  if (who === "limit") return { ...v, email: v.limitEmail!, user: v.limitUser! };
  return v;
}

/**
 * Waits out a 429 once: its Retry-After, or else the documented window. Only reached when a
 * limit outlives the suite's Redis reset (state kept elsewhere); the limit probe reports that.
 */
export async function waitOutLimit(answer: Answer, windowSeconds: number): Promise<boolean> {
  if (answer.status !== 429) return false;
  const retryAfter = Number(answer.headers["retry-after"]);
  const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : windowSeconds;
  if (wait > 310) return false;
  await new Promise((r) => setTimeout(r, (wait + 1) * 1000));
  return true;
}

/** Logs an identity in; a 429 left over from an earlier probe is waited out once (its Retry-After). */
export async function login(ctx: ProbeContext, who: "user" | "admin" | "limit"): Promise<{ access: string; refresh?: string }> {
  const auth = ctx.auth!;
  const conn = new Connection(ctx.base, auth.scheme);
  try {
    const body = fillJson(auth.login.body, valuesAs(ctx, who));
    let answer = await conn.send("POST", auth.login.path, { body });
    if (await waitOutLimit(answer, auth.limit?.windowSeconds ?? 60)) answer = await conn.send("POST", auth.login.path, { body });
    if (answer.status !== 200) throw new Error(`login as ${who}: POST ${auth.login.path} → ${describeAnswer(answer)}`);
    const access = pointer(answer.json, auth.login.accessToken);
    if (typeof access !== "string") throw new Error(`login as ${who}: no access token at ${auth.login.accessToken}: ${answer.text.slice(0, 200)}`);
    const refresh = auth.login.refreshToken ? pointer(answer.json, auth.login.refreshToken) : undefined;
    return { access, refresh: typeof refresh === "string" ? refresh : undefined };
  } finally {
    conn.close();
  }
}

/** Registers the identity through the API when the template has a register endpoint. */
export async function register(ctx: ProbeContext, who: "user" | "limit"): Promise<void> {
  const auth = ctx.auth;
  if (!auth?.register) return;
  const conn = new Connection(ctx.base);
  try {
    const answer = await conn.send("POST", auth.register.path, { body: fillJson(auth.register.body, valuesAs(ctx, who)) });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`register ${who}: POST ${auth.register.path} → ${describeAnswer(answer)}`);
  } finally {
    conn.close();
  }
}

/** Fresh access tokens for user (and admin), after a probe kind reset the limits (and maybe the sessions). */
export async function signIn(ctx: ProbeContext): Promise<void> {
  if (!ctx.auth) return;
  ctx.tokens.user = (await login(ctx, "user")).access;
  if (ctx.auth.admin || ctx.values.adminCreated) ctx.tokens.admin = (await login(ctx, "admin")).access;
}

/** Sends a check.json request as its identity; `save` stores values from a 2xx answer. */
export async function sendSpec(ctx: ProbeContext, conn: Connection, spec: RequestSpec, extra: Record<string, string> = {}): Promise<Answer> {
  const token = spec.as === "anonymous" ? undefined : ctx.tokens[spec.as];
  if (spec.as !== "anonymous" && !token) throw new Error(`${spec.method} ${spec.path} needs a signed-in ${spec.as}`);
  const values = { ...ctx.values, ...extra };
  const answer = await conn.send(spec.method, fillPath(spec.path, ctx, extra), {
    body: spec.body === undefined ? undefined : fillJson(spec.body, values, ctx.saved),
    token,
  });
  if (spec.save) {
    if (answer.status >= 300) throw new Error(`setup ${spec.method} ${spec.path} → ${describeAnswer(answer)}`);
    for (const [name, at] of Object.entries(spec.save)) ctx.saved[name] = pointer(answer.json, at);
  }
  return answer;
}

/** The error shape the app uses: the sorted top-level keys of its 404 for an unknown route. */
export async function errorShape(ctx: ProbeContext): Promise<string> {
  const conn = new Connection(ctx.base);
  try {
    const answer = await conn.send("GET", ctx.api.unknownRoute);
    if (answer.status !== 404 || !answer.json) throw new Error(`unknown route ${ctx.api.unknownRoute} → ${describeAnswer(answer)}`);
    return shapeOf(answer.json);
  } finally {
    conn.close();
  }
}

export function shapeOf(json: unknown): string {
  return json && typeof json === "object" && !Array.isArray(json) ? Object.keys(json).sort().join(",") : typeof json;
}

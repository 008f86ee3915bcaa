import { type Answer, Connection, describeAnswer } from "../../helpers/e2eHttp.js";
import { fillJson, fillPath, type ProbeContext, sendSpec, shapeOf, unique } from "./context.js";

/**
 * Hostile input to every endpoint check.json names: numbers beyond int32/int64 in paths and
 * pages, NUL bytes and invalid UTF-8 in paths, queries and JSON, nulls, 100k strings, deep
 * nesting, arrays for objects. Every answer must be below 500, an error must be JSON in the
 * app's one shape, and the keep-alive connection must survive it. Returns every failure.
 */
export async function hostileProbe(ctx: ProbeContext, shape: string): Promise<string[]> {
  const hostile = ctx.api.hostile;
  if (!hostile) return ["check.json has no api.hostile: every API template needs its hostile targets"];
  const failures: string[] = [];
  const conn = new Connection(ctx.base, ctx.auth?.scheme);
  try {
    for (const spec of hostile.setup) await sendSpec(ctx, conn, { ...spec, body: spec.body }, { run: unique(), unique: unique() });
    const keepsAlive = await serverKeepsAlive(ctx);

    const judge = async (label: string, answer: Answer, opts: { need4xx: boolean; html?: boolean }) => {
      const problems: string[] = [];
      if (answer.status >= 500) problems.push("server error");
      else if (opts.need4xx && (answer.status < 400 || answer.status >= 500)) problems.push("expected a 4xx");
      if (answer.status >= 400 && !opts.html) {
        if (!/json/.test(String(answer.headers["content-type"]))) problems.push(`error is not JSON (${answer.headers["content-type"]})`);
        else if (shapeOf(answer.json) !== shape) problems.push(`error shape {${shapeOf(answer.json)}} is not the app's {${shape}}`);
      }
      const after = await conn.send("GET", ctx.check.health).catch((e: Error) => e);
      if (after instanceof Error) problems.push(`the next request on the connection failed: ${after.message}`);
      else if (after.status !== 200) problems.push(`the next request got ${after.status}`);
      else if (keepsAlive && after.connection !== answer.connection) problems.push("the connection was dropped");
      if (problems.length) failures.push(`${label} → ${describeAnswer(answer)} [${problems.join("; ")}]`);
    };

    for (const target of hostile.paths) {
      const method = target.method ?? "GET";
      const token = target.as === "anonymous" ? undefined : ctx.tokens[target.as];
      const variants: Array<[string, boolean]> = [];
      if (target.path.includes("{id}")) {
        for (const id of ["2147483648", "9223372036854775808", "99999999999999999999999999", "-9223372036854775809", "1%00", "%00"]) variants.push([fillPath(target.path, ctx, { id }), true]);
      }
      if (target.path.includes("{page}")) {
        for (const page of ["2147483648", "-9223372036854775809"]) variants.push([fillPath(target.path, ctx, { page }), false]);
        for (const page of ["9223372036854775808", "99999999999999999999999999"]) variants.push([fillPath(target.path, ctx, { page }), !/size|limit/.test(target.path)]);
        variants.push([fillPath(target.path, ctx, { page: "1%00" }), true]);
      }
      if (target.path.includes("{text}")) {
        for (const text of ["%00", "a%00b"]) variants.push([fillPath(target.path, ctx, { text }), true]);
        variants.push([fillPath(target.path, ctx, { text: "%FF%FE%C3%28" }), false]);
      }
      for (const [path, need4xx] of variants) {
        const answer = await conn.send(method, path, { token }).catch((e: Error) => e);
        if (answer instanceof Error) failures.push(`${method} ${path} → no answer: ${answer.message}`);
        else await judge(`${method} ${path}`, answer, { need4xx, html: target.html });
      }
    }

    for (const spec of hostile.bodies) {
      const token = spec.as === "anonymous" ? undefined : ctx.tokens[spec.as];
      const path = fillPath(spec.path, ctx);
      const valid = () => fillJson(spec.body, { ...ctx.values, unique: unique(), run: unique() }, ctx.saved) as Record<string, unknown>;
      for (const variant of bodyVariants(valid)) {
        const label = `${spec.method} ${path} with ${variant.label}`;
        const answer = await conn.send(spec.method, path, { token, ...variant.send }).catch((e: Error) => e);
        if (answer instanceof Error) failures.push(`${label} → no answer: ${answer.message}`);
        else await judge(label, answer, { need4xx: variant.need4xx });
      }
    }
  } finally {
    conn.close();
  }
  return failures;
}

/** Whether the server keeps a connection open after an ordinary 404 (gunicorn's sync workers never do). */
async function serverKeepsAlive(ctx: ProbeContext): Promise<boolean> {
  const conn = new Connection(ctx.base);
  try {
    const first = await conn.send("GET", ctx.api.unknownRoute);
    const second = await conn.send("GET", ctx.check.health);
    return first.connection === second.connection;
  } finally {
    conn.close();
  }
}

interface Variant {
  label: string;
  send: { body?: unknown; raw?: Buffer | string };
  need4xx: boolean;
}

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** The hostile versions of one valid body, each built from a fresh copy. */
export function bodyVariants(valid: () => Record<string, unknown>): Variant[] {
  const sample = valid();
  const variants: Variant[] = [];
  const withField = (field: string, value: unknown) => ({ ...valid(), [field]: value });
  // JSON that JSON.stringify cannot write (huge numbers, lone surrogates, invalid UTF-8) goes in through a marker.
  const rawWith = (field: string, raw: Buffer | string) => {
    const text = Buffer.from(JSON.stringify(withField(field, "\u0001MARK\u0001")));
    const marker = Buffer.from(JSON.stringify("\u0001MARK\u0001"));
    const at = text.indexOf(marker);
    return Buffer.concat([text.subarray(0, at), Buffer.from(raw), text.subarray(at + marker.length)]);
  };
  for (const [field, value] of Object.entries(sample)) {
    variants.push({ label: `${field}: null`, send: { body: withField(field, null) }, need4xx: false });
    variants.push({ label: `${field}: an object`, send: { body: withField(field, { nested: { value } }) }, need4xx: false });
    variants.push({ label: `${field}: a list`, send: { body: withField(field, [value, value]) }, need4xx: false });
    variants.push({ label: `${field}: 10,000 nested lists`, send: { raw: rawWith(field, nested(10_000)) }, need4xx: true });
    if (typeof value === "string") {
      variants.push({ label: `${field} with a NUL byte`, send: { body: withField(field, `${value}\u0000x`) }, need4xx: true });
      variants.push({ label: `${field}: 100,000 characters`, send: { body: withField(field, "x".repeat(100_000)) }, need4xx: false });
      variants.push({ label: `${field}: a lone surrogate`, send: { raw: rawWith(field, '"\\ud800"') }, need4xx: false });
      variants.push({ label: `${field} as invalid UTF-8`, send: { raw: rawWith(field, Buffer.from([0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22])) }, need4xx: true });
      if (/^-?\d+(\.\d+)?$/.test(value)) {
        for (const big of ["99999999999999999999.99", "1e400", "NaN", "-1e20"]) variants.push({ label: `${field}: "${big}"`, send: { body: withField(field, big) }, need4xx: false });
      }
    }
    if (typeof value === "number") {
      for (const big of ["2147483648", "9223372036854775808", "-9223372036854775809", "1e20", "1e400"]) {
        variants.push({ label: `${field}: ${big}`, send: { raw: rawWith(field, big) }, need4xx: false });
      }
    }
  }
  variants.push({ label: "the body as a list", send: { body: [sample] }, need4xx: true });
  variants.push({ label: "a string for the body", send: { body: "hello" }, need4xx: true });
  variants.push({ label: "10,000 nested lists for the body", send: { raw: nested(10_000) }, need4xx: true });
  variants.push({ label: "every field null", send: { body: Object.fromEntries(Object.keys(sample).map((k) => [k, null])) }, need4xx: true });
  variants.push({ label: "a NUL byte in a key", send: { body: { ...sample, "a\u0000b": 1 } }, need4xx: false });
  return variants;
}

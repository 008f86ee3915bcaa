import type { RaceSpec } from "../../helpers/e2eCheck.js";
import { type Answer, Connection, describeAnswer, pointer } from "../../helpers/e2eHttp.js";
import { fillJson, fillPath, login, type ProbeContext, sendSpec, unique } from "./context.js";

const CONCURRENCY = 8;

/** Opens `count` connections and warms each one, so the requests that follow leave together. */
async function warmConnections(ctx: ProbeContext, count: number): Promise<Connection[]> {
  const conns = Array.from({ length: count }, () => new Connection(ctx.base, ctx.auth?.scheme));
  await Promise.all(conns.map((c) => c.send("GET", ctx.check.health)));
  return conns;
}

function tally(answers: Answer[]): string {
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}×${s}`).join(", ");
}

/** One declared collision: `concurrency` identical writes at once; one (or every) winner, no 5xx, consistent end state. */
async function race(ctx: ProbeContext, spec: RaceSpec): Promise<string[]> {
  const failures: string[] = [];
  const run = unique();
  const setupConn = new Connection(ctx.base, ctx.auth?.scheme);
  try {
    for (const step of spec.setup ?? []) await sendSpec(ctx, setupConn, step, { run });
  } finally {
    setupConn.close();
  }
  const count = spec.concurrency ?? CONCURRENCY;
  const conns = await warmConnections(ctx, count);
  let answers: Answer[];
  try {
    answers = await Promise.all(conns.map((conn, i) => sendSpec(ctx, conn, spec.request, { run, i: String(i) })));
  } finally {
    for (const c of conns) c.close();
  }
  const label = `race "${spec.name}" (${count}× ${spec.request.method} ${fillPath(spec.request.path, ctx, { run })}): ${tally(answers)}`;
  const winners = answers.filter((a) => spec.win.includes(a.status));
  const others = answers.filter((a) => !spec.win.includes(a.status));
  const serverErrors = answers.filter((a) => a.status >= 500);
  if (serverErrors.length) failures.push(`${label}; server error: ${describeAnswer(serverErrors[0]!)}`);
  if (spec.winners === 1 && winners.length !== 1) failures.push(`${label}; expected exactly one winner`);
  if (spec.winners === "all" && winners.length !== count) failures.push(`${label}; expected every request to succeed: ${describeAnswer(others[0] ?? answers[0]!)}`);
  if (spec.winners === "some" && winners.length < 1) failures.push(`${label}; expected a winner`);
  const unexpected = others.filter((a) => a.status < 500 && !(spec.lose ?? []).includes(a.status));
  if (unexpected.length) failures.push(`${label}; a loser got ${describeAnswer(unexpected[0]!)} (expected ${(spec.lose ?? []).join("/") || "none"})`);
  if (spec.distinct) {
    const values = winners.map((a) => JSON.stringify(pointer(a.json, spec.distinct!)));
    if (new Set(values).size !== values.length) failures.push(`${label}; winners share ${spec.distinct}: ${values.join(", ")}`);
  }
  const conn = new Connection(ctx.base, ctx.auth?.scheme);
  try {
    for (const check of spec.verify ?? []) {
      const answer = await sendSpec(ctx, conn, check, { run, winners: String(winners.length) });
      const expected = typeof check.equals === "number" ? check.equals : Number(fillJson(check.equals, { winners: String(winners.length) }));
      const actual = pointer(answer.json, check.pointer);
      if (answer.status !== 200 || actual !== expected) {
        failures.push(`${label}; end state: ${check.method} ${fillPath(check.path, ctx, { run })} has ${check.pointer} = ${JSON.stringify(actual)}, expected ${expected} (${describeAnswer(answer)})`);
      }
    }
  } finally {
    conn.close();
  }
  return failures;
}

/**
 * One refresh token spent by several requests at once must mint exactly one new token (a grace
 * window may hand the same one to every tab), the rest 401; after logout-all, no token of the
 * family works. Repeated, because the losing interleavings are rare.
 */
async function refreshRace(ctx: ProbeContext, trials: number): Promise<string[]> {
  const auth = ctx.auth!;
  const refresh = auth.refresh!;
  const failures: string[] = [];
  const spend = (conn: Connection, token: string, access?: string) =>
    refresh.send === "bearer"
      ? conn.send("POST", refresh.path, { token })
      : conn.send("POST", refresh.path, { body: { [refresh.field ?? "refresh_token"]: token }, token: access });
  for (let trial = 0; trial < trials; trial++) {
    const { refresh: first } = await login(ctx, "user");
    if (!first) return [`login gives no refresh token at ${auth.login.refreshToken}`];
    // A second device: its session is not the one raced (reuse detection may revoke that one), and it signs out everywhere.
    const other = auth.logoutAll ? await login(ctx, "user") : undefined;
    const conns = await warmConnections(ctx, 4);
    let answers: Answer[];
    try {
      answers = await Promise.all(conns.map((c) => spend(c, first)));
    } finally {
      for (const c of conns) c.close();
    }
    const label = `refresh race trial ${trial + 1} (4× POST ${refresh.path} with one token): ${tally(answers)}`;
    const ok = answers.filter((a) => a.status === 200);
    const minted = new Set(ok.map((a) => pointer(a.json, refresh.refreshToken)).filter((t): t is string => typeof t === "string"));
    if (answers.some((a) => a.status >= 500)) failures.push(`${label}; server error: ${describeAnswer(answers.find((a) => a.status >= 500)!)}`);
    if (minted.size !== 1) failures.push(`${label}; ${minted.size} different new refresh tokens (expected exactly one)`);
    const rest = answers.filter((a) => a.status !== 200 && a.status < 500 && a.status !== 401);
    if (rest.length) failures.push(`${label}; a loser got ${describeAnswer(rest[0]!)} (expected 401)`);
    if (!auth.logoutAll || !other) continue;
    const conn = new Connection(ctx.base, auth.scheme);
    try {
      const out = await conn.send("POST", auth.logoutAll.path, { token: other.access });
      if (out.status >= 300) {
        failures.push(`logout-all after trial ${trial + 1}: POST ${auth.logoutAll.path} (signed in on another session) → ${describeAnswer(out)}`);
        continue;
      }
      for (const token of [first, ...minted, ...(other.refresh ? [other.refresh] : [])]) {
        const after = await spend(conn, token);
        if (after.status !== 401) failures.push(`after logout-all (trial ${trial + 1}), a refresh token still works: POST ${refresh.path} → ${describeAnswer(after)}`);
      }
    } finally {
      conn.close();
    }
  }
  return failures;
}

export async function racesProbe(ctx: ProbeContext): Promise<string[]> {
  const failures: string[] = [];
  for (const spec of ctx.api.races) failures.push(...(await race(ctx, spec)));
  if (ctx.auth?.refresh) failures.push(...(await refreshRace(ctx, ctx.auth.logoutAll ? 5 : 3)));
  return failures;
}

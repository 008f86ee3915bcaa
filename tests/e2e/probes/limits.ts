import { type Answer, Connection, describeAnswer } from "../../helpers/e2eHttp.js";
import { fillJson, type ProbeContext, valuesAs } from "./context.js";

const ATTEMPTS = 15;

/**
 * The documented login limit, against the multi-worker server: wrong passwords for one account,
 * all at once, each on its own connection (so they spread over the workers). Exactly `attempts`
 * get the ordinary rejection, every other one 429.
 */
export async function limitsProbe(ctx: ProbeContext): Promise<string[]> {
  const auth = ctx.auth;
  if (!auth?.limit) return ["check.json has no api.auth.limit: an API with a login must document its limit"];
  const { attempts, rejected } = auth.limit;
  const body = fillJson(auth.login.body, { ...valuesAs(ctx, "limit"), password: "wrong-password-e2e" }) as Record<string, unknown>;
  const conns = Array.from({ length: ATTEMPTS }, () => new Connection(ctx.base));
  let answers: Answer[];
  try {
    await Promise.all(conns.map((c) => c.send("GET", ctx.check.health)));
    answers = await Promise.all(conns.map((c) => c.send("POST", auth.login.path, { body })));
  } finally {
    for (const c of conns) c.close();
  }
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  const label = `${ATTEMPTS} concurrent wrong-password logins (POST ${auth.login.path}) for one account: ${[...counts].map(([s, n]) => `${n}×${s}`).join(", ")}`;
  const failures: string[] = [];
  const through = answers.filter((a) => rejected.includes(a.status)).length;
  const limited = answers.filter((a) => a.status === 429).length;
  if (answers.some((a) => a.status >= 500)) failures.push(`${label}; server error: ${describeAnswer(answers.find((a) => a.status >= 500)!)}`);
  if (through !== attempts || limited !== ATTEMPTS - attempts) failures.push(`${label}; the documented limit is ${attempts} per ${auth.limit.windowSeconds} s`);
  const odd = answers.find((a) => a.status < 500 && a.status !== 429 && !rejected.includes(a.status));
  if (odd) failures.push(`${label}; unexpected ${describeAnswer(odd)}`);
  return failures;
}

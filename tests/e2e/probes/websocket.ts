import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import type { WebSocketSpec } from "../../helpers/e2eCheck.js";
import { Connection, describeAnswer, pointer } from "../../helpers/e2eHttp.js";
import { fillJson, fillPath, type ProbeContext, sendSpec, unique } from "./context.js";

const WAIT_MS = 10_000;

/** A client that keeps every event it receives, so a wait can never miss one that came early. */
class Client {
  readonly events: unknown[] = [];
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.events.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.on("close", (code) => {
      this.closeCode = code;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The first event (from `from` on) matching `test`, or undefined once the socket closed or time ran out. */
  async next(test: (event: unknown) => boolean, from = 0): Promise<unknown> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.events.slice(from).find(test);
      if (found !== undefined || this.closeCode !== undefined || Date.now() >= deadline) return found;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

async function ticket(ctx: ProbeContext, base: string, spec: WebSocketSpec): Promise<string> {
  const conn = new Connection(base, ctx.auth?.scheme);
  try {
    const answer = await conn.send("POST", spec.ticket.path, { token: ctx.tokens.user });
    const value = pointer(answer.json, spec.ticket.pointer);
    if (typeof value !== "string") throw new Error(`POST ${spec.ticket.path} → ${describeAnswer(answer)}`);
    return value;
  } finally {
    conn.close();
  }
}

function open(base: string, path: string): Promise<Client> {
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}${path}`);
  const client = new Client(ws);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    ws.once("error", reject);
  });
}

const typeIs = (type: string) => (event: unknown) => (event as { type?: unknown })?.type === type;

/**
 * One client on each of two server processes (`bases`): what each sends must reach the other
 * through the app's shared broker, and a ticket works for one handshake only.
 */
export async function websocketProbe(ctx: ProbeContext, spec: WebSocketSpec, bases: [string, string]): Promise<string[]> {
  const failures: string[] = [];
  const run = unique();
  const setupConn = new Connection(bases[0], ctx.auth?.scheme);
  try {
    for (const step of spec.setup) await sendSpec(ctx, setupConn, step, { run });
  } finally {
    setupConn.close();
  }
  const clients: Client[] = [];
  try {
    const tickets: string[] = [];
    for (const base of bases) {
      const value = await ticket(ctx, base, spec);
      tickets.push(value);
      const client = await open(base, fillPath(spec.url, ctx, { ticket: encodeURIComponent(value) }));
      clients.push(client);
      for (const frame of spec.subscribe) client.ws.send(JSON.stringify(fillJson(frame, { ...ctx.values, run }, ctx.saved)));
      if ((await client.next(typeIs(spec.subscribed))) === undefined) {
        failures.push(`${base}: no ${spec.subscribed} event after subscribing (close code ${client.closeCode ?? "none"})`);
      }
    }
    if (failures.length) return failures;
    for (const [from, to] of [[0, 1], [1, 0]] as const) {
      const values = { ...ctx.values, run, uuid: randomUUID() };
      const expected = fillJson(spec.expect.equals, values, ctx.saved);
      const mark = clients[to]!.events.length;
      clients[from]!.ws.send(JSON.stringify(fillJson(spec.send, values, ctx.saved)));
      const got = await clients[to]!.next(
        (event) => typeIs(spec.expect.type)(event) && pointer(event, spec.expect.pointer) === expected,
        mark,
      );
      if (got === undefined) {
        failures.push(`sent on process ${from + 1} (${bases[from]}), not received on process ${to + 1} (${bases[to]}) within ${WAIT_MS} ms: expected a ${spec.expect.type} event with ${spec.expect.pointer} = ${JSON.stringify(expected)}`);
      }
    }
    const reused = await open(bases[1], fillPath(spec.url, ctx, { ticket: encodeURIComponent(tickets[0]!) }));
    clients.push(reused);
    await reused.next(() => false);
    if (reused.closeCode !== spec.reusedTicketClose) {
      failures.push(`a ticket used twice: closed with ${reused.closeCode ?? "nothing"}, expected ${spec.reusedTicketClose}`);
    }
  } catch (error) {
    failures.push(`WebSocket probe: ${(error as Error).message}`);
  } finally {
    for (const client of clients) client.close();
  }
  return failures;
}

import http from "node:http";
import type { Socket } from "node:net";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
  /** Which connection carried it: the same number means the same TCP connection. */
  connection: number;
}

export interface SendOptions {
  body?: unknown;
  /** Sent byte for byte (invalid UTF-8, broken JSON); `contentType` defaults to JSON. */
  raw?: Buffer | string;
  contentType?: string;
  token?: string;
  scheme?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * One keep-alive connection to the server (maxSockets 1): every request goes over the same TCP
 * connection while the server keeps it open, so a probe can tell whether a request dropped it.
 */
export class Connection {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly ids = new WeakMap<Socket, number>();
  private sockets = 0;

  constructor(
    readonly base: string,
    readonly scheme = "Bearer",
  ) {}

  send(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
    const url = new URL(this.base);
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    let payload: Buffer | undefined;
    if (options.raw !== undefined) payload = Buffer.from(options.raw as string);
    else if (options.body !== undefined) payload = Buffer.from(JSON.stringify(options.body));
    if (payload) {
      headers["content-type"] = options.contentType ?? "application/json";
      headers["content-length"] = String(payload.length);
    }
    if (options.token) headers.authorization = `${options.scheme ?? this.scheme} ${options.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method, path, headers, agent: this.agent, timeout: options.timeoutMs ?? 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, connection: this.ids.get(req.socket!) ?? -1 });
          });
        },
      );
      req.on("socket", (socket: Socket) => {
        if (!this.ids.has(socket)) this.ids.set(socket, ++this.sockets);
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer in ${options.timeoutMs ?? 30_000} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function describeAnswer(answer: Answer): string {
  return `${answer.status} ${answer.text.replace(/\s+/g, " ").slice(0, 240)}`;
}

/** RFC 6901 pointer into parsed JSON. */
export function pointer(value: unknown, path: string): unknown {
  if (path === "" || path === "/") return value;
  return path
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), value);
}

import { Connection, describeAnswer } from "../../helpers/e2eHttp.js";
import { shapeOf } from "./context.js";

/** Errors the framework raises itself (routing, parsing, size) must still use the app's one JSON shape. */
export async function errorShapesProbe(base: string, api: { unknownRoute: string; jsonPost: string }): Promise<string[]> {
  const probes: Array<[string, string, { raw?: string; contentType?: string }, number[]]> = [
    ["unknown route", "GET " + api.unknownRoute, {}, [404]],
    ["malformed JSON", "POST " + api.jsonPost, { raw: '{"oops":' }, [400, 422]],
    ["wrong content type", "POST " + api.jsonPost, { raw: "hello", contentType: "text/plain" }, [400, 415, 422]],
    ["2 MiB body", "POST " + api.jsonPost, { raw: `{"email": "${"a".repeat(2 * 1024 * 1024)}"}` }, [413]],
  ];
  const failures: string[] = [];
  const shapes = new Set<string>();
  for (const [label, request, options, statuses] of probes) {
    const [method, path] = request.split(" ") as [string, string];
    // A fresh connection each: a server may rightly close one after refusing a 2 MiB body.
    const conn = new Connection(base);
    try {
      const answer = await conn.send(method, path, options);
      if (!statuses.includes(answer.status)) failures.push(`${label}: ${request} → ${describeAnswer(answer)} (expected ${statuses.join("/")})`);
      else if (!/json/.test(String(answer.headers["content-type"]))) failures.push(`${label}: ${request} → not JSON (${answer.headers["content-type"]})`);
      else shapes.add(shapeOf(answer.json));
    } catch (error) {
      failures.push(`${label}: ${request} → ${(error as Error).message}`);
    } finally {
      conn.close();
    }
  }
  if (shapes.size > 1) failures.push(`more than one error shape: ${[...shapes].map((s) => `{${s}}`).join(" ")}`);
  return failures;
}

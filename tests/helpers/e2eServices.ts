import { execa } from "execa";

/**
 * The services the e2e suite uses, and the only things it does to them: it creates and drops
 * `cbp_e2e_*` databases through the admin URL, and uses (and flushes) Redis databases 10-15.
 */
export const DATABASE_ADMIN_URL = process.env.CBP_E2E_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_BASE_URL = (process.env.CBP_E2E_REDIS_URL || "redis://127.0.0.1:6379").replace(/\/\d*$/, "");
const REDIS_DATABASES = [10, 11, 12, 13, 14, 15];

export async function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const result = await execa(file, args, { ...options, all: true, reject: false, stdin: "ignore" });
  return { exitCode: result.exitCode ?? -1, output: String(result.all ?? "") };
}

export async function requireServices(needs: Set<string>): Promise<void> {
  if (needs.has("postgres")) {
    const { exitCode, output } = await run("psql", [DATABASE_ADMIN_URL, "-tAc", "SELECT 1"]);
    if (exitCode !== 0) {
      throw new Error(`PostgreSQL is not reachable at ${DATABASE_ADMIN_URL} (set CBP_E2E_DATABASE_URL, see tests/e2e/README.md): ${output}`);
    }
  }
  if (needs.has("redis")) {
    const { output } = await run("redis-cli", ["-u", REDIS_BASE_URL, "ping"]);
    if (!output.includes("PONG")) {
      throw new Error(`Redis is not reachable at ${REDIS_BASE_URL} (set CBP_E2E_REDIS_URL, see tests/e2e/README.md): ${output}`);
    }
  }
}

/** A fresh `cbp_e2e_*` database; the URL the project gets and a drop that forces out its connections. */
export async function createDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cbp_e2e_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${process.pid}_${Date.now()}`;
  const created = await run("psql", [DATABASE_ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-c", `CREATE DATABASE ${name}`]);
  if (created.exitCode !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${created.output}`);
  const url = new URL(DATABASE_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await run("psql", [DATABASE_ADMIN_URL, "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    },
  };
}

let nextRedis = 0;

/** One of the suite's Redis databases, flushed before use; `flush` empties it again. */
export async function takeRedisDatabase(): Promise<{ url: string; flush: () => Promise<void> }> {
  const url = `${REDIS_BASE_URL}/${REDIS_DATABASES[nextRedis++ % REDIS_DATABASES.length]}`;
  const flush = async () => {
    const { exitCode, output } = await run("redis-cli", ["-u", url, "FLUSHDB"]);
    if (exitCode !== 0 || !output.includes("OK")) throw new Error(`FLUSHDB on ${url} failed: ${output}`);
  };
  await flush();
  return { url, flush };
}

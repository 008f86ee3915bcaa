import type { Manifest } from "../core/manifest.js";
import { isShim, tcpOpen, toolOutput, whichOnPath } from "../effects/probes.js";
import { atLeast, parseVersion, probePython, pythonCandidates, type PythonInterpreter } from "../effects/python.js";

export type CheckStatus = "ok" | "missing" | "wrong-version";

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  /** Whether the default flow (files, git, .venv, install) needs it. */
  required: boolean;
  detail?: string;
  /** One line that fixes it on this platform; set when the status is not ok. */
  fix?: string;
}

export interface PythonFound {
  command: string;
  /** Where the command is on PATH. */
  location?: string;
  /** The interpreter it runs, when it answered. */
  executable?: string;
  version?: string;
  shim: boolean;
  status: CheckStatus;
}

export interface TemplateReadiness {
  id: string;
  python: string;
  /** The files can always be written: only Node is needed. */
  generate: boolean;
  /** .venv, the install and the project's own tests: a Python at the template's minimum, or uv to fetch one. */
  setUpAndTest: boolean;
  detail: string;
}

export interface DoctorReport {
  ok: boolean;
  platform: NodeJS.Platform;
  checks: Check[];
  pythons: PythonFound[];
  templates: TemplateReadiness[];
}

export interface DoctorInput {
  templates: readonly Manifest[];
  platform: NodeJS.Platform;
  nodeVersion: string;
  /** The PATH the tools are looked up on. */
  searchPath: string;
  signal?: AbortSignal;
}

const MIN_NODE = 20;
/** The services the templates' production setups use, on their default ports. */
const SERVICES = [
  { id: "postgresql", title: "PostgreSQL", port: 5432, package: { linux: "postgresql", darwin: "postgresql@16", win32: "PostgreSQL.PostgreSQL" } },
  { id: "redis", title: "Redis", port: 6379, package: { linux: "redis-server", darwin: "redis", win32: "Redis.Redis" } },
  { id: "mosquitto", title: "Mosquitto (MQTT)", port: 1883, package: { linux: "mosquitto", darwin: "mosquitto", win32: "EclipseFoundation.Mosquitto" } },
] as const;

type Os = "linux" | "darwin" | "win32";
const osOf = (platform: NodeJS.Platform): Os => (platform === "darwin" || platform === "win32" ? platform : "linux");

function installFix(platform: NodeJS.Platform, packages: Record<Os, string>): string {
  const os = osOf(platform);
  if (os === "darwin") return `brew install ${packages.darwin}`;
  if (os === "win32") return `winget install ${packages.win32}`;
  return `sudo apt-get install -y ${packages.linux}`;
}

const UV_FIX: Record<Os, string> = {
  linux: "curl -LsSf https://astral.sh/uv/install.sh | sh",
  darwin: "brew install uv",
  win32: 'powershell -c "irm https://astral.sh/uv/install.ps1 | iex"',
};

/**
 * What works on this machine, with the probes create itself uses (the Python
 * search, the uv check): each tool ok, missing or too old with its one-line fix,
 * and which templates can be generated, set up and tested here.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const { platform, signal } = input;
  const os = osOf(platform);
  const minimum = input.templates.map((t) => t.python).sort((a, b) => (atLeast(parseVersion(a), parseVersion(b)) ? 1 : -1))[0] ?? "3.11";

  const probeCandidate = async ([command, args]: [string, string[]]): Promise<PythonFound> => {
    const location = await whichOnPath(command, input.searchPath, platform);
    const found: PythonInterpreter | undefined = location ? await probePython(command, args, signal) : undefined;
    const version = found?.version.join(".");
    return {
      command: [command, ...args].join(" "),
      ...(location ? { location } : {}),
      ...(found ? { executable: found.executable, version } : {}),
      shim: location ? isShim(location) : false,
      status: !found ? "missing" : atLeast(found.version, parseVersion(minimum)) ? "ok" : "wrong-version",
    };
  };

  // Independent probes run together; each is a process start-up or a connect.
  const [pythonsAll, git, name, email, uv, dockerClient, dockerEngine, services] = await Promise.all([
    Promise.all(pythonCandidates(platform).map(probeCandidate)),
    toolOutput("git", ["--version"], signal),
    toolOutput("git", ["config", "user.name"], signal),
    toolOutput("git", ["config", "user.email"], signal),
    toolOutput("uv", ["--version"], signal),
    toolOutput("docker", ["--version"], signal),
    toolOutput("docker", ["info", "--format", "{{.ServerVersion}}"], signal),
    Promise.all(SERVICES.map((s) => tcpOpen(s.port))),
  ]);
  const pythons = pythonsAll.filter((p) => p.location);
  const best = pythons.find((p) => p.status === "ok");
  const pip = best?.executable ? await toolOutput(best.executable, ["-m", "pip", "--version"], signal) : undefined;

  const nodeMajor = Number(/^v?(\d+)/.exec(input.nodeVersion)?.[1] ?? 0);
  const pythonFix = `${installFix(platform, { linux: `python${minimum} python${minimum}-venv`, darwin: `python@${minimum}`, win32: `Python.Python.${minimum}` })}, or install uv (${UV_FIX[os]}), which fetches one`;
  const oldest = pythons.find((p) => p.status === "wrong-version");
  const checks: Check[] = [
    {
      id: "node",
      title: "Node.js",
      required: true,
      status: nodeMajor >= MIN_NODE ? "ok" : "wrong-version",
      detail: input.nodeVersion,
      ...(nodeMajor >= MIN_NODE ? {} : { fix: `Install Node.js ${MIN_NODE} or newer (https://nodejs.org)` }),
    },
    git
      ? { id: "git", title: "git", required: true, status: "ok", detail: git.replace(/^git version /, "") }
      : { id: "git", title: "git", required: true, status: "missing", fix: installFix(platform, { linux: "git", darwin: "git", win32: "Git.Git" }) },
    name && email
      ? { id: "git-identity", title: "git identity", required: false, status: "ok", detail: `${name} <${email}>` }
      : {
          id: "git-identity",
          title: "git identity",
          required: false,
          status: "missing",
          detail: "without it the project's files are staged but not committed",
          fix: 'git config --global user.name "Your Name" && git config --global user.email you@example.com',
        },
    best || uv
      ? {
          id: "python",
          title: `Python ${minimum}+`,
          required: true,
          status: "ok",
          detail: best ? `${best.command} is ${best.version} (${best.executable})` : `none on PATH; uv fetches one`,
        }
      : {
          id: "python",
          title: `Python ${minimum}+`,
          required: true,
          status: oldest ? "wrong-version" : "missing",
          ...(oldest ? { detail: `${oldest.command} is ${oldest.version}` } : {}),
          fix: pythonFix,
        },
    uv
      ? { id: "uv", title: "uv", required: false, status: "ok", detail: uv.replace(/^uv /, "") }
      : { id: "uv", title: "uv", required: false, status: "missing", detail: "venvs then use python -m venv and pip", fix: UV_FIX[os] },
    pip
      ? { id: "pip", title: "pip", required: false, status: "ok", detail: pip.replace(/ from .*$/, "") }
      : {
          id: "pip",
          title: "pip",
          required: !uv && Boolean(best),
          status: "missing",
          fix: best ? `${best.executable} -m ensurepip --upgrade` : pythonFix,
        },
    dockerClient
      ? { id: "docker", title: "Docker client", required: false, status: "ok", detail: dockerClient.replace(/^Docker version /, "") }
      : { id: "docker", title: "Docker client", required: false, status: "missing", fix: installFix(platform, { linux: "docker.io", darwin: "--cask docker", win32: "Docker.DockerDesktop" }) },
    dockerEngine
      ? { id: "docker-engine", title: "Docker engine", required: false, status: "ok", detail: dockerEngine }
      : {
          id: "docker-engine",
          title: "Docker engine",
          required: false,
          status: "missing",
          fix: os === "linux" ? "sudo systemctl start docker (and add yourself to the docker group)" : "Start Docker Desktop",
        },
    ...SERVICES.map((service, i): Check =>
      services[i]
        ? { id: service.id, title: service.title, required: false, status: "ok", detail: `listening on 127.0.0.1:${service.port}` }
        : {
            id: service.id,
            title: service.title,
            required: false,
            status: "missing",
            detail: `nothing on 127.0.0.1:${service.port}`,
            fix: `${installFix(platform, service.package)}, or run it with Docker`,
          },
    ),
  ];

  const templates = input.templates.map((t): TemplateReadiness => {
    const fit = pythons.find((p) => p.version && atLeast(parseVersion(p.version), parseVersion(t.python)));
    const setUpAndTest = Boolean(fit || uv);
    return {
      id: t.id,
      python: t.python,
      generate: nodeMajor >= MIN_NODE,
      setUpAndTest,
      detail: fit ? `with ${fit.command} (${fit.version})` : uv ? `uv fetches Python ${t.python}` : `needs Python ${t.python}+ or uv`,
    };
  });

  return { ok: checks.every((c) => !c.required || c.status === "ok"), platform, checks, pythons, templates };
}

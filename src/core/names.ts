import path from "node:path";
import { UserError } from "../errors.js";
import { INVISIBLE } from "./answers.js";
import { PYTEST_NAMES, PYTHON_KEYWORDS, RESERVED_PACKAGE_NAMES, WINDOWS_RESERVED } from "./reservedNames.js";

export interface ProjectNames {
  /** Absolute path of the project folder. */
  target: string;
  /** Human name, e.g. "My Blog". */
  name: string;
  /** Distribution name, e.g. "my-blog". */
  slug: string;
  /** Python package name, e.g. "my_blog". */
  packageName: string;
}

const MAX_BASENAME = 100;
const MAX_PACKAGE = 50;
// Characters Windows forbids in names, and control characters: a project made on
// Linux must still clone on a classmate's Windows machine.
const FORBIDDEN = /[<>:"|?*\\\u0000-\u001f\u007f]/;

/** `My Blog`, `my-blog`, `MyBlog`, `café` → `my_blog`, `my_blog`, `my_blog`, `cafe`. */
export function toPackageName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * Words whose usual spelling is not plain title case: "fastapi-ecommerce" should read
 * "FastAPI E-commerce", not "Fastapi Ecommerce".
 */
const KNOWN_WORDS: ReadonlyMap<string, string> = new Map(
  [
    "API", "APIs", "REST", "CRUD", "JWT", "JWKS", "OAuth", "IoT", "MQTT", "HTTP", "URL", "JSON", "YAML", "SQL", "SQLite",
    "PostgreSQL", "MySQL", "MongoDB", "GraphQL", "FastAPI", "DRF", "ORM", "UI", "AI", "ML", "LLM", "CLI", "SDK", "CMS",
    "CI", "CD", "DB", "ID", "RSS", "SaaS", "GitHub", "GitLab", "WebSocket", "WebSockets", "E-commerce", "OpenAPI", "SMS",
  ].map((word) => [word.toLowerCase().replace(/-/g, ""), word]),
);

/** `my-blog` → `My Blog`, `flask-task-api` → `Flask Task API`; a name with spaces or capitals is kept as typed. */
export function toDisplayName(basename: string): string {
  if (/[A-Z ]/.test(basename)) return basename.trim();
  const words = basename.split(/[-_.]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    // "e-commerce" splits in two; join it back before looking it up.
    if (words[i] === "e" && words[i + 1] === "commerce") {
      out.push("E-commerce");
      i++;
      continue;
    }
    const word = words[i]!;
    out.push(KNOWN_WORDS.get(word) ?? word[0]!.toUpperCase() + word.slice(1));
  }
  return out.join(" ");
}

export function validateDirectory(directory: string): void {
  if (directory.trim() === "") throw new UserError("The project directory is empty.", "Pass a directory name, e.g. my-blog.");
  if (FORBIDDEN.test(directory)) {
    const hint = directory.includes("\\")
      ? "Use / to nest folders; \\ is not portable."
      : 'Use letters, digits, spaces, "-" and "_".';
    throw new UserError(`The directory ${JSON.stringify(directory)} has characters that are not allowed in a folder name.`, hint);
  }
  // A folder that displays as another name (reversed by a direction override, or with
  // a zero-width character inside) is a spoofing tool, never a typo worth keeping.
  const hidden = INVISIBLE.exec(directory);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new UserError(
      `The directory name contains an invisible or text-direction control character (U+${code}).`,
      'Type the name again using letters, digits, spaces, "-" and "_".',
    );
  }
}

/** `reserved` adds the template's own internal package names to the global list. */
export function deriveNames(
  cwd: string,
  directory: string,
  displayName?: string,
  reserved: readonly string[] = [],
): ProjectNames {
  validateDirectory(directory);
  const target = path.resolve(cwd, directory);
  const basename = path.basename(target);
  const segments = directory.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.at(-1) === "..") {
    throw new UserError(`The directory "${directory}" ends in "..".`, "Name the new project folder itself, e.g. ../my-blog.");
  }
  if (basename.length > MAX_BASENAME) {
    throw new UserError(`The directory name is ${basename.length} characters long; the limit is ${MAX_BASENAME}.`);
  }
  if (WINDOWS_RESERVED.has(basename.split(".")[0]!.toLowerCase())) {
    throw new UserError(`"${basename}" is a reserved device name on Windows and cannot be a folder name.`, "Choose another directory name.");
  }
  if (basename.startsWith("-")) {
    // `cd -x`, `rm -x`, `git add -x`: every command would read it as an option.
    throw new UserError(`The directory name "${basename}" starts with "-", which commands read as an option.`, `Choose another directory name, e.g. ${basename.replace(/^-+/, "") || "my-project"}.`);
  }
  if (basename.endsWith(".") || basename.endsWith(" ")) {
    throw new UserError(`The directory name "${basename}" ends in a dot or a space, which Windows cannot handle.`);
  }

  const packageName = toPackageName(basename);
  const fix = `Choose another directory name, e.g. ${packageName ? `my-${packageName.replace(/_/g, "-")}` : "my-project"}.`;
  if (packageName === "") {
    throw new UserError(`Cannot make a Python package name from "${basename}": it needs at least one letter a-z.`, fix);
  }
  if (/^[0-9]/.test(packageName)) {
    throw new UserError(`"${packageName}" starts with a digit, which a Python package name cannot.`, fix);
  }
  if (packageName.length > MAX_PACKAGE) {
    throw new UserError(`The package name "${packageName}" is longer than ${MAX_PACKAGE} characters.`, "Choose a shorter directory name.");
  }
  if (PYTHON_KEYWORDS.has(packageName)) {
    throw new UserError(`"${packageName}" is a Python keyword and cannot be a package name.`, fix);
  }
  if (PYTEST_NAMES.has(packageName)) {
    throw new UserError(`"${packageName}" is a name pytest gives a meaning of its own; the project's tests would break.`, fix);
  }
  if (RESERVED_PACKAGE_NAMES.has(packageName) || reserved.includes(packageName)) {
    throw new UserError(
      `"${packageName}" would shadow the Python module of the same name (standard library or a dependency).`,
      fix,
    );
  }
  const name = displayName?.trim() || toDisplayName(basename);
  return { target, name, slug: packageName.replace(/_/g, "-"), packageName };
}

import path from "node:path";
import { UserError } from "../errors.js";
import { PYTHON_KEYWORDS, RESERVED_PACKAGE_NAMES, WINDOWS_RESERVED } from "./reservedNames.js";

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

/** `my-blog` or `my_blog` → `My Blog`; a name with spaces or capitals is kept as typed. */
export function toDisplayName(basename: string): string {
  if (/[A-Z ]/.test(basename)) return basename.trim();
  return basename
    .split(/[-_.]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

export function validateDirectory(directory: string): void {
  if (directory.trim() === "") throw new UserError("The project directory is empty.", "Pass a directory name, e.g. my-blog.");
  if (FORBIDDEN.test(directory)) {
    const hint = directory.includes("\\")
      ? "Use / to nest folders; \\ is not portable."
      : 'Use letters, digits, spaces, "-" and "_".';
    throw new UserError(`The directory ${JSON.stringify(directory)} has characters that are not allowed in a folder name.`, hint);
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
  if (RESERVED_PACKAGE_NAMES.has(packageName) || reserved.includes(packageName)) {
    throw new UserError(
      `"${packageName}" would shadow the Python module of the same name (standard library or a dependency).`,
      fix,
    );
  }
  const name = displayName?.trim() || toDisplayName(basename);
  return { target, name, slug: packageName.replace(/_/g, "-"), packageName };
}

/**
 * Free text (a description, an author) lands in many file formats. Each function
 * here turns any string into a literal of one format that reads back as the same
 * text: no value can break out of its quotes or inject code.
 */

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, "0");

/** A TOML basic string, quotes included. */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\u${hex(code, 4)}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A Python string literal, quotes included. The quote is the one `ruff format` would pick
 * (double, unless the text holds more double quotes than single), so generated code is
 * already formatted whatever the user typed.
 */
export function pythonString(value: string): string {
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  const quote = doubles > singles ? "'" : '"';
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === quote) out += `\\${quote}`;
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\x${hex(code, 2).toLowerCase()}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${hex(code, 4).toLowerCase()}`;
    else out += ch;
  }
  return `${out}${quote}`;
}

/** A JSON value. */
export function jsonValue(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** A double-quoted YAML scalar: JSON's escapes, plus the characters YAML 1.1 reads as line breaks. */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029\u007f]/g, (ch) => `\\u${hex(ch.codePointAt(0)!, 4)}`);
}

/** One line of Markdown that renders as the text itself: no emphasis, links, HTML or list markers. */
export function markdownText(value: string): string {
  const oneLine = value.replace(/\s*[\r\n]+\s*/g, " ");
  const escaped = oneLine.replace(/[\\`*_{}[\]()<>#|~&!]/g, "\\$&");
  // A leading "-", "+" or "1." would start a list.
  return escaped.replace(/^([-+])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/**
 * python-dotenv expands `${NAME}` in every value, quoted or not, and has no escape
 * for it. `${NAME:-default}` with an unset NAME gives its default, and the expansion
 * is one pass: so `$` becomes `${CPB_LITERAL_DOLLAR:-$}`, which reads back as `$`.
 */
const DOTENV_DOLLAR = "${CPB_LITERAL_DOLLAR:-$}";

/**
 * A value for a .env line, read back the same by python-dotenv with interpolation on
 * (as pydantic-settings and Flask read it). django-environ has rules of its own (a
 * value starting with "$" names another variable): use it there only for secrets,
 * which are URL-safe tokens.
 */
export function envValue(value: string): string {
  const literal = value.replace(/\$\{/g, `${DOTENV_DOLLAR}{`);
  // python-dotenv reads \\ and \' as escapes even between single quotes.
  if (!/['\\\r\n]/.test(literal)) return `'${literal}'`;
  return `"${literal.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

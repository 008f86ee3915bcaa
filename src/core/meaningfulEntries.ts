/**
 * Entries that do not make a folder "in use": the `.git` of a freshly cloned empty
 * repository, and the files operating systems leave in any folder they have shown.
 * A folder holding only these counts as empty.
 */
export const IGNORED_ENTRIES: ReadonlySet<string> = new Set([".git", ".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini", ".directory", ".localized"]);

export function meaningfulEntries(names: readonly string[]): string[] {
  return names.filter((name) => !IGNORED_ENTRIES.has(name));
}

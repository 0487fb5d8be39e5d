// The server's own settings, as sent in `initializationOptions` and in answers to
// `workspace/configuration` (section `dockls`). No `vscode` import: unit-tested with `node --test`.
//
// Only settings the user has set are sent. VS Code would otherwise report every declared
// default (`preview: false`, `trustedRegistries: []`, ...), and the server lets editor
// settings win over the project's `dockls.toml`: a default would silently undo the project's
// choice. A key that is not sent keeps the value from the file (or the server's default).

/** Keys under `dockls.` that belong to the server (camelCase; the server accepts it). */
export const SERVER_SETTING_KEYS = [
  "select",
  "extendSelect",
  "ignore",
  "severity",
  "perFileIgnores",
  "preview",
  "trustedRegistries",
  "labelSchema",
  "strictLabels",
  "disableIgnoreComments",
  "formatter.ignoreMultilineInstructions",
  "formatter.indentWidth",
  "formatter.keywordCase",
] as const;

/** Keys under `dockls.` that only the extension reads. */
export const CLIENT_SETTING_KEYS = [
  "server.path",
  "server.extraArgs",
  "server.extraEnv",
  "trace.server",
] as const;

/** What one setting looks like: whether the user set it anywhere, and its effective value. */
export interface SettingValue {
  set: boolean;
  value?: unknown;
}

export type SettingReader = (key: string) => SettingValue;

export type JsonObject = { [key: string]: unknown };

/**
 * The object the server receives. Dotted keys become nested objects
 * (`formatter.indentWidth` -> `{ formatter: { indentWidth } }`); unset and null values are
 * left out.
 */
export function serverSettings(read: SettingReader): JsonObject {
  const out: JsonObject = {};
  for (const key of SERVER_SETTING_KEYS) {
    const { set, value } = read(key);
    if (!set || value === undefined || value === null) {
      continue;
    }
    const parts = key.split(".");
    let target = out;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (typeof next === "object" && next !== null && !Array.isArray(next)) {
        target = next as JsonObject;
      } else {
        const created: JsonObject = {};
        target[part] = created;
        target = created;
      }
    }
    target[parts[parts.length - 1]] = value;
  }
  return out;
}

/** The shape of `WorkspaceConfiguration.inspect()` that matters here. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Whether a user, workspace or folder settings file sets the key. */
export function isSet(inspected: Inspected | undefined): boolean {
  return (
    inspected !== undefined &&
    (inspected.globalValue !== undefined ||
      inspected.workspaceValue !== undefined ||
      inspected.workspaceFolderValue !== undefined)
  );
}

/** `dockls.server.extraArgs` as a list of strings (anything else is dropped). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** `dockls.server.extraEnv` as string pairs (anything else is dropped). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string") {
        out[k] = v;
      }
    }
  }
  return out;
}

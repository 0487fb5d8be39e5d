// Finding the `dockls` executable. No `vscode` import: unit-tested with `node --test`.
//
// Order: the DOCKLS_SERVER_PATH environment variable (tests, debugging), the
// `dockls.server.path` setting, the binary bundled in a platform-specific .vsix, `dockls`
// on PATH. When none of them gives an executable, the error names the setting.

import * as fs from "node:fs";
import * as path from "node:path";

export const ENV_OVERRIDE = "DOCKLS_SERVER_PATH";
export const PATH_SETTING = "dockls.server.path";

export type ServerSource = "environment" | "setting" | "bundled" | "path";

export interface FoundServer {
  command: string;
  source: ServerSource;
}

export interface LookupInput {
  /** The extension host's environment (DOCKLS_SERVER_PATH, PATH, PATHEXT). */
  env: Record<string, string | undefined>;
  /** `dockls.server.path` as it applies (undefined/null/"" when unset or not trusted). */
  settingPath?: string | null;
  /** The first workspace folder, for relative `dockls.server.path` values. */
  workspaceFolder?: string;
  /** The user's home directory, for `~` in `dockls.server.path`. */
  home: string;
  /** The extension's install directory; a platform .vsix has `bin/dockls[.exe]` there. */
  extensionPath: string;
  platform: NodeJS.Platform;
}

/** No usable executable; `message` says what was tried and what to do. */
export class ServerNotFoundError extends Error {
  constructor(
    message: string,
    /** True when a configured path is wrong (as opposed to nothing being configured). */
    readonly misconfigured: boolean,
  ) {
    super(message);
    this.name = "ServerNotFoundError";
  }
}

export function exeName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "dockls.exe" : "dockls";
}

/** `~` and `~/x` become the home directory; relative paths are taken from `base`. */
export function resolveUserPath(value: string, home: string, base: string | undefined): string {
  let p = value.trim();
  if (p === "~") {
    p = home;
  } else if (p.startsWith("~/") || p.startsWith("~\\")) {
    p = path.join(home, p.slice(2));
  }
  if (!path.isAbsolute(p) && base !== undefined) {
    p = path.resolve(base, p);
  }
  return p;
}

/** A regular file that this process may execute. */
export function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The first `dockls` executable on PATH (with PATHEXT on Windows). */
export function findOnPath(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
): string | undefined {
  const pathVar = platform === "win32" ? (env.Path ?? env.PATH ?? env.path) : env.PATH;
  if (!pathVar) {
    return undefined;
  }
  const sep = platform === "win32" ? ";" : ":";
  const names =
    platform === "win32"
      ? (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD")
          .split(";")
          .filter((e) => e.length > 0)
          .map((e) => `dockls${e.toLowerCase()}`)
      : ["dockls"];
  for (const dir of pathVar.split(sep)) {
    if (dir.length === 0) {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * The bundled binary, made executable if the archive lost its mode bits (vsce keeps 0755,
 * but some installers and sync tools do not). Undefined when the .vsix has no binary.
 */
export function bundledServer(extensionPath: string, platform: NodeJS.Platform): string | undefined {
  const file = path.join(extensionPath, "bin", exeName(platform));
  if (!fs.existsSync(file)) {
    return undefined;
  }
  if (!isExecutable(file, platform) && platform !== "win32") {
    try {
      fs.chmodSync(file, 0o755);
    } catch {
      // reported below as "not executable"
    }
  }
  return isExecutable(file, platform) ? file : undefined;
}

export function findServer(input: LookupInput): FoundServer {
  const { env, platform } = input;

  const fromEnv = env[ENV_OVERRIDE];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    const file = resolveUserPath(fromEnv, input.home, input.workspaceFolder);
    if (!isExecutable(file, platform)) {
      throw new ServerNotFoundError(
        `The ${ENV_OVERRIDE} environment variable points to ${file}, which is not an executable file. ` +
          `Fix or unset it.`,
        true,
      );
    }
    return { command: file, source: "environment" };
  }

  const setting = input.settingPath;
  if (typeof setting === "string" && setting.trim() !== "") {
    const file = resolveUserPath(setting, input.home, input.workspaceFolder);
    if (!isExecutable(file, platform)) {
      const shown = file === setting.trim() ? `"${setting}"` : `"${setting}" (${file})`;
      throw new ServerNotFoundError(
        `The ${PATH_SETTING} setting is ${shown}, but there is no executable file there. ` +
          `Correct the setting, or clear it to use the bundled dockls or the one on PATH.`,
        true,
      );
    }
    return { command: file, source: "setting" };
  }

  const bundled = bundledServer(input.extensionPath, platform);
  if (bundled !== undefined) {
    return { command: bundled, source: "bundled" };
  }

  const onPath = findOnPath(env, platform);
  if (onPath !== undefined) {
    return { command: onPath, source: "path" };
  }

  throw new ServerNotFoundError(
    `The dockls language server was not found: this copy of the extension has no bundled ` +
      `binary and there is no "${exeName(platform)}" on PATH. Install dockls so that it is on ` +
      `PATH and restart the server, or set ${PATH_SETTING} to the dockls executable.`,
    false,
  );
}

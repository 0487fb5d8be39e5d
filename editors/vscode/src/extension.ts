// The dockls VS Code extension: finds the `dockls` binary, runs `dockls server` over stdio
// with vscode-languageclient, and hands the server its settings. Everything else
// (diagnostics, quick fixes, hover, completion) comes from the server.

import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from "vscode-languageclient/node";

import { findServer, PATH_SETTING, ServerNotFoundError, type FoundServer } from "./binary";
import { isSet, serverSettings, stringList, stringMap, type JsonObject } from "./settings";

const SECTION = "dockls";
const COEXISTENCE = "https://github.com/dockls/dockls/tree/main/editors/vscode#other-dockerfile-extensions";

/** Extensions that run their own Dockerfile language servers. */
const OTHER_DOCKERFILE_EXTENSIONS: Record<string, string> = {
  "docker.docker": "Docker DX",
  "ms-azuretools.vscode-containers": "Container Tools",
  "ms-azuretools.vscode-docker": "Docker",
};
const COEXISTENCE_NOTICE_KEY = "dockls.coexistenceNoticeShown";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let extensionContext: vscode.ExtensionContext;
/** Serialises start/stop/restart so that quick successive restarts cannot interleave. */
let lifecycle: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel("dockls", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("dockls.restartServer", () => queue(restart)),
    vscode.commands.registerCommand("dockls.showLogs", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.server`)) {
        output.info("dockls.server settings changed: restarting the server");
        void queue(restart);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // the workspace's dockls.server.path / extraEnv now apply
      void queue(restart);
    }),
  );
  void noticeOtherExtensions(context);
  await queue(start);
}

export async function deactivate(): Promise<void> {
  await queue(stop);
}

function queue(task: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(task, task);
  return lifecycle;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (current === undefined) {
    return;
  }
  try {
    await current.stop(2000);
  } catch (e) {
    output.warn(`stopping the server: ${String(e)}`);
  }
  await current.dispose();
}

async function start(): Promise<void> {
  let server: FoundServer;
  try {
    server = locateServer();
  } catch (e) {
    if (e instanceof ServerNotFoundError) {
      output.error(e.message);
      void showStartError(e.message);
      return;
    }
    throw e;
  }
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const trusted = vscode.workspace.isTrusted;
  const args = ["server", ...stringList(trusted ? cfg.get("server.extraArgs") : cfg.inspect("server.extraArgs")?.globalValue)];
  const extraEnv = trusted
    ? stringMap(cfg.get("server.extraEnv"))
    : stringMap(cfg.inspect("server.extraEnv")?.globalValue);
  output.info(`starting ${server.command} ${args.join(" ")} (found via ${server.source})`);

  const run = { command: server.command, args, options: { env: { ...process.env, ...extraEnv } } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "dockerfile" },
      { scheme: "untitled", language: "dockerfile" },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // Settings go only through workspace/configuration (the server asks right after
    // `initialized`), not also in initializationOptions: the server layers the two, and list
    // keys such as extendSelect add up, so an entry sent at start could never be removed.
    middleware: {
      workspace: {
        // Answer the `dockls` section with the settings the user set, nothing else:
        // see settings.ts for why defaults must not be sent.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i) =>
            item.section === SECTION
              ? readServerSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : answers[i],
          );
        },
      },
    },
  };

  const next = new LanguageClient("dockls", "dockls", serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (e) {
    const message = `dockls: the server at ${server.command} did not start: ${String(e)}`;
    output.error(message);
    void showStartError(message);
  }
}

/** Where `dockls` is, from the environment, the setting, the bundle or PATH. */
function locateServer(): FoundServer {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const inspected = cfg.inspect<string | null>("server.path");
  // In an untrusted workspace only the user's own value counts (VS Code also ignores the
  // workspace value of this restricted setting; this keeps it so if that ever changes).
  const settingPath = vscode.workspace.isTrusted ? cfg.get<string | null>("server.path") : inspected?.globalValue;
  return findServer({
    env: process.env,
    settingPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    home: os.homedir(),
    extensionPath: extensionContext.extensionPath,
    platform: process.platform,
  });
}

function readServerSettings(scope: vscode.Uri | undefined): JsonObject {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  return serverSettings((key) => (isSet(cfg.inspect(key)) ? { set: true, value: cfg.get(key) } : { set: false }));
}

async function showStartError(message: string): Promise<void> {
  const openSettings = "Open Settings";
  const showLogs = "Show Logs";
  const choice = await vscode.window.showErrorMessage(message, openSettings, showLogs);
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", PATH_SETTING);
  } else if (choice === showLogs) {
    output.show(true);
  }
}

/** Once per installation: say which other extension also lints Dockerfiles and how to avoid doubles. */
async function noticeOtherExtensions(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(COEXISTENCE_NOTICE_KEY)) {
    return;
  }
  const found = Object.entries(OTHER_DOCKERFILE_EXTENSIONS)
    .filter(([id]) => vscode.extensions.getExtension(id) !== undefined)
    .map(([, name]) => name);
  if (found.length === 0) {
    return;
  }
  await context.globalState.update(COEXISTENCE_NOTICE_KEY, true);
  const names = found.join(" and ");
  const how = "How to avoid duplicates";
  const choice = await vscode.window.showInformationMessage(
    `dockls: ${names} also ${found.length > 1 ? "check" : "checks"} Dockerfiles, so some problems and hovers may appear twice.`,
    how,
  );
  if (choice === how) {
    await vscode.env.openExternal(vscode.Uri.parse(COEXISTENCE));
  }
}

#!/usr/bin/env node
// Vendored from the team's vscode-e2e recipe (shared/recipes/vscode-e2e/run-e2e.mjs). Changes:
// - SERVER_CMD is optional; without it no server path setting or variable is written, so the
//   extension under test finds its server itself (the bundled binary of a platform .vsix).
// - COMMANDS (step 8b): run the extension's commands from the Command Palette and check what
//   they do (the Output channel shown, a text in the panel, diagnostics back after a restart).
// - CHANGE_SETTINGS (step 8c): write settings into the workspace's .vscode/settings.json while
//   VS Code runs and wait for the problem count to become EXPECT_PROBLEMS_AFTER_SETTINGS.
// - EXPECT_NOTIFICATION (step 5b): a notification containing this text must appear after the
//   file is opened (an error message of the extension, say).
//
// End-to-end test of a VS Code language-client extension against a language server,
// using a real VS Code (code-server) driven by headless Chromium through playwright-core.
//
// Steps: fresh user-data/extensions dirs -> install the .vsix -> start code-server on a free
// 127.0.0.1 port -> open WORKSPACE in Chromium -> open FILE -> wait for diagnostics
// (squiggles + Problems panel) -> optionally: run a quick fix and check the new text, check a hover,
// check completions.
// A screenshot is saved at each step; exit code 0 = pass, 1 = fail, 2 = bad configuration.
//
// Environment (see README.md):
//   CODE_SERVER_DIR   install dir given to install-code-server.sh (or the code-server package dir)
//   EXTENSION_VSIX    the client extension (.vsix)
//   SERVER_CMD        language server executable          SERVER_ARGS  JSON array, default ["--stdio"]
//   WORKSPACE         folder to open (copied to a temp dir unless WORKSPACE_COPY=0)
//   FILE              file to open, relative to WORKSPACE (default Dockerfile)
//   EXPECT_MIN_PROBLEMS       minimum problems reported (default 1; 0 = expect none)
//   EXPECT_MESSAGES           JSON array of substrings that must appear among the Problems messages
//   QUICKFIX_LINE             1-based line where Ctrl+. is pressed (unset = skip the quick fix step)
//   QUICKFIX_COLUMN           1-based column (default 1)
//   QUICKFIX_TITLE            substring of the code action to pick (default: the first one offered)
//   EXPECT_TEXT_AFTER_FIX     regular expression the editor text must match after the fix
//   EXPECT_TEXT_GONE_AFTER_FIX  regular expression the editor text must no longer match after it
//   HOVER_LINE, HOVER_COLUMN, EXPECT_HOVER      optional hover check (substring of the hover text)
//   COMPLETION_LINE, COMPLETION_COLUMN, COMPLETION_TYPE, EXPECT_COMPLETIONS
//                     optional completion check: go to the position, type COMPLETION_TYPE, Ctrl+Space,
//                     each string of the JSON array EXPECT_COMPLETIONS must be part of a suggestion label
//   SERVER_PATH_SETTING / SERVER_ARGS_SETTING  settings receiving SERVER_CMD / SERVER_ARGS
//                     (default dockerfileLanguageServer.path / dockerfileLanguageServer.args; "" = none)
//   SERVER_ENV_VAR    env var given to code-server holding SERVER_CMD (default DOCKERFILE_LS_PATH)
//   EXTRA_SETTINGS    JSON object merged into the VS Code user settings
//   OUT_DIR           screenshots, logs and result.json (default ./e2e-out)
//   CHROMIUM          browser executable (default /usr/bin/chromium)
//   TIMEOUT_MS        per-wait timeout (default 60000)     KEEP_TMP=1 keeps the temp dir
//   ISOLATE_HOME=0    run code-server (and so the server) with the real HOME instead of a temp one
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const env = process.env;
const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (...a) => console.log(`[e2e +${elapsed()}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function die(msg, code = 2) {
  console.error(`[e2e] ${msg}`);
  process.exit(code);
}
function json(name, fallback) {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  try { return JSON.parse(v); } catch (e) { die(`${name} is not valid JSON: ${e.message}`); }
}

// ---------- configuration ----------
const CODE_SERVER_DIR = path.resolve(env.CODE_SERVER_DIR || die('CODE_SERVER_DIR is required'));
const csPkgDir = [CODE_SERVER_DIR, path.join(CODE_SERVER_DIR, 'node_modules', 'code-server')]
  .find((d) => fs.existsSync(path.join(d, 'out', 'node', 'entry.js')));
if (!csPkgDir) die(`no code-server found in ${CODE_SERVER_DIR}`);
const csEntry = path.join(csPkgDir, 'out', 'node', 'entry.js');
const VSIX = path.resolve(env.EXTENSION_VSIX || die('EXTENSION_VSIX is required'));
if (!fs.existsSync(VSIX)) die(`EXTENSION_VSIX not found: ${VSIX}`);
const SERVER_CMD = env.SERVER_CMD || ''; // dockls: optional, '' = the extension finds its server itself
const SERVER_ARGS = json('SERVER_ARGS', ['--stdio']);
const WORKSPACE_SRC = path.resolve(env.WORKSPACE || die('WORKSPACE is required'));
const FILE = env.FILE || 'Dockerfile';
if (!fs.existsSync(path.join(WORKSPACE_SRC, FILE))) die(`${FILE} not found in ${WORKSPACE_SRC}`);
const EXPECT_MIN_PROBLEMS = Number(env.EXPECT_MIN_PROBLEMS ?? 1);
const EXPECT_MESSAGES = json('EXPECT_MESSAGES', []);
const QUICKFIX_LINE = env.QUICKFIX_LINE ? Number(env.QUICKFIX_LINE) : 0;
const QUICKFIX_COLUMN = Number(env.QUICKFIX_COLUMN || 1);
const QUICKFIX_TITLE = env.QUICKFIX_TITLE || '';
const EXPECT_TEXT_AFTER_FIX = env.EXPECT_TEXT_AFTER_FIX ? new RegExp(env.EXPECT_TEXT_AFTER_FIX, 'm') : null;
const EXPECT_TEXT_GONE_AFTER_FIX = env.EXPECT_TEXT_GONE_AFTER_FIX ? new RegExp(env.EXPECT_TEXT_GONE_AFTER_FIX, 'm') : null;
const HOVER_LINE = Number(env.HOVER_LINE || 0);
const HOVER_COLUMN = Number(env.HOVER_COLUMN || 1);
const EXPECT_HOVER = env.EXPECT_HOVER || '';
const COMPLETION_LINE = Number(env.COMPLETION_LINE || 0);
const COMPLETION_COLUMN = Number(env.COMPLETION_COLUMN || 1);
const COMPLETION_TYPE = env.COMPLETION_TYPE || '';
const EXPECT_COMPLETIONS = json('EXPECT_COMPLETIONS', []);
// [{ "title": "dockls: Show Logs", "expectOutputChannel": "dockls", "expectPanelText": "..." },
//  { "title": "dockls: Restart Server", "expectDiagnostics": true }]
const COMMANDS = json('COMMANDS', []);
const EXPECT_NOTIFICATION = env.EXPECT_NOTIFICATION || '';
const CHANGE_SETTINGS = json('CHANGE_SETTINGS', null);
const EXPECT_PROBLEMS_AFTER_SETTINGS = Number(env.EXPECT_PROBLEMS_AFTER_SETTINGS ?? -1);
const SERVER_PATH_SETTING = env.SERVER_PATH_SETTING ?? 'dockerfileLanguageServer.path';
const SERVER_ARGS_SETTING = env.SERVER_ARGS_SETTING ?? 'dockerfileLanguageServer.args';
const SERVER_ENV_VAR = env.SERVER_ENV_VAR ?? 'DOCKERFILE_LS_PATH';
const EXTRA_SETTINGS = json('EXTRA_SETTINGS', {});
const OUT_DIR = path.resolve(env.OUT_DIR || 'e2e-out');
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = Number(env.TIMEOUT_MS || 60000);

// playwright-core: normal resolution, then the current dir, then CODE_SERVER_DIR
async function loadPlaywright() {
  try { return await import('playwright-core'); } catch {}
  for (const base of [process.cwd(), CODE_SERVER_DIR]) {
    try {
      const p = createRequire(path.join(base, 'noop.js')).resolve('playwright-core');
      return await import(pathToFileURL(p).href);
    } catch {}
  }
  die('playwright-core not found (npm install playwright-core, or run install-code-server.sh)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true, filter: (p) => !/[\\/](node_modules|\.git)$/.test(p) });
}

// ---------- state ----------
fs.mkdirSync(OUT_DIR, { recursive: true });
for (const f of fs.readdirSync(OUT_DIR)) { // leftovers of a previous run
  if (/^\d\d-.*\.png$|^result\.json$|^vscode-logs$|^code-server\.log$|^browser-console\.log$/.test(f)) fs.rmSync(path.join(OUT_DIR, f), { recursive: true, force: true });
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-e2e-'));
const dirs = {
  userData: path.join(tmp, 'user-data'),
  extensions: path.join(tmp, 'extensions'),
  browserProfile: path.join(tmp, 'browser-profile'),
  home: path.join(tmp, 'home'),
};
Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));
const csConfig = path.join(tmp, 'code-server.yaml');
fs.writeFileSync(csConfig, '');
let WORKSPACE = WORKSPACE_SRC;
if (env.WORKSPACE_COPY !== '0') {
  WORKSPACE = path.join(tmp, 'workspace');
  copyDir(WORKSPACE_SRC, WORKSPACE);
}

const result = { ok: false, steps: [], timings: {}, problems: null, messages: [], textBefore: null, textAfter: null, quickFixes: [] };
const step = (name, data = {}) => { result.steps.push({ name, at_s: Number(elapsed()), ...data }); log(name, Object.keys(data).length ? JSON.stringify(data) : ''); };
let csProc;
let context;
let shotNo = 0;
async function shot(page, name) {
  const file = path.join(OUT_DIR, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch((e) => log('screenshot failed', e.message));
  return file;
}

const csEnv = {
  ...env,
  // a throw-away HOME keeps code-server, the extension host and the server away from the real
  // ~/.config and ~/.local (ISOLATE_HOME=0 keeps the real one, e.g. for servers run via rustup proxies)
  ...(env.ISOLATE_HOME === '0' ? {} : {
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
  }),
  ...(SERVER_CMD && SERVER_ENV_VAR ? { [SERVER_ENV_VAR]: SERVER_CMD } : {}),
  // keep the gallery away from the network: nothing is downloaded during the test
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
};
delete csEnv.PORT; // code-server would use it instead of --bind-addr
delete csEnv.PASSWORD;
delete csEnv.HASHED_PASSWORD;
const csCommon = ['--config', csConfig, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

async function main() {
  // 1. user settings
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'chat.commandCenter.enabled': false,
    ...(SERVER_CMD && SERVER_PATH_SETTING ? { [SERVER_PATH_SETTING]: SERVER_CMD } : {}),
    ...(SERVER_CMD && SERVER_ARGS_SETTING ? { [SERVER_ARGS_SETTING]: SERVER_ARGS } : {}),
    ...EXTRA_SETTINGS,
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  // 2. install the extension
  let t = Date.now();
  const installOut = execFileSync(process.execPath, [csEntry, ...csCommon, '--install-extension', VSIX, '--force'],
    { env: csEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  result.timings.install_extension_s = (Date.now() - t) / 1000;
  if (!/successfully installed/i.test(installOut)) throw new Error(`extension install failed:\n${installOut}`);
  const listed = execFileSync(process.execPath, [csEntry, ...csCommon, '--list-extensions', '--show-versions'],
    { env: csEnv, encoding: 'utf8' }).trim();
  step('extension installed', { extensions: listed.split('\n') });

  // 3. start code-server
  t = Date.now();
  const port = Number(env.CODE_SERVER_PORT) || (await freePort());
  const csLog = fs.openSync(path.join(OUT_DIR, 'code-server.log'), 'w');
  csProc = spawn(process.execPath, [csEntry, ...csCommon, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened'], { env: csEnv, stdio: ['ignore', csLog, csLog], detached: true });
  csProc.on('exit', (code, sig) => log(`code-server exited (${code ?? sig})`));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (csProc.exitCode !== null) throw new Error('code-server exited early; see code-server.log');
    try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch {}
    if (Date.now() - t > TIMEOUT) throw new Error('code-server did not start');
    await sleep(200);
  }
  result.timings.code_server_start_s = (Date.now() - t) / 1000;
  step('code-server serving', { url: base });

  // 4. browser
  t = Date.now();
  const pw = await loadPlaywright();
  const chromium = pw.chromium || (pw.default && pw.default.chromium);
  context = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));

  await page.goto(`${base}/?folder=${encodeURIComponent(WORKSPACE)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor(); // workspace listed
  result.timings.workbench_ready_s = (Date.now() - t) / 1000;
  step('workbench loaded');
  await shot(page, 'workbench');

  // 5. open FILE with Quick Open
  t = Date.now();
  await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } });
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget .quick-input-box input');
  await quickInput.waitFor();
  await quickInput.fill(FILE);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor();
  await sleep(300); // let the file search settle so the best match is first
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${path.basename(FILE)}"]`).waitFor();
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const lines = editor.locator('.view-lines');
  await lines.waitFor();
  const editorText = async () => (await lines.innerText()).replace(/\u00a0/g, ' ');
  result.textBefore = await editorText();
  step('file opened', { file: FILE });
  await shot(page, 'file-opened');

  // cursor to line:column through "Go to Line/Column" (Ctrl+G accepts "line:column")
  async function gotoPosition(line, column) {
    await page.keyboard.press('Escape');
    await lines.click();
    await page.keyboard.press('Control+G');
    await quickInput.waitFor();
    await quickInput.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await sleep(300);
  }

  // 5b. a notification
  if (EXPECT_NOTIFICATION) {
    const toasts = page.locator('.notifications-toasts');
    const deadline = Date.now() + TIMEOUT;
    let text = '';
    for (;;) {
      text = (await toasts.allInnerTexts().catch(() => [])).join('\n').replace(/\s+/g, ' ');
      if (text.includes(EXPECT_NOTIFICATION)) break;
      if (Date.now() > deadline) {
        await shot(page, 'no-notification');
        throw new Error(`no notification contains "${EXPECT_NOTIFICATION}" (shown: "${text.slice(0, 300)}")`);
      }
      await sleep(250);
    }
    result.notification = text;
    step('notification shown', { text: text.slice(0, 300) });
    await shot(page, 'notification');
  }

  // 6. diagnostics: wait for squiggles (or, when none are expected, give the server time to answer)
  const squiggles = editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint');
  const statusProblems = page.locator('[id="status.problems"]');
  const readStatus = async () => {
    const label = (await statusProblems.getAttribute('aria-label').catch(() => null))
      || (await statusProblems.locator('a').first().getAttribute('aria-label').catch(() => null)) || '';
    const text = (await statusProblems.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    const nums = (label.match(/\d+/g) || text.match(/\d+/g) || []).map(Number);
    return { label, text, total: nums.reduce((a, b) => a + b, 0) };
  };
  if (EXPECT_MIN_PROBLEMS > 0) {
    const deadline = Date.now() + TIMEOUT;
    let st;
    for (;;) {
      st = await readStatus();
      if ((await squiggles.count()) > 0 && st.total >= EXPECT_MIN_PROBLEMS) break;
      if (Date.now() > deadline) {
        await shot(page, 'no-diagnostics');
        throw new Error(`no diagnostics within ${TIMEOUT} ms (status bar: "${st.label || st.text}")`);
      }
      await sleep(250);
    }
  } else {
    await sleep(Number(env.NO_PROBLEMS_WAIT_MS || 5000));
  }
  result.timings.diagnostics_after_open_s = (Date.now() - t) / 1000;
  const st = await readStatus();
  result.problems = st.total;
  step('diagnostics shown', { statusBar: st.label || st.text, squiggles: await squiggles.count() });
  await shot(page, 'diagnostics');

  // Problems panel: read the messages
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  if (EXPECT_MIN_PROBLEMS > 0) await rows.first().waitFor();
  else await sleep(500);
  result.messages = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.innerText)))
    .map((s) => s.replace(/\s+/g, ' ').trim());
  step('problems panel', { rows: result.messages.length });
  await shot(page, 'problems-panel');
  if (EXPECT_MIN_PROBLEMS === 0 && st.total !== 0) throw new Error(`expected no problems, status bar says ${st.label || st.text}`);
  if (st.total < EXPECT_MIN_PROBLEMS) throw new Error(`expected >= ${EXPECT_MIN_PROBLEMS} problems, got ${st.total}`);
  for (const m of EXPECT_MESSAGES) {
    if (!result.messages.some((r) => r.includes(m))) throw new Error(`no problem message contains "${m}"`);
  }

  // 7. quick fix
  if (QUICKFIX_LINE) {
    t = Date.now();
    await gotoPosition(QUICKFIX_LINE, QUICKFIX_COLUMN);
    await page.keyboard.press('Control+.');
    const actionRows = page.locator('.action-widget .monaco-list-row.action');
    await actionRows.first().waitFor().catch(async () => {
      await shot(page, 'no-code-actions');
      throw new Error(`no code action offered at ${QUICKFIX_LINE}:${QUICKFIX_COLUMN}`);
    });
    result.quickFixes = (await actionRows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.innerText)))
      .map((s) => s.replace(/\s+/g, ' ').trim());
    step('quick fix menu', { actions: result.quickFixes });
    await shot(page, 'quickfix-menu');
    if (QUICKFIX_TITLE) {
      // the widget blocks pointer events until the mouse moves: select with the keyboard
      if (!result.quickFixes.some((a) => a.includes(QUICKFIX_TITLE))) {
        throw new Error(`no code action contains "${QUICKFIX_TITLE}" (got: ${result.quickFixes.join(' | ')})`);
      }
      const focused = page.locator('.action-widget .monaco-list-row.action.focused');
      for (let i = 0; ; i++) {
        const label = (await focused.getAttribute('aria-label').catch(() => '')) || '';
        if (label.includes(QUICKFIX_TITLE)) break;
        if (i > result.quickFixes.length * 2) throw new Error(`could not focus the code action "${QUICKFIX_TITLE}"`);
        await page.keyboard.press('ArrowDown');
        await sleep(100);
      }
    }
    await page.keyboard.press('Enter'); // applies the focused action (the first one by default)
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const txt = await editorText();
      const okAfter = EXPECT_TEXT_AFTER_FIX ? EXPECT_TEXT_AFTER_FIX.test(txt) : txt !== result.textBefore;
      const okGone = EXPECT_TEXT_GONE_AFTER_FIX ? !EXPECT_TEXT_GONE_AFTER_FIX.test(txt) : true;
      if (okAfter && okGone) { result.textAfter = txt; break; }
      if (Date.now() > deadline) {
        result.textAfter = txt;
        await shot(page, 'quickfix-failed');
        throw new Error(`text after the quick fix does not match:\n${txt}`);
      }
      await sleep(200);
    }
    result.timings.quickfix_s = (Date.now() - t) / 1000;
    await sleep(1000); // let diagnostics refresh for the screenshot
    const after = await readStatus();
    step('quick fix applied', { statusBar: after.label || after.text });
    result.problemsAfterFix = after.total;
    await shot(page, 'after-quickfix');
  }
  // 8. hover
  if (HOVER_LINE) {
    t = Date.now();
    await gotoPosition(HOVER_LINE, HOVER_COLUMN);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // editor.action.showHover
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    const deadline = Date.now() + TIMEOUT;
    let text = '';
    for (;;) {
      text = (await hover.innerText().catch(() => '')).trim();
      if (text && (!EXPECT_HOVER || text.includes(EXPECT_HOVER))) break;
      if (Date.now() > deadline) {
        await shot(page, 'hover-failed');
        throw new Error(`hover ${EXPECT_HOVER ? `does not contain "${EXPECT_HOVER}"` : 'is empty'}: "${text}"`);
      }
      await sleep(200);
    }
    result.hover = text;
    result.timings.hover_s = (Date.now() - t) / 1000;
    await sleep(400); // let the hover fade in for the screenshot
    step('hover shown', { hover: text.slice(0, 120) });
    await shot(page, 'hover');
    await page.keyboard.press('Escape');
  }

  // 8b. commands from the Command Palette
  for (const cmd of COMMANDS) {
    t = Date.now();
    await page.keyboard.press('Escape');
    await lines.click();
    await page.keyboard.press('F1');
    await quickInput.waitFor();
    await quickInput.fill(`>${cmd.title}`);
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: cmd.title }).first();
    await row.waitFor().catch(async () => {
      await shot(page, 'command-missing');
      throw new Error(`command "${cmd.title}" is not in the Command Palette`);
    });
    await sleep(200);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + TIMEOUT;
    if (cmd.expectOutputChannel) {
      // the Output view's channel picker is a <select> in the panel's title bar
      const selected = () => page.locator('.part.panel select').evaluateAll(
        (els) => els.map((e) => (e.selectedIndex >= 0 ? e.options[e.selectedIndex].text : '')));
      let names = [];
      for (;;) {
        names = await selected().catch(() => []);
        if (names.includes(cmd.expectOutputChannel)) break;
        if (Date.now() > deadline) {
          await shot(page, 'command-failed');
          throw new Error(`after "${cmd.title}" the Output view shows ${JSON.stringify(names)}, not "${cmd.expectOutputChannel}"`);
        }
        await sleep(200);
      }
    }
    if (cmd.expectPanelText) {
      const panel = page.locator('.part.panel .monaco-editor .view-lines');
      let text = '';
      for (;;) {
        text = (await panel.allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
        if (text.includes(cmd.expectPanelText)) break;
        if (Date.now() > deadline) {
          await shot(page, 'command-failed');
          throw new Error(`after "${cmd.title}" the panel does not show "${cmd.expectPanelText}": ${text.slice(0, 300)}`);
        }
        await sleep(200);
      }
    }
    if (cmd.expectDiagnostics) {
      await sleep(1000); // the old client's diagnostics are cleared when it stops
      for (;;) {
        if ((await squiggles.count()) > 0 && (await readStatus()).total > 0) break;
        if (Date.now() > deadline) {
          await shot(page, 'command-failed');
          throw new Error(`no diagnostics after "${cmd.title}"`);
        }
        await sleep(250);
      }
    }
    result.timings[`command ${cmd.title}`] = (Date.now() - t) / 1000;
    step('command run', { command: cmd.title });
    await shot(page, 'command');
  }

  // 8c. change settings while running
  if (CHANGE_SETTINGS) {
    t = Date.now();
    const file = path.join(WORKSPACE, '.vscode', 'settings.json');
    const current = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ ...current, ...CHANGE_SETTINGS }, null, 2));
    const deadline = Date.now() + TIMEOUT;
    let st = await readStatus();
    while (EXPECT_PROBLEMS_AFTER_SETTINGS >= 0 && st.total !== EXPECT_PROBLEMS_AFTER_SETTINGS) {
      if (Date.now() > deadline) {
        await shot(page, 'settings-failed');
        throw new Error(`after changing ${Object.keys(CHANGE_SETTINGS).join(', ')}: ${st.total} problems, expected ${EXPECT_PROBLEMS_AFTER_SETTINGS} ("${st.label || st.text}")`);
      }
      await sleep(250);
      st = await readStatus();
    }
    result.timings.settings_change_s = (Date.now() - t) / 1000;
    step('settings changed', { settings: CHANGE_SETTINGS, statusBar: st.label || st.text });
    await shot(page, 'settings-changed');
  }

  // 9. completion (last: it types into the document)
  if (COMPLETION_LINE) {
    t = Date.now();
    await gotoPosition(COMPLETION_LINE, COMPLETION_COLUMN);
    if (COMPLETION_TYPE) await page.keyboard.type(COMPLETION_TYPE, { delay: 30 });
    await sleep(300);
    await page.keyboard.press('Control+Space');
    const items = page.locator('.suggest-widget.visible .monaco-list-row');
    const deadline = Date.now() + TIMEOUT;
    let labels = [];
    for (;;) {
      labels = await items.evaluateAll((els) => els.map((e) => (e.querySelector('.label-name') || e).textContent.trim()));
      if (labels.length && EXPECT_COMPLETIONS.every((c) => labels.some((l) => l.includes(c)))) break;
      if (Date.now() > deadline) {
        await shot(page, 'completion-failed');
        throw new Error(`completions ${JSON.stringify(labels)} lack one of ${JSON.stringify(EXPECT_COMPLETIONS)}`);
      }
      await sleep(200);
    }
    result.completions = labels;
    result.timings.completion_s = (Date.now() - t) / 1000;
    step('completion shown', { items: labels.slice(0, 12) });
    await shot(page, 'completion');
    await page.keyboard.press('Escape');
  }

  fs.writeFileSync(path.join(OUT_DIR, 'browser-console.log'), consoleLines.join('\n'));
  result.ok = true;
}

let exitCode = 1;
try {
  await main();
  exitCode = 0;
} catch (e) {
  result.error = String(e && e.stack || e);
  console.error(`[e2e] FAIL: ${e && e.message || e}`);
} finally {
  result.timings.total_s = Number(elapsed());
  if (context) await context.close().catch(() => {});
  if (csProc && csProc.exitCode === null) {
    try { process.kill(-csProc.pid, 'SIGTERM'); } catch {}
    await sleep(500);
    try { process.kill(-csProc.pid, 'SIGKILL'); } catch {}
  }
  // logs of VS Code (extension host, output channels incl. the language client's) for debugging
  const logs = path.join(dirs.userData, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(OUT_DIR, 'vscode-logs'), { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'result.json'), JSON.stringify(result, null, 2));
  if (exitCode !== 0) {
    // output channels (the language client's among them) usually say why the server did not answer
    const walk = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : [])
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(path.join(OUT_DIR, 'vscode-logs')).filter((f) => /output_logging_|exthost\.log$/.test(f))) {
      const tail = fs.readFileSync(f, 'utf8').split('\n').slice(-15).join('\n').trim();
      if (tail) console.error(`--- ${path.relative(OUT_DIR, f)} (tail)\n${tail}`);
    }
  }
  if (env.KEEP_TMP === '1') log(`kept ${tmp}`); else fs.rmSync(tmp, { recursive: true, force: true });
  log(exitCode === 0 ? 'PASS' : 'FAIL', JSON.stringify(result.timings));
  process.exit(exitCode);
}

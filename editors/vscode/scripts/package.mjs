#!/usr/bin/env node
// Packages the extension as a .vsix.
//
//   node scripts/package.mjs                      a .vsix for this machine, with a release dockls inside
//   node scripts/package.mjs --target linux-arm64 a .vsix for another platform (cargo cross-builds; needs
//                                                 the Rust target and its linker installed)
//   node scripts/package.mjs --target T --binary PATH   use an existing dockls binary for target T
//   node scripts/package.mjs --universal          a .vsix without a binary (uses dockls.server.path or PATH)
//
// Output: editors/vscode/dockls-<version>-<target>.vsix or dockls-<version>.vsix (or --out FILE).
// Needs `npm ci` first. Prints the path of the .vsix on its last line.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const extRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(extRoot, "../..");

// VS Code's platform names and the Rust targets whose binaries run there. Linux uses glibc
// builds; alpine gets musl builds.
export const RUST_TARGETS = {
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
  "linux-x64": "x86_64-unknown-linux-gnu",
  "linux-arm64": "aarch64-unknown-linux-gnu",
  "linux-armhf": "armv7-unknown-linux-gnueabihf",
  "alpine-x64": "x86_64-unknown-linux-musl",
  "alpine-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

function die(msg) {
  console.error(`package: ${msg}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { target: undefined, universal: false, binary: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? die(`${a} needs a value`);
    if (a === "--target") opts.target = value();
    else if (a === "--universal") opts.universal = true;
    else if (a === "--binary") opts.binary = path.resolve(value());
    else if (a === "--out") opts.out = path.resolve(value());
    else die(`unknown argument ${a}`);
  }
  if (opts.universal && (opts.target || opts.binary)) die("--universal takes no --target or --binary");
  return opts;
}

function run(cmd, args, options = {}) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", ...options });
}

function hostTriple() {
  const out = execFileSync("rustc", ["-vV"], { encoding: "utf8" });
  const m = out.match(/^host: (\S+)$/m);
  if (!m) die("cannot read the host target from `rustc -vV`");
  return m[1];
}

/** Builds (or takes) the dockls binary for `target` and returns its path. */
function serverBinary(target, given) {
  const exe = target.startsWith("win32") ? "dockls.exe" : "dockls";
  if (given) {
    if (!fs.existsSync(given)) die(`--binary ${given} does not exist`);
    return given;
  }
  const triple = RUST_TARGETS[target];
  const host = hostTriple();
  const cargoArgs = ["build", "--release", "--locked", "-p", "dockls"];
  let built;
  if (triple === host) {
    built = path.join(repoRoot, "target", "release", exe);
  } else {
    cargoArgs.push("--target", triple);
    built = path.join(repoRoot, "target", triple, "release", exe);
  }
  run("cargo", cargoArgs, { cwd: repoRoot });
  if (!fs.existsSync(built)) die(`cargo did not produce ${built}`);
  return built;
}

function hostTarget() {
  const triple = hostTriple();
  const found = Object.entries(RUST_TARGETS).find(([, t]) => t === triple);
  if (!found) die(`no VS Code platform for the host ${triple}; pass --target and --binary`);
  return found[0];
}

const opts = parseArgs(process.argv.slice(2));
const pkg = JSON.parse(fs.readFileSync(path.join(extRoot, "package.json"), "utf8"));
const target = opts.universal ? undefined : (opts.target ?? hostTarget());
if (target !== undefined && !(target in RUST_TARGETS)) {
  die(`unknown target ${target}; one of ${Object.keys(RUST_TARGETS).join(", ")}`);
}
const vsce = path.join(extRoot, "node_modules", ".bin", "vsce");
if (!fs.existsSync(vsce)) die("node_modules is missing: run `npm ci` in editors/vscode first");

// 1. the bundle
run(process.execPath, [path.join(extRoot, "scripts", "build.mjs")], { cwd: extRoot });

// 2. bin/: the server for a platform package, nothing for the universal one
const binDir = path.join(extRoot, "bin");
fs.rmSync(binDir, { recursive: true, force: true });
if (target !== undefined) {
  const source = serverBinary(target, opts.binary);
  fs.mkdirSync(binDir);
  const dest = path.join(binDir, target.startsWith("win32") ? "dockls.exe" : "dockls");
  fs.copyFileSync(source, dest);
  fs.chmodSync(dest, 0o755);
  // release builds keep line tables for backtraces; the packaged copy does not need them
  // (host `strip` handles ELF files of this machine's architecture; others stay as they are)
  if (target.startsWith("linux") || target.startsWith("alpine")) {
    try {
      execFileSync("strip", [dest], { stdio: "ignore" });
    } catch {
      console.log("could not strip the binary: packaging it as it is");
    }
  }
  console.log(`bundled ${source} as bin/${path.basename(dest)} (${(fs.statSync(dest).size / 1e6).toFixed(1)} MB)`);
}

// 3. licence files from the repository root, when it has them
const licenses = fs.readdirSync(repoRoot).filter((f) => /^LICEN[CS]E/i.test(f));
const copied = [];
for (const f of licenses) {
  fs.copyFileSync(path.join(repoRoot, f), path.join(extRoot, f));
  copied.push(path.join(extRoot, f));
}

// 4. vsce
const out =
  opts.out ?? path.join(extRoot, target ? `dockls-${pkg.version}-${target}.vsix` : `dockls-${pkg.version}.vsix`);
const vsceArgs = ["package", "--no-dependencies", "--out", out];
if (target) vsceArgs.push("--target", target);
if (licenses.length === 0) vsceArgs.push("--skip-license");
try {
  run(vsce, vsceArgs, { cwd: extRoot, stdio: ["ignore", "inherit", "inherit"] });
} finally {
  for (const f of copied) fs.rmSync(f, { force: true });
  fs.rmSync(binDir, { recursive: true, force: true });
}
console.log(out);

#!/usr/bin/env node
// Checks a packaged .vsix: the manifest, the files inside, and (for a platform package) that
// the bundled dockls is an executable that runs here.
//
//   node scripts/check-vsix.mjs FILE.vsix --target linux-x64 [--run]   a platform package
//   node scripts/check-vsix.mjs FILE.vsix --universal                  the package without a binary
//
// --run also starts the bundled binary (`dockls --version`); use it for this machine's target.
// Exit status 0 when every check passes, 1 otherwise (each failure is printed).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const extRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The entries of a zip file: name, unix mode, and a function returning the contents. */
export function readZip(file) {
  const buf = fs.readFileSync(file);
  // end of central directory record: the last "PK\x05\x06" (a comment may follow it)
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("corrupt central directory");
    const madeBy = buf.readUInt16LE(p + 4) >> 8; // 3 = unix: mode bits in the external attributes
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const mode = madeBy === 3 ? (external >>> 16) & 0o7777 : undefined;
    entries.set(name, {
      name,
      size,
      mode,
      read() {
        const lp = localOffset;
        const start = lp + 30 + buf.readUInt16LE(lp + 26) + buf.readUInt16LE(lp + 28);
        const data = buf.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return zlib.inflateRawSync(data);
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function main() {
  const argv = process.argv.slice(2);
  const file = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--target");
  const target = argv.includes("--target") ? argv[argv.indexOf("--target") + 1] : undefined;
  const universal = argv.includes("--universal");
  const runBinary = argv.includes("--run");
  if (!file || universal === (target !== undefined)) {
    console.error("usage: check-vsix.mjs FILE.vsix (--target T [--run] | --universal)");
    process.exit(2);
  }

  const failures = [];
  const check = (ok, what) => {
    console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
    if (!ok) failures.push(what);
  };

  const pkg = JSON.parse(fs.readFileSync(path.join(extRoot, "package.json"), "utf8"));
  const entries = readZip(file);
  const names = [...entries.keys()].filter((n) => !n.endsWith("/")).sort();
  console.log(`${path.basename(file)}: ${names.length} files`);

  // manifest
  const manifest = entries.get("extension.vsixmanifest")?.read().toString("utf8") ?? "";
  check(manifest.length > 0, "has extension.vsixmanifest");
  const identity = manifest.match(/<Identity\b[^>]*>/)?.[0] ?? "";
  const attr = (name) => identity.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
  check(attr("Id") === pkg.name, `manifest Id is "${pkg.name}" (got "${attr("Id")}")`);
  check(attr("Publisher") === pkg.publisher, `manifest Publisher is "${pkg.publisher}" (got "${attr("Publisher")}")`);
  check(attr("Version") === pkg.version, `manifest Version is "${pkg.version}" (got "${attr("Version")}")`);
  check(
    attr("TargetPlatform") === target,
    target ? `manifest TargetPlatform is "${target}" (got "${attr("TargetPlatform")}")` : `manifest has no TargetPlatform (got "${attr("TargetPlatform")}")`,
  );
  const property = (id) => manifest.match(new RegExp(`<Property Id="${id.replace(/\./g, "\\.")}" Value="([^"]*)"`))?.[1];
  check(property("Microsoft.VisualStudio.Code.Engine") === pkg.engines.vscode, `manifest engine is ${pkg.engines.vscode}`);
  check(property("Microsoft.VisualStudio.Code.ExtensionKind") === "workspace", "runs in the workspace extension host");

  // the packaged package.json is ours
  const packaged = entries.get("extension/package.json");
  const packagedPkg = packaged ? JSON.parse(packaged.read().toString("utf8")) : {};
  check(packagedPkg.name === pkg.name && packagedPkg.version === pkg.version, "extension/package.json is the extension's");
  check(packagedPkg.main === "./dist/extension.js" && entries.has("extension/dist/extension.js"), "the entry point dist/extension.js is packaged");
  check((packagedPkg.activationEvents ?? []).includes("onLanguage:dockerfile"), "activates on the dockerfile language");

  // nothing that should stay out
  const stray = names.filter((n) => /node_modules\/|\.ts$|\.map$|\/test\/|\.vsix$|\/src\/|\/scripts\//.test(n));
  check(stray.length === 0, `no sources, tests, maps or node_modules (found: ${stray.join(", ") || "none"})`);

  // the binary
  const binaries = names.filter((n) => n.startsWith("extension/bin/"));
  if (universal) {
    check(binaries.length === 0, `no bundled binary (found: ${binaries.join(", ") || "none"})`);
  } else {
    const exe = target.startsWith("win32") ? "extension/bin/dockls.exe" : "extension/bin/dockls";
    check(binaries.length === 1 && binaries[0] === exe, `exactly one binary, ${exe} (found: ${binaries.join(", ") || "none"})`);
    const bin = entries.get(exe);
    if (bin) {
      check(bin.size > 1_000_000, `the binary has a plausible size (${(bin.size / 1e6).toFixed(1)} MB)`);
      if (!target.startsWith("win32")) {
        check(bin.mode !== undefined && (bin.mode & 0o755) === 0o755, `the binary's mode is 0755 (got ${bin.mode?.toString(8)})`);
      }
      if (runBinary) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockls-vsix-"));
        const out = path.join(dir, path.basename(exe));
        fs.writeFileSync(out, bin.read(), { mode: bin.mode ?? 0o755 });
        let version = "";
        try {
          version = execFileSync(out, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
        } catch (e) {
          version = `failed: ${e.message}`;
        }
        fs.rmSync(dir, { recursive: true, force: true });
        check(version === `dockls ${pkg.version}`, `the binary runs: "${version}" is "dockls ${pkg.version}"`);
      }
    }
  }

  if (failures.length > 0) {
    console.log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log("all checks passed");
}

main();

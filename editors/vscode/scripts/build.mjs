#!/usr/bin/env node
// Bundles the extension (dist/extension.js) and the unit tests (dist/test/*.test.js) with esbuild.
// Usage: node scripts/build.mjs [--dev]   (--dev: no minification, inline source maps)
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const common = {
  bundle: true,
  platform: "node",
  target: "node18", // VS Code 1.82 runs extensions on Node 18
  format: "cjs",
  logLevel: "warning",
  absWorkingDir: root,
};

fs.rmSync(path.join(root, "dist"), { recursive: true, force: true });
const t0 = Date.now();
await esbuild.build({
  ...common,
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  external: ["vscode"],
  minify: !dev,
  sourcemap: dev ? "inline" : false,
});
const tests = fs.readdirSync(path.join(root, "test")).filter((f) => f.endsWith(".test.ts"));
await esbuild.build({
  ...common,
  entryPoints: tests.map((f) => `test/${f}`),
  outdir: "dist/test",
  external: ["vscode"],
  sourcemap: "inline",
});
const size = fs.statSync(path.join(root, "dist/extension.js")).size;
console.log(`built dist/extension.js (${Math.round(size / 1024)} KiB) and ${tests.length} test files in ${Date.now() - t0} ms`);

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";

import { findOnPath, findServer, resolveUserPath, ServerNotFoundError, type LookupInput } from "../src/binary";

let tmp: string;

function exe(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\nexit 0\n");
  fs.chmodSync(file, 0o755);
  return file;
}

function input(overrides: Partial<LookupInput> = {}): LookupInput {
  return {
    env: {},
    settingPath: undefined,
    workspaceFolder: path.join(tmp, "ws"),
    home: path.join(tmp, "home"),
    extensionPath: path.join(tmp, "ext"),
    platform: "linux",
    ...overrides,
  };
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dockls-binary-"));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("findServer lookup order", { skip: process.platform === "win32" }, () => {
  it("prefers DOCKLS_SERVER_PATH over everything", () => {
    const envBin = exe(path.join(tmp, "env", "dockls"));
    const settingBin = exe(path.join(tmp, "setting", "dockls"));
    exe(path.join(tmp, "ext", "bin", "dockls"));
    const found = findServer(input({ env: { DOCKLS_SERVER_PATH: envBin, PATH: path.join(tmp, "p") }, settingPath: settingBin }));
    assert.deepEqual(found, { command: envBin, source: "environment" });
  });

  it("uses the setting before the bundled binary and PATH", () => {
    const settingBin = exe(path.join(tmp, "setting", "dockls"));
    exe(path.join(tmp, "ext", "bin", "dockls"));
    exe(path.join(tmp, "p", "dockls"));
    const found = findServer(input({ env: { PATH: path.join(tmp, "p") }, settingPath: settingBin }));
    assert.deepEqual(found, { command: settingBin, source: "setting" });
  });

  it("uses the bundled binary before PATH", () => {
    const bundled = exe(path.join(tmp, "ext", "bin", "dockls"));
    exe(path.join(tmp, "p", "dockls"));
    const found = findServer(input({ env: { PATH: path.join(tmp, "p") } }));
    assert.deepEqual(found, { command: bundled, source: "bundled" });
  });

  it("falls back to PATH, skipping empty entries and non-executables", () => {
    fs.mkdirSync(path.join(tmp, "a"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "a", "dockls"), "not executable");
    fs.chmodSync(path.join(tmp, "a", "dockls"), 0o644);
    fs.mkdirSync(path.join(tmp, "b", "dockls"), { recursive: true }); // a directory
    const good = exe(path.join(tmp, "c", "dockls"));
    const PATH = ["", path.join(tmp, "a"), path.join(tmp, "b"), path.join(tmp, "c")].join(":");
    assert.deepEqual(findServer(input({ env: { PATH } })), { command: good, source: "path" });
  });

  it("treats empty and whitespace values as unset", () => {
    const onPath = exe(path.join(tmp, "p", "dockls"));
    const found = findServer(input({ env: { DOCKLS_SERVER_PATH: " ", PATH: path.join(tmp, "p") }, settingPath: "" }));
    assert.deepEqual(found, { command: onPath, source: "path" });
    assert.equal(findServer(input({ env: { PATH: path.join(tmp, "p") }, settingPath: null })).source, "path");
  });

  it("restores the mode of a bundled binary that lost it", () => {
    const bundled = exe(path.join(tmp, "ext", "bin", "dockls"));
    fs.chmodSync(bundled, 0o644);
    assert.deepEqual(findServer(input()), { command: bundled, source: "bundled" });
    assert.equal(fs.statSync(bundled).mode & 0o111, 0o111);
  });
});

describe("findServer errors", { skip: process.platform === "win32" }, () => {
  it("names the setting when nothing is found", () => {
    assert.throws(
      () => findServer(input({ env: { PATH: path.join(tmp, "empty") } })),
      (e: unknown) =>
        e instanceof ServerNotFoundError && !e.misconfigured && e.message.includes("dockls.server.path") && e.message.includes("PATH"),
    );
  });

  it("does not fall back when the setting points nowhere", () => {
    exe(path.join(tmp, "ext", "bin", "dockls"));
    assert.throws(
      () => findServer(input({ settingPath: "~/missing/dockls" })),
      (e: unknown) =>
        e instanceof ServerNotFoundError &&
        e.misconfigured &&
        e.message.includes('"~/missing/dockls"') &&
        e.message.includes(path.join(tmp, "home", "missing", "dockls")),
    );
  });

  it("reports a bad DOCKLS_SERVER_PATH", () => {
    assert.throws(
      () => findServer(input({ env: { DOCKLS_SERVER_PATH: path.join(tmp, "nope") } })),
      (e: unknown) => e instanceof ServerNotFoundError && e.misconfigured && e.message.includes("DOCKLS_SERVER_PATH"),
    );
  });
});

describe("resolveUserPath", () => {
  it("expands ~ and resolves relative paths against the workspace folder", () => {
    assert.equal(resolveUserPath("~", "/home/u", "/ws"), "/home/u");
    assert.equal(resolveUserPath("~/bin/dockls", "/home/u", "/ws"), path.join("/home/u", "bin/dockls"));
    assert.equal(resolveUserPath("tools/dockls", "/home/u", "/ws"), path.resolve("/ws", "tools/dockls"));
    assert.equal(resolveUserPath("/opt/dockls", "/home/u", "/ws"), "/opt/dockls");
    assert.equal(resolveUserPath("  /opt/dockls ", "/home/u", "/ws"), "/opt/dockls");
  });

  it("keeps a relative path relative when there is no workspace folder", () => {
    assert.equal(resolveUserPath("dockls", "/home/u", undefined), "dockls");
  });
});

describe("findOnPath on Windows", () => {
  it("uses Path and PATHEXT", () => {
    const dir = path.join(tmp, "win");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "dockls.exe"), "");
    assert.equal(findOnPath({ Path: `${path.join(tmp, "none")};${dir}`, PATHEXT: ".COM;.EXE" }, "win32"), path.join(dir, "dockls.exe"));
    assert.equal(findOnPath({ Path: dir, PATHEXT: ".BAT" }, "win32"), undefined);
  });
});

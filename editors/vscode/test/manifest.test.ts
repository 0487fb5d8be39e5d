// package.json against the code and against the server's configuration schema.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

import { CLIENT_SETTING_KEYS, SERVER_SETTING_KEYS } from "../src/settings";

// bundled to dist/test/*.js: the extension's root is two levels up, the repository's four
const extRoot = path.resolve(__dirname, "../..");
const repoRoot = path.resolve(extRoot, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(extRoot, "package.json"), "utf8"));
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema/dockls.schema.json"), "utf8"));
const extensionSource = fs.readFileSync(path.join(extRoot, "src/extension.ts"), "utf8");

type Prop = { type?: string | string[]; default?: unknown; enum?: string[]; description?: string; markdownDescription?: string; additionalProperties?: Prop; items?: Prop };
const declared: Record<string, Prop> = Object.assign(
  {},
  ...(pkg.contributes.configuration as { properties: Record<string, Prop> }[]).map((c) => c.properties),
);

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function schemaProp(key: string): Prop & { properties?: Record<string, Prop> } {
  const [head, ...rest] = key.split(".").map(kebab);
  let prop = schema.properties[head];
  for (const part of rest) {
    prop = prop?.properties?.[part];
  }
  return prop;
}

function resolveRef(p: Prop & { $ref?: string }): Prop {
  if (p.$ref) {
    const name = p.$ref.replace("#/definitions/", "");
    return schema.definitions[name];
  }
  return p;
}

describe("settings", () => {
  it("declares exactly the keys the code reads", () => {
    const expected = [...SERVER_SETTING_KEYS, ...CLIENT_SETTING_KEYS].map((k) => `dockls.${k}`).sort();
    assert.deepEqual(Object.keys(declared).sort(), expected);
  });

  it("gives every setting a default and a description", () => {
    for (const [key, prop] of Object.entries(declared)) {
      assert.ok("default" in prop, `${key} has no default`);
      assert.ok(prop.description || prop.markdownDescription, `${key} has no description`);
    }
  });

  it("covers every key of the server's schema except the CLI-only fail-level", () => {
    const fromSchema = Object.entries(schema.properties as Record<string, Prop & { properties?: Record<string, Prop> }>).flatMap(
      ([k, v]) => (v.properties ? Object.keys(v.properties).map((sub) => `${k}.${sub}`) : [k]),
    );
    const fromPackage = SERVER_SETTING_KEYS.map((k) => k.split(".").map(kebab).join("."));
    assert.deepEqual(fromSchema.filter((k) => k !== "fail-level").sort(), [...fromPackage].sort());
  });

  it("matches the schema's types, enums and defaults", () => {
    for (const key of SERVER_SETTING_KEYS) {
      const ours = declared[`dockls.${key}`];
      const theirs = schemaProp(key);
      assert.ok(theirs, `dockls.${key} is not in the schema`);
      if (theirs.enum) {
        assert.deepEqual(ours.enum, theirs.enum, `enum of dockls.${key}`);
      }
      if (theirs.additionalProperties && typeof theirs.additionalProperties === "object") {
        const values = resolveRef(theirs.additionalProperties);
        if (values.enum) {
          assert.deepEqual(ours.additionalProperties?.enum, values.enum, `values of dockls.${key}`);
        }
      }
      const ourType = ([] as string[]).concat(ours.type ?? []);
      const theirType = ([] as string[]).concat(theirs.type ?? []);
      for (const t of theirType) {
        assert.ok(ourType.includes(t), `dockls.${key} type ${JSON.stringify(ourType)} lacks ${t}`);
      }
      if (ours.default !== null && theirs.default !== undefined) {
        assert.deepEqual(ours.default, theirs.default, `default of dockls.${key}`);
      }
    }
  });

  it("restricts the path and environment settings in untrusted workspaces", () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
    assert.ok(restricted.includes("dockls.server.path"));
    assert.ok(restricted.includes("dockls.server.extraEnv"));
    for (const key of restricted) {
      assert.ok(key in declared, `${key} is restricted but not declared`);
    }
  });
});

describe("contributions", () => {
  it("extends the built-in dockerfile language with the Dockerfile and Containerfile names", () => {
    const lang = (pkg.contributes.languages as { id: string; filenames: string[]; filenamePatterns: string[] }[]).find(
      (l) => l.id === "dockerfile",
    );
    assert.ok(lang);
    assert.deepEqual(lang.filenames, ["Dockerfile", "Containerfile"]);
    for (const p of ["*.Dockerfile", "*.dockerfile", "Dockerfile.*", "Containerfile.*"]) {
      assert.ok(lang.filenamePatterns.includes(p), `missing ${p}`);
    }
    assert.ok(pkg.activationEvents.includes("onLanguage:dockerfile"));
  });

  it("registers every declared command, and declares every registered one", () => {
    const declaredCommands = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    const registered = [...extensionSource.matchAll(/registerCommand\("([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(registered, declaredCommands);
    assert.deepEqual(declaredCommands, ["dockls.restartServer", "dockls.showLogs"]);
  });

  it("pins @types/vscode to the engine minimum and a client that supports it", () => {
    const engine = (pkg.engines.vscode as string).replace(/^\^/, "");
    assert.equal(pkg.devDependencies["@types/vscode"], engine);
    // vscode-languageclient 9 needs VS Code 1.82; 10 and 11 need 1.91
    const client = Number((pkg.dependencies["vscode-languageclient"] as string).replace(/^\D*/, "").split(".")[0]);
    const minor = Number(engine.split(".")[1]);
    assert.ok(client === 9 ? minor >= 82 : minor >= 91, `vscode-languageclient ${client} with engine ${engine}`);
  });

  it("starts `dockls server` with the client id that matches dockls.trace.server", () => {
    assert.match(extensionSource, /new LanguageClient\("dockls",/);
    assert.match(extensionSource, /\["server", \.\.\.stringList/);
    assert.ok("dockls.trace.server" in declared);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isSet, serverSettings, stringList, stringMap, type SettingValue } from "../src/settings";

function reader(values: Record<string, unknown>): (key: string) => SettingValue {
  return (key) => (key in values ? { set: true, value: values[key] } : { set: false });
}

describe("serverSettings", () => {
  it("sends nothing when the user set nothing", () => {
    assert.deepEqual(serverSettings(reader({})), {});
  });

  it("sends the keys the user set, nesting dotted keys", () => {
    const sent = serverSettings(
      reader({
        extendSelect: ["unused-suppression"],
        severity: { "maintainer-deprecated": "error" },
        preview: false,
        "formatter.indentWidth": 2,
        "formatter.keywordCase": "lower",
      }),
    );
    assert.deepEqual(sent, {
      extendSelect: ["unused-suppression"],
      severity: { "maintainer-deprecated": "error" },
      preview: false,
      formatter: { indentWidth: 2, keywordCase: "lower" },
    });
  });

  it("leaves out null values (select: null means the default selection)", () => {
    assert.deepEqual(serverSettings(reader({ select: null, ignore: ["DL3008"] })), { ignore: ["DL3008"] });
  });

  it("ignores client-only and unknown keys", () => {
    assert.deepEqual(serverSettings(reader({ "server.path": "/x", "trace.server": "verbose", bogus: 1 })), {});
  });
});

describe("isSet", () => {
  it("counts user, workspace and folder values, not defaults", () => {
    assert.equal(isSet(undefined), false);
    assert.equal(isSet({}), false);
    assert.equal(isSet({ globalValue: false }), true);
    assert.equal(isSet({ workspaceValue: [] }), true);
    assert.equal(isSet({ workspaceFolderValue: {} }), true);
  });
});

describe("stringList and stringMap", () => {
  it("keep only strings", () => {
    assert.deepEqual(stringList(["--a", 1, null, "b"]), ["--a", "b"]);
    assert.deepEqual(stringList("--a"), []);
    assert.deepEqual(stringMap({ DOCKLS_LOG: "debug", N: 1 }), { DOCKLS_LOG: "debug" });
    assert.deepEqual(stringMap(["x"]), {});
    assert.deepEqual(stringMap(null), {});
  });
});

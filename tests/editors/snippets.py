#!/usr/bin/env python3
"""Checks the editor configuration that is shipped as files or shown in the READMEs.

    snippets.py helix   editors/helix/languages.toml and the TOML blocks of its README
    snippets.py zed     editors/zed/settings.json and the JSON blocks of its README
    snippets.py docs    every JSON/JSONC/TOML block in the editor READMEs parses, and every
                        server setting in them is a real key (schema/dockls.schema.json) and
                        every VS Code setting is one the extension declares

Prints one line per check; exits 1 when one fails.
"""

import json
import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    sys.exit("snippets.py needs Python 3.11 or later (tomllib)")

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
SCHEMA = json.loads((REPO / "schema" / "dockls.schema.json").read_text())
VSCODE_PACKAGE = json.loads((EDITORS / "vscode" / "package.json").read_text())

# Helix's language server feature names (helix-core LanguageServerFeature).
HELIX_FEATURES = {
    "format", "goto-definition", "goto-declaration", "goto-type-definition", "goto-reference",
    "goto-implementation", "signature-help", "hover", "document-highlight", "completion",
    "code-action", "workspace-command", "document-symbols", "workspace-symbols", "diagnostics",
    "rename-symbol", "inlay-hints", "document-colors",
}

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def blocks(path, langs):
    """(language, text, line) of each fenced code block in a Markdown file."""
    text = path.read_text()
    for m in re.finditer(r"^([ \t]*)```(\w+)[^\n]*\n(.*?)^\1```", text, re.M | re.S):
        if m.group(2) in langs:
            indent = m.group(1)
            body = "\n".join(l[len(indent):] if l.startswith(indent) else l for l in m.group(3).splitlines())
            yield m.group(2), body, text[: m.start()].count("\n") + 1


def parse(lang, body):
    if lang == "toml":
        return tomllib.loads(body)
    if lang == "jsonc":
        body = re.sub(r"^\s*//.*$", "", body, flags=re.M)
    return json.loads(body)


def kebab(key):
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key).replace("_", "-")


def check_server_settings(obj, where):
    """`obj` is what the server receives as its `dockls` section."""
    check(isinstance(obj, dict), f"{where}: server settings are a table")
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        prop = SCHEMA["properties"].get(kebab(key))
        check(prop is not None, f"{where}: `{key}` is a server setting")
        if prop is not None and "properties" in prop and isinstance(value, dict):
            for sub in value:
                check(kebab(sub) in prop["properties"], f"{where}: `{key}.{sub}` is a server setting")


# keys under which clients keep what they send to a server (a `dockls` table inside one is
# the server's settings section)
SETTINGS_CONTAINERS = {"settings", "config", "initialization_options", "initializationOptions"}


def find_server_sections(obj, where, parent=None):
    """Every `dockls` settings table nested in a parsed snippet, and every `dockls.*` VS Code key."""
    declared = {k for c in VSCODE_PACKAGE["contributes"]["configuration"] for k in c["properties"]}
    found = 0
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "dockls" and parent in SETTINGS_CONTAINERS:
                check_server_settings(value, where)
                found += 1
            elif key.startswith("dockls."):
                check(key in declared, f"{where}: `{key}` is a setting of the VS Code extension")
                found += 1
            else:
                found += find_server_sections(value, where, key)
    elif isinstance(obj, list):
        for item in obj:
            found += find_server_sections(item, where, parent)
    return found


def helix():
    path = EDITORS / "helix" / "languages.toml"
    cfg = tomllib.loads(path.read_text())
    check(True, f"{path.relative_to(REPO)} parses")
    server = cfg.get("language-server", {}).get("dockls", {})
    check(server.get("command") == "dockls", 'language-server.dockls.command is "dockls"')
    check(server.get("args") == ["server"], 'language-server.dockls.args is ["server"]')
    check_server_settings(server.get("config", {}).get("dockls", {}), "language-server.dockls.config.dockls")
    langs = [l for l in cfg.get("language", []) if l.get("name") == "dockerfile"]
    check(len(langs) == 1, 'one [[language]] named "dockerfile"')
    lang = langs[0] if langs else {}
    check(lang.get("language-servers") == ["dockls"], 'its language-servers is ["dockls"]')
    check(lang.get("roots") == [], "its roots are empty (the workspace is the root)")
    check(set(lang) <= {"name", "language-servers", "roots"}, "it changes nothing else of Helix's defaults")

    readme = EDITORS / "helix" / "README.md"
    for lang_name, body, line in blocks(readme, {"toml"}):
        where = f"{readme.relative_to(REPO)}:{line}"
        doc = tomllib.loads(body)
        check(True, f"{where} parses")
        for entry in doc.get("language", []):
            servers = entry.get("language-servers", [])
            names = [s if isinstance(s, str) else s.get("name") for s in servers]
            check(names[:1] == ["dockls"], f"{where}: dockls comes first in language-servers")
            for s in servers:
                if isinstance(s, dict):
                    feats = set(s.get("except-features", [])) | set(s.get("only-features", []))
                    check(feats <= HELIX_FEATURES, f"{where}: {sorted(feats)} are Helix features")
        config = doc.get("language-server", {}).get("dockls", {}).get("config", {})
        if "dockls" in config:
            check_server_settings(config["dockls"], where)


def zed():
    path = EDITORS / "zed" / "settings.json"
    cfg = json.loads(path.read_text())
    check(True, f"{path.relative_to(REPO)} is valid JSON")
    slot = cfg.get("lsp", {}).get("dockerfile-language-server", {})
    binary = slot.get("binary", {})
    check(str(binary.get("path", "")).endswith("/dockls"), "lsp.dockerfile-language-server.binary.path is a dockls binary")
    check(binary.get("arguments") == ["server"], 'its arguments are ["server"]')
    check(isinstance(slot.get("initialization_options"), dict), "initialization_options is an object")
    check_server_settings(slot.get("settings", {}).get("dockls"), "lsp.dockerfile-language-server.settings.dockls")
    servers = cfg.get("languages", {}).get("Dockerfile", {}).get("language_servers", [])
    check(servers[:1] == ["dockerfile-language-server"], "the Dockerfile language uses that slot first")
    check("!docker-language-server" in servers, "and turns docker-language-server off")
    patterns = cfg.get("file_types", {}).get("Dockerfile", [])
    for p in ("Dockerfile.*", "Containerfile.*", "*.containerfile"):
        check(p in patterns, f"file_types.Dockerfile has {p}")

    readme = EDITORS / "zed" / "README.md"
    for lang_name, body, line in blocks(readme, {"json", "jsonc"}):
        where = f"{readme.relative_to(REPO)}:{line}"
        doc = parse(lang_name, body)
        check(True, f"{where} parses")
        check(find_server_sections(doc, where) > 0, f"{where} sets server settings")


def docs():
    files = [REPO / "README.md", EDITORS / "README.md"] + sorted(EDITORS.glob("*/README.md"))
    for path in files:
        for lang_name, body, line in blocks(path, {"json", "jsonc", "toml"}):
            where = f"{path.relative_to(REPO)}:{line}"
            try:
                doc = parse(lang_name, body)
            except (ValueError, tomllib.TOMLDecodeError) as e:
                check(False, f"{where}: {lang_name} block parses ({e})")
                continue
            check(True, f"{where}: {lang_name} block parses")
            find_server_sections(doc, where)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    {"helix": helix, "zed": zed, "docs": docs}.get(what, lambda: sys.exit(__doc__))()
    print(f"{what}: {len(failures)} failed" if failures else f"{what}: all checks passed")
    sys.exit(1 if failures else 0)

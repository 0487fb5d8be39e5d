#!/usr/bin/env bash
# Every JSON/TOML block in the editor READMEs parses; server settings in them are real keys.
set -euo pipefail
exec python3 "$(dirname "$0")/snippets.py" docs

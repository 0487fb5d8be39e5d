#!/usr/bin/env bash
# Zed: editors/zed/settings.json and the JSON in its README are valid and have the expected keys.
set -euo pipefail
exec python3 "$(dirname "$0")/snippets.py" zed

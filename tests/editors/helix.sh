#!/usr/bin/env bash
# Helix: editors/helix/languages.toml and the TOML in its README parse and have the expected keys.
set -euo pipefail
exec python3 "$(dirname "$0")/snippets.py" helix

#!/usr/bin/env bash
# Output formats checked by external validators (SARIF against its JSON schema).
exec "$(dirname "$0")/../formats/run.sh"

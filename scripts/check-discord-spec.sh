#!/usr/bin/env bash
# Checks that bot/discordtest/testdata holds the same copy of Discord's
# OpenAPI description as the project's shared folder (../shared/discord-api-spec
# beside the repository), which the tests never read. With --update, copies
# the shared files over the local ones. Without the shared folder (a clean
# clone), there is nothing to compare: exit 0 with a note.
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${DISCORD_API_SPEC_DIR:-../shared/discord-api-spec}"
local=bot/discordtest/testdata
if [ ! -d "$shared" ]; then
  echo "check-discord-spec: no shared spec at $shared; nothing to compare" >&2
  exit 0
fi
status=0
for f in openapi.json LICENSE SOURCE.md; do
  if cmp -s "$shared/$f" "$local/$f"; then
    continue
  fi
  if [ "${1:-}" = "--update" ]; then
    cp "$shared/$f" "$local/$f"
    echo "updated $local/$f from $shared/$f"
  else
    echo "$local/$f differs from $shared/$f; run $0 --update" >&2
    status=1
  fi
done
exit $status

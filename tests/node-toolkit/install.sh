#!/usr/bin/env bash
# Installs this folder's locked packages (@picahq/toolkit and its AI-SDK peers ai and zod, which its index and
# execute-tool.mjs import) unless they are there. Tests and benches call it, possibly at the same time: two
# `npm ci` in one folder break each other, so the first waits here for the other and then finds them installed.
set -euo pipefail
cd "$(dirname "$0")"
exec 9>node_modules.lock
flock 9
if [ -d node_modules/@picahq/toolkit ] && [ -d node_modules/ai ] && [ -d node_modules/zod ]; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts >&2

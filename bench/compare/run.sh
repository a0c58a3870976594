#!/usr/bin/env bash
# Side by side: AuthKit for .NET vs the official Node SDK (@picahq/authkit-token 1.0.4), same local
# server (PicaServer: Pica's two endpoints, seeded per-request latency), alternating round by round.
# Prints medians and ratios (ours / Node). Every count is an environment variable:
#   ROUNDS=5 ONE_PAGE_TOKENS=20 WARMUP=20 MANY_PAGES=20 MANY_PAGES_TOKENS=4 MANY_PAGES_WARMUP=2
#   CPU_TOKENS=3000 CPU_CONCURRENCY=64 CPU_ROUNDS=3 CPU_WARMUP=1000 CPU_WARMED_ROUNDS=2 CPU_WARMED_WARMUP=12000
#   ONE_PAGE_LATENCY=40-60 MANY_PAGES_LATENCY=20-80 CPU_LATENCY=40-60 (ms, uniform per request)
#   PORT=5399 SEED=1 WITH_BASELINE=0 (1 adds the hand-written HttpClient client to the latency workloads;
#   the CPU workloads always run it) SKIP_LATENCY=0 SKIP_CPU=0
#   JSON_OUT=path (results as JSON) AOT=1 (0: no Native AOT client) CPU_VARIANTS=dotnet-nopgo,dotnet-aot
#   (more variants: dotnet-notiered, dotnet-nocache: the white-label cache off, a flags call per token)
# Each run also prints the requests the server received per token in its measured window (steady state).
# Usage: bench/compare/run.sh        (about 4-5 minutes with the defaults on 2 cores, a first Native AOT publish adds 1)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
help_or_no_arguments "$@"
require_tools \
  "dotnet: the .NET 10 SDK" \
  "node: Node.js 20 or later (apt-get install -y nodejs)" \
  "npm: npm (apt-get install -y npm)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

dotnet build -c Release -nologo -v q PicaServer/PicaServer.csproj
dotnet build -c Release -nologo -v q DotnetClient/DotnetClient.csproj
(cd node && npm ci --no-audit --no-fund --loglevel=error)
# The Native AOT variant of the client, when clang is there (apt-get install clang zlib1g-dev); AOT=0 skips it.
rm -rf DotnetClient/bin/aot
if [[ "${AOT:-1}" == 1 ]] && command -v clang >/dev/null; then
  dotnet publish -c Release -nologo -v q -r linux-x64 -p:PublishAot=true -o DotnetClient/bin/aot DotnetClient/DotnetClient.csproj
fi

export PORT="${PORT:-5399}"
dotnet PicaServer/bin/Release/net10.0/PicaServer.dll --port "$PORT" --seed "${SEED:-1}" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

node compare.mjs

#!/usr/bin/env bash
# Start-up: wall time and peak RSS of a fresh process that creates one token against the local
# server (no added latency), for the Native AOT sample, the same sample on the JIT, and the Node SDK.
# Needs clang and zlib1g-dev (Native AOT) and hyperfine (apt-get install -y clang zlib1g-dev hyperfine).
#   RUNS=30 PORT=5398 bench/compare/startup.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
help_or_no_arguments "$@"
require_tools \
  "dotnet: the .NET 10 SDK" \
  "node: Node.js 20 or later (apt-get install -y nodejs)" \
  "npm: npm (apt-get install -y npm)" \
  "clang: clang, for Native AOT (apt-get install -y clang zlib1g-dev)" \
  "hyperfine: hyperfine (apt-get install -y hyperfine)" \
  "/usr/bin/time: GNU time, for the peak RSS (apt-get install -y time)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/bin/startup"
runs="${RUNS:-30}"

dotnet build -c Release -nologo -v q "$here/PicaServer/PicaServer.csproj"
dotnet build -c Release -nologo -v q "$root/samples/AuthKit.Sample.Aot/AuthKit.Sample.Aot.csproj"
dotnet publish -c Release -nologo -v q -r linux-x64 -o "$out/aot" "$root/samples/AuthKit.Sample.Aot/AuthKit.Sample.Aot.csproj"
(cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error)

export PORT="${PORT:-5398}"
dotnet "$here/PicaServer/bin/Release/net10.0/PicaServer.dll" --port "$PORT" --min 0 --max 0 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  node -e "fetch('http://127.0.0.1:$PORT/_bench/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  sleep 0.1
done

export PICA_SECRET_KEY=sk_test_compare_0123456789 PICA_BASE_URL="http://127.0.0.1:$PORT"
aot="$out/aot/AuthKit.Sample.Aot"
jit="$root/samples/AuthKit.Sample.Aot/bin/Release/net10.0/AuthKit.Sample.Aot"
node_once="node $here/node/once.mjs"

"$aot" && $node_once && "$jit"
hyperfine -N -w 3 -r "$runs" -n "native-aot" "$aot" -n "node" "$node_once" -n "jit" "$jit"
for name in native-aot node jit; do
  case "$name" in native-aot) cmd="$aot" ;; node) cmd="$node_once" ;; jit) cmd="$jit" ;; esac
  rss=$(for _ in 1 2 3 4 5; do /usr/bin/time -f "%M" $cmd 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p)
  echo "$name: median peak RSS of 5 runs: $((rss / 1024)) MiB ($rss KiB)"
done

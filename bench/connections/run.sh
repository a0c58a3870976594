#!/usr/bin/env bash
# bench/connections: 1,000 connections of one identity at 20-80 ms per request, AuthKit for .NET's
# listing vs @picahq/toolkit 1.0.3's, in one run. Exit code 0 when total <= 0.5x and first <= 0.2x.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/connections/ConnectionsBench -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/connections/ConnectionsBench -- "${1:-7}"

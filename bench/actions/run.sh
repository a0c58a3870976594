#!/usr/bin/env bash
# bench/actions: one action executed through one identity's Gmail at 20-80 ms per request, AuthKit for
# .NET's ExecuteActionAsync vs @picahq/toolkit 1.0.3's executeAction, in one run: requests and time per
# execution, first call and steady state. Exit code 0 when the steady state takes <= 0.4x the toolkit's time.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/actions/ActionsBench -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/actions/ActionsBench -- "${1:-7}"

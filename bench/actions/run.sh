#!/usr/bin/env bash
# bench/actions: one action executed through one identity's Gmail, AuthKit for .NET (ExecuteActionAsync,
# the execute_action tool, a chat turn through FunctionInvokingChatClient) vs @picahq/toolkit 1.0.3
# (executeAction, its execute tool, an AI SDK turn), on one emulator, in one run:
#   1. at 20-80 ms per request: time and requests per execution, first call and steady state;
#   2. without latency: the per-call cost in steady state of each way, and its ratio to ExecuteActionAsync.
# Usage: bench/actions/run.sh [runs (7)] [calls (300)]. Installs tests/node-toolkit's locked packages
# (peers included) when missing. Exit code 0 when the steady state takes <= 0.4x the toolkit's time and
# one request, directly and through the tool.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/actions/ActionsBench -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/actions/ActionsBench -- "${1:-7}" "${2:-300}"

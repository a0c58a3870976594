// Runs the workloads of bench/compare/run.sh against the server it started, alternating AuthKit for
// .NET and the official Node SDK round by round, and prints medians and ratios (ours / Node).
// Every knob is an environment variable (see run.sh).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const num = (name, fallback) => Number(env(name, fallback));
const range = (name, fallback) => env(name, fallback).split('-').map(Number);

const baseUrl = `http://127.0.0.1:${env('PORT', '5399')}`;
const rounds = num('ROUNDS', 5);
const withBaseline = env('WITH_BASELINE', '0') === '1';

const jitClient = path.join(here, 'DotnetClient/bin/Release/net10.0/DotnetClient.dll');
const aotClient = path.join(here, 'DotnetClient/bin/aot/DotnetClient');
const clients = {
  dotnet: (args) => ['dotnet', [jitClient, ...args], {}],
  node: (args) => ['node', [path.join(here, 'node/client.mjs'), ...args], {}],
  // The same SDK and client with the runtime's dynamic PGO off (an app setting: <TieredPGO>false</TieredPGO>).
  'dotnet-nopgo': (args) => ['dotnet', [jitClient, ...args], { DOTNET_TieredPGO: '0' }],
  // Tiered compilation off (an app setting: <TieredCompilation>false</TieredCompilation>): precompiled
  // framework code is kept, the rest is compiled once, optimized; no tier-0 code, no background re-JIT.
  'dotnet-notiered': (args) => ['dotnet', [jitClient, ...args], { DOTNET_TieredCompilation: '0' }],
  // The same client published with Native AOT (run.sh does it when clang is installed): no JIT at all.
  'dotnet-aot': (args) => [aotClient, args, {}],
  'dotnet-baseline': (args) => ['dotnet', [jitClient, ...args], { AUTHKIT_CLIENT: 'baseline' }],
  // The SDK with its white-label cache off (WhiteLabelCacheDuration = 0): a flags call per token, as before issue 10.
  'dotnet-nocache': (args) => ['dotnet', [jitClient, ...args], { AUTHKIT_WHITE_LABEL_CACHE_SECONDS: '0' }],
};
const sdks = withBaseline ? ['dotnet', 'node', 'dotnet-baseline'] : ['dotnet', 'node'];
// Extra .NET variants for the CPU workload only (the latency workloads wait on the server).
const cpuVariants = env('CPU_VARIANTS', existsSync(aotClient) ? 'dotnet-nopgo,dotnet-aot' : 'dotnet-nopgo')
  .split(',')
  .filter((v) => v && clients[v]);

function run(sdk, args) {
  const [command, commandArgs, extraEnv] = clients[sdk](args);
  const result = spawnSync(command, commandArgs, { env: { ...process.env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(`${sdk} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

async function setLatency([min, max]) {
  const answer = await fetch(`${baseUrl}/_bench/latency?min=${min}&max=${max}`, { method: 'POST' });
  if (!answer.ok) throw new Error(`Setting the latency failed: ${answer.status}`);
}

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${baseUrl}/_bench/ready`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No server at ${baseUrl}`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Alternates the order every round, so neither SDK always runs on a warmer (or busier) machine.
function alternate(round) {
  return round % 2 === 0 ? sdks : [...sdks].reverse();
}

// Requests the server received per token in each run's measured window (after its warm-up): the steady state.
function requestsLine(requests) {
  const perToken = Object.fromEntries(Object.entries(requests).map(([sdk, values]) => [sdk, median(values)]));
  console.log(`  requests to Pica per token (server's count, median of runs): ${Object.entries(perToken).map(([sdk, n]) => `${sdk} ${n.toFixed(3)}`).join(', ')}`);
  return perToken;
}

async function latencyWorkload(name, pages, latency, count, warmup, goal) {
  await setLatency(latency);
  const samples = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  const requests = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  for (let round = 0; round < rounds; round++) {
    for (const sdk of alternate(round)) {
      const result = run(sdk, ['latency', baseUrl, String(pages), String(count), String(warmup)]);
      samples[sdk].push(...result.ms);
      requests[sdk].push(result.requests.perToken);
    }
  }
  const line = report(name, 'ms per token', samples, goal);
  line.requestsPerToken = requestsLine(requests);
  return line;
}

async function cpuWorkload(name, latency, tokens, concurrency, warmup, cpuRounds, variants, goal, aotGoal) {
  await setLatency(latency);
  // The hand-written client is always measured here: it shows what part of the CPU is the runtime's.
  const all = [...new Set([...sdks, 'dotnet-baseline', ...variants])];
  const samples = Object.fromEntries(all.map((sdk) => [sdk, []]));
  const walls = Object.fromEntries(all.map((sdk) => [sdk, []]));
  const requests = Object.fromEntries(all.map((sdk) => [sdk, []]));
  for (let round = 0; round < cpuRounds; round++) {
    for (const sdk of round % 2 === 0 ? all : [...all].reverse()) {
      const result = run(sdk, ['cpu', baseUrl, String(tokens), String(concurrency), String(warmup)]);
      samples[sdk].push(result.cpuSeconds);
      walls[sdk].push(result.wallSeconds);
      requests[sdk].push(result.requests.perToken);
    }
  }
  const line = report(name, 'client CPU s', samples, goal);
  line.wall = Object.fromEntries(all.map((sdk) => [sdk, median(walls[sdk])]));
  line.variants = {};
  for (const variant of variants) {
    const m = median(samples[variant]);
    line.variants[variant] = m;
    const ratio = m / line.medians.node;
    // Native AOT has no warm-up: its fresh process is held to its goal.
    const verdict = variant === 'dotnet-aot' && aotGoal !== null ? `  (goal <= ${aotGoal}: ${ratio <= aotGoal ? 'met' : 'MISSED'})` : '';
    console.log(`  ${variant.padEnd(42)} ${'client CPU s'.padEnd(13)} ours ${m.toFixed(3).padStart(9)}  ratio to node ${ratio.toFixed(2)}${verdict}  range ${Math.min(...samples[variant]).toFixed(2)}-${Math.max(...samples[variant]).toFixed(2)}`);
  }
  console.log(`  wall s (median): ${all.map((sdk) => `${sdk} ${line.wall[sdk].toFixed(2)}`).join(', ')}`);
  line.requestsPerToken = requestsLine(requests);
  return line;
}

function report(name, unit, samples, goal) {
  const medians = Object.fromEntries(Object.entries(samples).map(([sdk, values]) => [sdk, median(values)]));
  const spread = (sdk) => `${Math.min(...samples[sdk]).toFixed(1)}-${Math.max(...samples[sdk]).toFixed(1)}`;
  const ratio = medians.dotnet / medians.node;
  const line = { name, unit, medians, n: samples.dotnet.length, ratio, goal, met: goal === null ? null : ratio <= goal };
  const verdict = goal === null ? 'reported, no goal: see docs/performance.md' : `goal <= ${goal}: ${line.met ? 'met' : 'MISSED'}`;
  const baseline = medians['dotnet-baseline'];
  console.log(
    `${name.padEnd(44)} ${unit.padEnd(13)} ours ${medians.dotnet.toFixed(3).padStart(9)}  node ${medians.node.toFixed(3).padStart(9)}` +
      (baseline === undefined ? '' : `  baseline ${baseline.toFixed(3).padStart(9)} (ratio ${(baseline / medians.node).toFixed(2)})`) +
      `  ratio ${ratio.toFixed(2)} (${verdict})  n=${line.n}/sdk, ranges ${spread('dotnet')} / ${spread('node')}`,
  );
  return line;
}

await waitForServer();
console.log(`server ${baseUrl}, ${rounds} alternating rounds, node ${process.version}`);
const onePage = range('ONE_PAGE_LATENCY', '40-60');
const manyPages = range('MANY_PAGES_LATENCY', '20-80');
const cpuLatency = range('CPU_LATENCY', '40-60');
const pages = num('MANY_PAGES', 20);
const cpuTokens = num('CPU_TOKENS', 3000);
const cpuConcurrency = num('CPU_CONCURRENCY', 64);

const results = [];
if (env('SKIP_LATENCY', '0') !== '1') {
  // Goals of issue 10 (one request per token once the white-label flag is cached): 0.5, the limit being one round trip.
  results.push(await latencyWorkload(`1-page token, ${onePage.join('-')} ms latency`, 1, onePage, num('ONE_PAGE_TOKENS', 20), num('WARMUP', 20), 0.5));
  results.push(await latencyWorkload(`${pages}-page token, ${manyPages.join('-')} ms latency`, pages, manyPages, num('MANY_PAGES_TOKENS', 4), num('MANY_PAGES_WARMUP', 2), 0.8));
}
if (env('SKIP_CPU', '0') !== '1') {
  // The goal is the CPU a token costs: measured once the runtime has settled (a worker that keeps
  // running) and with Native AOT (no JIT at all). A fresh JIT process pays for tiering (dynamic PGO)
  // during its first thousands of tokens: reported next to the hand-written client, which pays it too.
  const fresh = num('CPU_WARMUP', 1000);
  // Goals of issue 10: the settled process <= 0.3, Native AOT (fresh, no JIT) <= 0.35.
  results.push(await cpuWorkload(`${cpuTokens} 1-page tokens, ${cpuConcurrency} callers, ${fresh} warm-up`, cpuLatency, cpuTokens, cpuConcurrency, fresh, num('CPU_ROUNDS', 3), cpuVariants, null, 0.35));
  const warmed = num('CPU_WARMED_WARMUP', 12000);
  if (num('CPU_WARMED_ROUNDS', 2) > 0) {
    results.push(await cpuWorkload(`${cpuTokens} 1-page tokens, ${cpuConcurrency} callers, ${warmed} warm-up`, cpuLatency, cpuTokens, cpuConcurrency, warmed, num('CPU_WARMED_ROUNDS', 2), [], 0.3, null));
  }
}
if (env('JSON_OUT')) {
  (await import('node:fs')).writeFileSync(env('JSON_OUT'), JSON.stringify(results, null, 2));
}

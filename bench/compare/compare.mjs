// Runs the workloads of bench/compare/run.sh against the server it started, alternating AuthKit for
// .NET and the official Node SDK round by round, and prints medians and ratios (ours / Node).
// Every knob is an environment variable (see run.sh).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const num = (name, fallback) => Number(env(name, fallback));
const range = (name, fallback) => env(name, fallback).split('-').map(Number);

const baseUrl = `http://127.0.0.1:${env('PORT', '5399')}`;
const rounds = num('ROUNDS', 5);
const withBaseline = env('WITH_BASELINE', '0') === '1';

const clients = {
  dotnet: (args) => ['dotnet', [path.join(here, 'DotnetClient/bin/Release/net10.0/DotnetClient.dll'), ...args], {}],
  node: (args) => ['node', [path.join(here, 'node/client.mjs'), ...args], {}],
  'dotnet-baseline': (args) => ['dotnet', [path.join(here, 'DotnetClient/bin/Release/net10.0/DotnetClient.dll'), ...args], { AUTHKIT_CLIENT: 'baseline' }],
};
const sdks = withBaseline ? ['dotnet', 'node', 'dotnet-baseline'] : ['dotnet', 'node'];

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

async function latencyWorkload(name, pages, latency, count, goal) {
  await setLatency(latency);
  const samples = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  for (let round = 0; round < rounds; round++) {
    for (const sdk of alternate(round)) {
      samples[sdk].push(...run(sdk, ['latency', baseUrl, String(pages), String(count), env('WARMUP', '3')]).ms);
    }
  }
  return report(name, 'ms per token', samples, goal);
}

async function cpuWorkload(name, latency, tokens, concurrency, goal) {
  await setLatency(latency);
  const samples = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  const walls = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  for (let round = 0; round < num('CPU_ROUNDS', 3); round++) {
    for (const sdk of alternate(round)) {
      const result = run(sdk, ['cpu', baseUrl, String(tokens), String(concurrency), env('CPU_WARMUP', '1000')]);
      samples[sdk].push(result.cpuSeconds);
      walls[sdk].push(result.wallSeconds);
    }
  }
  const line = report(name, 'client CPU s', samples, goal);
  line.wall = Object.fromEntries(sdks.map((sdk) => [sdk, median(walls[sdk])]));
  return line;
}

function report(name, unit, samples, goal) {
  const medians = Object.fromEntries(Object.entries(samples).map(([sdk, values]) => [sdk, median(values)]));
  const ratio = medians.dotnet / medians.node;
  const line = { name, unit, medians, n: samples.dotnet.length, ratio, goal, met: ratio <= goal };
  console.log(
    `${name.padEnd(44)} ${unit.padEnd(13)} ours ${medians.dotnet.toFixed(3).padStart(9)}  node ${medians.node.toFixed(3).padStart(9)}` +
      (withBaseline ? `  baseline ${medians['dotnet-baseline'].toFixed(3).padStart(9)}` : '') +
      `  ratio ${ratio.toFixed(2)} (goal <= ${goal}: ${line.met ? 'met' : 'MISSED'})  n=${line.n}/sdk`,
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
  results.push(await latencyWorkload(`1-page token, ${onePage.join('-')} ms latency`, 1, onePage, num('ONE_PAGE_TOKENS', 20), 0.6));
  results.push(await latencyWorkload(`${pages}-page token, ${manyPages.join('-')} ms latency`, pages, manyPages, num('MANY_PAGES_TOKENS', 4), 0.8));
}
if (env('SKIP_CPU', '0') !== '1') {
  results.push(await cpuWorkload(`${cpuTokens} 1-page tokens, ${cpuConcurrency} callers`, cpuLatency, cpuTokens, cpuConcurrency, 0.5));
}
if (env('JSON_OUT')) {
  (await import('node:fs')).writeFileSync(env('JSON_OUT'), JSON.stringify(results, null, 2));
}

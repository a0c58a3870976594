// The Node SDK's side of bench/compare/run.sh (DotnetClient is ours; same arguments, same JSON out):
//   node client.mjs latency <baseUrl> <pages> <count> <warmup>
//   node client.mjs cpu <baseUrl> <count> <concurrency> <warmup>
import { AuthKitToken } from '@picahq/authkit-token';

const [mode, baseUrl, ...rest] = process.argv.slice(2);
const authKit = new AuthKitToken('sk_test_compare_0123456789', { baseUrl });

// The requests the bench server received (pages and flags calls), read before and after the measured window.
async function serverRequests() {
  return (await fetch(new URL('/_bench/requests', baseUrl))).json();
}

function requestsSince(before, after, tokens) {
  const pages = after.pages - before.pages;
  const flags = after.flags - before.flags;
  return { pages, flags, perToken: Number(((pages + flags) / tokens).toFixed(3)) };
}

async function create(identity) {
  const token = await authKit.create({ identity, identityType: 'user' });
  // The Node SDK returns error bodies as tokens: count them as failures.
  if (!token || !Array.isArray(token.rows) || token.rows.length === 0) {
    throw new Error('Not a token: ' + JSON.stringify(token)?.slice(0, 200));
  }
}

async function runConcurrently(count, concurrency) {
  let next = -1;
  const caller = async () => {
    while (++next < count) {
      await create('pages1_user');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
}

if (mode === 'latency') {
  const [pages, count, warmup] = rest.map(Number);
  const identity = `pages${pages}_user`;
  for (let i = 0; i < warmup; i++) await create(identity);
  const ms = [];
  const requestsBefore = await serverRequests();
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await create(identity);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const requests = requestsSince(requestsBefore, await serverRequests(), count);
  console.log(JSON.stringify({ sdk: 'node', ms: ms.map((m) => Number(m.toFixed(3))), requests }));
} else if (mode === 'cpu') {
  const [count, concurrency, warmup] = rest.map(Number);
  await runConcurrently(warmup, concurrency);
  const requestsBefore = await serverRequests();
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runConcurrently(count, concurrency);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(before);
  const requests = requestsSince(requestsBefore, await serverRequests(), count);
  console.log(JSON.stringify({ sdk: 'node', cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(3)), wallSeconds: Number(wall.toFixed(3)), requests }));
} else {
  throw new Error(`Unknown mode '${mode}': latency or cpu.`);
}

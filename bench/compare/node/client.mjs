// The Node SDK's side of bench/compare/run.sh (DotnetClient is ours; same arguments, same JSON out):
//   node client.mjs latency <baseUrl> <pages> <count> <warmup>
//   node client.mjs cpu <baseUrl> <count> <concurrency> <warmup>
import { AuthKitToken } from '@picahq/authkit-token';

const [mode, baseUrl, ...rest] = process.argv.slice(2);
const authKit = new AuthKitToken('sk_test_compare_0123456789', { baseUrl });

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
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await create(identity);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(JSON.stringify({ sdk: 'node', ms: ms.map((m) => Number(m.toFixed(3))) }));
} else if (mode === 'cpu') {
  const [count, concurrency, warmup] = rest.map(Number);
  await runConcurrently(warmup, concurrency);
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runConcurrently(count, concurrency);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({ sdk: 'node', cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(3)), wallSeconds: Number(wall.toFixed(3)) }));
} else {
  throw new Error(`Unknown mode '${mode}': latency or cpu.`);
}

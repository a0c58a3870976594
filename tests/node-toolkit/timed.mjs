// What the toolkit scripts share: the toolkit's options from the environment (PICA_IDENTITY,
// PICA_IDENTITY_TYPE; every connector) and the timing of one call, run PICA_WARMUP times untimed
// (default 0: the steady state of a warm process) and then PICA_RUNS times (default 1), each timed inside node.
export const options = { connectors: ['*'] };
if (process.env.PICA_IDENTITY) options.identity = process.env.PICA_IDENTITY;
if (process.env.PICA_IDENTITY_TYPE) options.identityType = process.env.PICA_IDENTITY_TYPE;

export const baseUrl = process.env.PICA_BASE_URL;
export const secret = process.env.PICA_SECRET;

/** Runs `call` PICA_WARMUP + PICA_RUNS times; returns the last result and the timed runs' milliseconds. */
export async function timeRuns(call) {
  const warmup = Number(process.env.PICA_WARMUP ?? '0');
  const runs = Number(process.env.PICA_RUNS ?? '1');
  let result;
  for (let i = 0; i < warmup; i++) result = await call();
  const timingsMs = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await call();
    timingsMs.push(performance.now() - started);
  }

  return { result, timingsMs };
}

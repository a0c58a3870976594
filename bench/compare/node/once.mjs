// One token from a fresh process, for the start-up comparison (docs/performance.md):
//   PICA_SECRET_KEY=sk_test_… PICA_BASE_URL=http://127.0.0.1:5399 node once.mjs [identity]
import { AuthKitToken } from '@picahq/authkit-token';

const token = await new AuthKitToken(process.env.PICA_SECRET_KEY, { baseUrl: process.env.PICA_BASE_URL }).create({
  identity: process.argv[2] ?? 'user_123',
  identityType: 'user',
});
console.log(`AuthKit token: ${token?.rows?.length} connection(s), total ${token?.total}, white-label ${token?.isWhiteLabel}, request ${token?.requestId}`);

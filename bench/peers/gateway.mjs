// Hive Gateway as the throughput section of `npm run bench` runs it (scripts/bench/peers.ts):
// its defaults, and one addition. Our subgraphs answer only a call carrying an internal token
// addressed to them; the bench mints one per subgraph for its run and passes them in
// BENCH_SUBGRAPH_TOKENS, and each call to a subgraph carries that subgraph's token.
import { defineConfig } from '@graphql-hive/gateway';

const tokens = JSON.parse(process.env.BENCH_SUBGRAPH_TOKENS ?? '{}');

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ subgraphName }) {
      const token = tokens[subgraphName] ?? tokens[subgraphName.toLowerCase()];
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  },
});

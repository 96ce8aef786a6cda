/**
 * The Apollo Server plugin of the limits: once an operation is resolved, a full export takes
 * one from the caller's export budget (the request budget is taken in the context function).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { readSupergraphSdl } from '../../schema/supergraph';
import type { GatewayContext } from '../context';
import { fullExportDetector } from './full-export';
import type { Limits } from './limits.config';
import { RateLimiter } from './rate-limiter';

export interface LimitPluginOptions {
  /** The limiter the context function takes requests from; the export budget is kept alongside. */
  rateLimiter?: RateLimiter;
  /** Where field ownership is read; default the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
}

export function limitPlugins(limits: Limits, options: LimitPluginOptions = {}): ApolloServerPlugin<GatewayContext>[] {
  const limiter = options.rateLimiter ?? new RateLimiter(limits);
  const isFullExport = fullExportDetector(options.supergraphSdl ?? readSupergraphSdl());
  return [
    {
      async requestDidStart() {
        return {
          // Once the operation is known and valid, before any subgraph is asked.
          async didResolveOperation({ contextValue, schema, document, operation }) {
            if (operation && isFullExport(schema, document, operation)) limiter.takeExport(contextValue.principal);
          },
        };
      },
    },
  ];
}

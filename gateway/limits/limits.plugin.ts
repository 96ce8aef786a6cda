/**
 * The Apollo Server plugin of the limits: once an operation is resolved, a full export takes
 * one from the caller's export budget (the request budget is taken in the context function).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { readSupergraphSdl } from '../../schema/supergraph';
import type { GatewayContext } from '../context';
import { fullExportDetector } from './full-export';
import { RateLimiter } from './rate-limiter';

export interface LimitPluginOptions {
  /**
   * The limiter the context function takes requests from; the export budget is kept alongside.
   * Required, never made here: a limiter of its own would be a second budget that nobody else
   * sees or configures, and forgetting to pass one would go unnoticed.
   */
  rateLimiter: RateLimiter;
  /** Where field ownership is read; default the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
}

export function limitPlugins(options: LimitPluginOptions): ApolloServerPlugin<GatewayContext>[] {
  // Checked at run time too: a caller through a cast or plain JavaScript is refused at build.
  if (!(options?.rateLimiter instanceof RateLimiter))
    throw new Error(
      'limitPlugins needs options.rateLimiter, the RateLimiter the gateway context takes requests from: full exports are counted there, and a limiter of its own would be a second budget no one sees',
    );
  const limiter = options.rateLimiter;
  const isFullExport = fullExportDetector(options.supergraphSdl ?? readSupergraphSdl());
  return [
    {
      async requestDidStart() {
        return {
          // Once the operation is known and valid, before any subgraph is asked.
          async didResolveOperation({ contextValue, schema, document, operation }) {
            if (operation && isFullExport(schema, document, operation))
              await limiter.admitExport(contextValue.principal);
          },
        };
      },
    },
  ];
}

/**
 * Hardening limits of the gateway (placeholder API; implementation in progress).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { Principal } from '../common/access';
import type { GatewayContext } from './context';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Body size limit of one HTTP request, in bytes. */
  maxBodyBytes: number;
  /** Requests per principal per minute. */
  requestsPerMinute: number;
  /** Full exports per principal per minute (counted on top of requestsPerMinute). */
  exportsPerMinute: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
  maxCost: 50000,
  maxBodyBytes: 256 * 1024,
  requestsPerMinute: 600,
  exportsPerMinute: 30,
};

export function limitsFromEnv(_env: NodeJS.ProcessEnv = process.env): Limits {
  return { ...DEFAULT_LIMITS };
}

export function limitValidationRules(_limits: Limits): ValidationRule[] {
  return [];
}

export function limitPlugins(_limits: Limits): ApolloServerPlugin<GatewayContext>[] {
  return [];
}

/** Per-principal request budget, checked once the caller is known. */
export class RateLimiter {
  constructor(private readonly limits: Limits) {}

  /** Throws RATE_LIMITED when the principal has no request left this minute. */
  takeRequest(_principal: Principal): void {
    void this.limits;
  }
}

import { startLoop } from '../../../common/background-loop';
import type { Background } from '../../../common/subgraph-server';
import type { RetentionService } from './retention.service';
import type { RetentionSettings } from './retention.settings';

/** Looks every `checkIntervalMs` whether a sweep is due, and claims and starts it (sweep-date.ts). */
export function startRetentionSchedule(service: RetentionService, settings: RetentionSettings): Background {
  if (!settings.scheduled) return { stop: () => Promise.resolve() };
  const startedAt = new Date();
  return startLoop('retention', settings.checkIntervalMs, () => service.scheduledTick(new Date(), startedAt));
}

/**
 * The tokens `npm start` prints in development, one per role, signed with the configured key:
 * the subject one is demo subject 0, the mentor one a mentor with an assignment in force today,
 * the guardian one bound to demo subject 3 (a minor of 15 in the demo population).
 */
import type { DataSource } from 'typeorm';
import type { Role } from '../common/access';
import { signWithConfiguredKey } from '../common/caller-token';
import { demoId } from '../common/demo/random';
import { isoDate } from '../common/duration';
import { SessionsStore } from '../subgraphs/sessions/sessions.store';

export async function devTokens(sessions: DataSource): Promise<Record<Role, string>> {
  const mentorId = (await new SessionsStore(sessions).someActiveMentor(isoDate(new Date()))) ?? demoId('mentor', 0);
  const sign = (role: Role, extra: { subjectId?: string; mentorId?: string; childId?: string } = {}) =>
    signWithConfiguredKey({ sub: `dev-${role}`, roles: [role], ...extra });
  return {
    dpo: await sign('dpo'),
    support: await sign('support'),
    tech: await sign('tech'),
    service: await sign('service'),
    subject: await sign('subject', { subjectId: demoId('subject', 0) }),
    mentor: await sign('mentor', { mentorId }),
    guardian: await sign('guardian', { childId: demoId('subject', 3) }),
  };
}

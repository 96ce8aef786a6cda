import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { demoId } from '../common/demo/random';
import { signUnsubscribe, unsubscribeKey } from '../subgraphs/requests/mail/unsubscribe.token';
import { setEnv } from './helpers/env';
import { outboxSettled } from './helpers/lifecycle';
import { rights, waitForStatus } from './helpers/rights';
import { snapshot } from './helpers/snapshot';
import { eventually, TestInbox } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';

const ENV: Record<string, string | undefined> = {
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

const SUBJECT = demoId('subject', 2);

/** The List-Unsubscribe link of a message, as a mail client reads it. */
function unsubscribeLink(mail: ParsedMail): string | undefined {
  const line = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line;
  return line?.match(/<(https?:[^>]+)>/)?.[1];
}

describe('the one-click unsubscribe link (V17, V23, O29, O11)', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  let link: string;
  let email: string;
  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ ...ENV, SMTP_URL: inbox.url });
    stack = await startStack({ subjects: 6 });
    const res = await stack.query<{ subject: { email: string } }>('query($id: ID!) { subject(id: $id) { email } }', {
      id: SUBJECT,
    });
    email = res.data!.subject.email;
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  const seen = async () => {
    const res = await stack.query<{
      subject: {
        communicationPreferences: { programmeNews: boolean; eventInvitations: boolean };
        consents: Array<{ purpose: string; granted: boolean }>;
      };
    }>(
      'query($id: ID!) { subject(id: $id) { communicationPreferences { programmeNews eventInvitations } consents { purpose granted } } }',
      { id: SUBJECT },
    );
    const s = res.data!.subject;
    return { prefs: s.communicationPreferences, marketing: s.consents.find((c) => c.purpose === 'MARKETING')?.granted };
  };
  const post = async (url: string) => {
    const res = await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { requestId?: string } };
  };

  it('V17, V23, O29: a message to the subject carries a one-click link; used without sign-in it withdraws MARKETING and turns both preferences off', async () => {
    const on = await rights(
      stack,
      'rectifySubject',
      { subjectId: SUBJECT, changes: { communicationPreferences: { programmeNews: true, eventInvitations: true } } },
      { role: 'subject', subjectId: SUBJECT },
    );
    await waitForStatus(stack, on.request!.id, ['COMPLETED']);
    expect(await seen()).toEqual({ prefs: { programmeNews: true, eventInvitations: true }, marketing: true });

    const mail = await eventually(() => inbox.to(email).find((m) => unsubscribeLink(m)), 'a message with its link');
    link = unsubscribeLink(mail)!;
    expect(link.startsWith(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/unsubscribe/`)).toBe(true);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );

    const used = await post(link);
    expect([used.status, used.body.status]).toEqual([200, 'UNSUBSCRIBED']);
    const request = await waitForStatus(stack, used.body.requestId!, ['COMPLETED']);
    expect(request).toMatchObject({ type: 'CONSENT', purpose: 'MARKETING', granted: false, subjectId: SUBJECT });
    expect(await seen()).toEqual({ prefs: { programmeNews: false, eventInvitations: false }, marketing: false });
  });

  it('V17, V23: the same link used again, a forged link and an altered one change nothing and say why', async () => {
    await outboxSettled(stack);
    const before = await snapshot(stack, ['access_log']);
    const again = await post(link);
    expect([again.status, again.body.status]).toEqual([200, 'ALREADY_UNSUBSCRIBED']);
    expect(String(again.body.message)).toContain('already used');

    const base = link.slice(0, link.lastIndexOf('/') + 1);
    const forged = await signUnsubscribe(unsubscribeKey(randomBytes(32)), {
      subjectId: demoId('subject', 3),
      messageId: '6b8f3c1e-0d4a-4c55-9f1e-2a7b9c0d1e2f',
    });
    const token = link.slice(base.length);
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [forged, altered, 'not-a-token']) {
      const res = await post(`${base}${bad}`);
      expect([res.status, (res.body.errors as Array<{ extensions: { code: string } }>)[0].extensions.code]).toEqual([
        400,
        'INVALID_UNSUBSCRIBE_LINK',
      ]);
      expect(JSON.stringify(res.body)).not.toContain(email);
    }
    expect(await snapshot(stack, ['access_log'])).toEqual(before);
  });

  it('V17: after unsubscribing, mail about the subject’s own requests still reaches them', async () => {
    const count = inbox.to(email).length;
    const res = await rights(
      stack,
      'rectifySubject',
      { subjectId: SUBJECT, changes: { phone: '+33 6 00 00 00 01' } },
      { role: 'subject', subjectId: SUBJECT },
    );
    await waitForStatus(stack, res.request!.id, ['COMPLETED']);
    await eventually(() => (inbox.to(email).length > count ? true : undefined), 'the rectification mail');
  });
});

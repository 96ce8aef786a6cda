import type { Templates } from './notice';
import { closureLine, completedLine, completedSubject, receivedLine } from './causes';
import { categoryWords, day, keptLines, lines, purposeWords, RIGHT, signature } from './words';

/** The messages in English. */
export const EN: Templates = {
  EMAIL_CONFIRMATION: (n, s) => ({
    subject: 'Confirm your new email address',
    text: lines(
      'Hello,',
      '',
      `Someone asked to use this address for an account with ${s.organisation}. If it was you, confirm it with this code before ${day('en', n.expiresAt)}:`,
      '',
      n.code,
      '',
      'If it was not you, ignore this message: nothing changes.',
      signature('en', s),
    ),
  }),
  REQUEST_RECEIVED: (n, s) => ({
    subject: 'We have received your request',
    text: lines(
      'Hello,',
      '',
      receivedLine('en', n),
      `We will answer by ${day('en', n.dueAt)} at the latest.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  REQUEST_COMPLETED: (n, s) => ({
    subject: completedSubject('en', n),
    text: lines(
      'Hello,',
      '',
      completedLine('en', n),
      closureLine('en', n),
      n.kept.length > 0 && '\nWe still keep the following, each for the reason given, after which it will be deleted:',
      ...keptLines('en', n.kept),
      '',
      `If you consider that your data was not handled in line with the GDPR, you may lodge a complaint with the supervisory authority (${s.authority}).`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  REQUEST_REJECTED: (n, s) => ({
    subject: 'We cannot act on your request',
    text: lines(
      'Hello,',
      '',
      `We cannot act on your ${RIGHT.en[n.right]}, for this reason:`,
      '',
      n.reason,
      '',
      `You may lodge a complaint with the supervisory authority (${s.authority}) and seek a judicial remedy (Art. 12(4) GDPR).`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  DEADLINE_EXTENDED: (n, s) => ({
    subject: 'The deadline to answer your request is extended',
    text: lines(
      'Hello,',
      '',
      `The deadline to answer your ${RIGHT.en[n.right]} is extended by ${n.months} month${n.months === 1 ? '' : 's'}, for this reason:`,
      '',
      n.reason,
      '',
      `We will answer by ${day('en', n.dueAt)} at the latest (Art. 12(3) GDPR).`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  PACKAGE_READY: (n, s) => ({
    subject: 'Your data is ready to download',
    text: lines(
      'Hello,',
      '',
      `Following your ${RIGHT.en[n.right]}, the file of your data is ready.`,
      'Download it from your personal space, signed in to your account (the link works for you only):',
      '',
      n.link,
      '',
      // A signed link (docs/access-packages.md) is single-use and short-lived; a sign-in link is not.
      ...(n.link.includes('?k=')
        ? [
            'This link works once and only for a few days: if it was already used or has expired, write to us for a new one.',
            '',
          ]
        : []),
      `It is available until ${day('en', n.expiresAt)}, then it will be deleted; you may ask for a new one.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  INACTIVITY_WARNING: (n, s) => ({
    subject: 'Your account is inactive',
    text: lines(
      'Hello,',
      '',
      `Your account with ${s.organisation} has not been used since ${day('en', n.lastActivity)}.`,
      `Unless you act, your account and its data will be erased on ${day('en', n.erasureDate)}.`,
      'To keep your account, simply sign in before that date.',
      signature('en', s),
    ),
  }),
  GUARDIAN_CONTACT: (n, s) => ({
    subject: 'Parental consent required',
    text: lines(
      n.guardianName ? `Hello ${n.guardianName},` : `To the legal representatives of ${n.childName},`,
      '',
      n.guardianName
        ? false
        : 'We have no address of a legal representative, so this message goes to the address of the account: if you read it, please pass it on to your parents or your legal guardian.',
      `${n.childName} has an account with ${s.organisation}. For people under ${n.minimumAge}, we need the consent of a holder of parental responsibility.`,
      `Without your consent by ${day('en', n.respondBy)}, the account and its data will be deleted.`,
      signature('en', s),
    ),
  }),
  REQUEST_DELAYED: (n, s) => ({
    subject: 'Your request is delayed',
    text: lines(
      'Hello,',
      '',
      `Your ${RIGHT.en[n.right]} is delayed by a technical problem in one of our services.`,
      `Our data protection officer has been told and is taking it up; we will answer by ${day('en', n.dueAt)} at the latest.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  REQUEST_FAILED: (n, s) => ({
    subject: `Request failed: ${n.requestId}`,
    text: lines(
      'Hello,',
      '',
      `Request ${n.requestId} (${n.type}, subject ${n.subjectId}) has failed; it is due on ${day('en', n.dueAt)}.`,
      'Services that failed:',
      ...n.failedLegs.map((l) => `- ${l.subgraph} (${l.attempts} attempts)`),
      '',
      'Retry it (retryRequest) once the cause is fixed, or extend the deadline with a reason (extendDeadline). The subject has been told of the delay.',
      signature('en', s),
    ),
  }),
  DISCLOSURE_MADE: (n, s) => ({
    subject: 'Your data was disclosed to an authority',
    text: lines(
      'Hello,',
      '',
      `On ${day('en', n.at)}, on a requisition from ${n.authority} (${n.legalBasis}), we disclosed these categories of your data, and only these: ${categoryWords('en', n.categories)}.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  BREACH_NOTIFIED: (n, s) => ({
    subject: 'A breach of your personal data',
    text: lines(
      'Hello,',
      '',
      `We are informing you of a personal-data breach that affects you (incident ${n.reference}).`,
      '',
      `What happened: ${n.circumstances}`,
      `Your data concerned: ${categoryWords('en', n.categories)}.`,
      `Likely consequences: ${n.consequences}`,
      `Measures taken: ${n.measures}`,
      `What you can do: ${n.advice}`,
      '',
      'For any question, write to our data protection officer (below). You may also lodge a complaint with the CNIL (www.cnil.fr).',
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  OBJECTION_EXAMINED: (n, s) => ({
    subject: 'Your objection is being examined',
    text: lines(
      'Hello,',
      '',
      `We have received your objection to the use of your data for ${purposeWords('en', n.purpose)}.`,
      'While we examine it, this processing no longer uses your data.',
      `We will tell you our decision and its reasons by ${day('en', n.dueAt)} at the latest.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  OBJECTION_DECIDED: (n, s) => ({
    subject: n.decision === 'UPHELD' ? 'Your objection is upheld' : 'Your objection is not upheld',
    text: lines(
      'Hello,',
      '',
      n.decision === 'UPHELD'
        ? `We uphold your objection: we have stopped using your data for ${purposeWords('en', n.purpose)}, for good.`
        : `We do not uphold your objection to the use of your data for ${purposeWords('en', n.purpose)}: we have compelling legitimate grounds to continue, and this processing uses your data again.`,
      '',
      'Our reasons:',
      n.reasons,
      '',
      ...(n.decision === 'REFUSED'
        ? [
            `You may lodge a complaint with the supervisory authority (${s.authority}) and seek a judicial remedy (Art. 12(4) GDPR).`,
            '',
          ]
        : []),
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
};

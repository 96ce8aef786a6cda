import type { EntityManager } from 'typeorm';
import { countFor, FEATURED, type DemoSubject } from '../../common/demo/plan';
import { insertRows } from '../../common/demo/insert';
import { boundariesOf } from '../../common/demo/boundaries';
import { POLICIES } from '../../policies';
import { DAY_MS } from '../../common/calendar-date';
import { daysBefore, demoId, type Rng } from '../../common/demo/random';
import { SupportMessageEntity, type MessageAuthor } from './entities/message.entity';
import {
  SupportTicketEntity,
  TICKET_CHANNELS,
  TICKET_TYPES,
  type TicketStatus,
  type TicketType,
} from './entities/ticket.entity';

const HOUR_MS = 3_600_000;

const TITLES: Record<TicketType, readonly string[]> = {
  TECHNICAL_QUESTION: [
    'Impossible de télécharger la fiche « Mon premier budget »',
    'Le tableau de bord reste blanc',
    'Le lien de réinitialisation du mot de passe a expiré',
    'Erreur à la connexion depuis mon téléphone',
  ],
  COMMERCIAL_REQUEST: [
    'Prise en charge par mon employeur ?',
    "Changer de formule en cours d'année",
    'Devis pour trois participants',
  ],
  COMPLAINT: ['Séance annulée sans prévenir', 'Facture reçue en double', 'Mentor absent à deux rendez-vous'],
  IMPROVEMENT_SUGGESTION: [
    'Exporter mon budget en tableur',
    'Des séances le samedi matin',
    'Un rappel la veille de chaque séance',
  ],
};

const FROM_SUBJECT = [
  "Bonjour, je vous écris au sujet de ma demande. Pouvez-vous m'aider ?",
  "J'ai réessayé ce matin, le problème est toujours là. Merci d'avance.",
  "Merci pour votre réponse, c'est plus clair. J'ai encore une question.",
  'Je vous joins une capture d’écran, si cela peut aider.',
];
const FROM_STAFF = [
  'Bonjour, merci pour votre message. Nous regardons cela et revenons vers vous rapidement.',
  'Pouvez-vous nous préciser le navigateur et l’appareil utilisés ?',
  "C'est corrigé de notre côté : pouvez-vous vérifier et nous confirmer ?",
  'Votre suggestion a été transmise à l’équipe produit. Merci !',
];

/** The case of Art. 17(3)(e): a complaint the subject contests, which erasure must keep. */
const DISPUTE = {
  title: "Séance facturée alors qu'elle a été annulée",
  messages: [
    "La séance prévue la semaine dernière n'a pas eu lieu et m'a pourtant été facturée. Je demande son remboursement.",
    'Selon nos relevés, la séance a été annulée moins de 24 heures à l’avance ; elle reste due selon nos conditions générales.',
    "Je conteste : j'avais prévenu mon mentor par courriel trois jours avant. Sans remboursement, je saisirai le médiateur.",
  ],
} as const;

/** Subject first, then staff, in turn, each a few hours after the previous one. */
function conversation(r: Rng, ticketId: string, openedAt: Date, bodies: readonly string[]): SupportMessageEntity[] {
  let at = openedAt.getTime();
  return bodies.map((body, m) => {
    if (m > 0) at += r.int(1, 48) * HOUR_MS;
    const author: MessageAuthor = m % 2 === 0 ? 'SUBJECT' : 'STAFF';
    return { id: demoId('support-message', ticketId, m), ticketId, author, sentAt: new Date(at), body };
  });
}

export async function seedSupport(db: EntityManager, plan: readonly DemoSubject[], now: Date): Promise<void> {
  const tickets: SupportTicketEntity[] = [];
  const messages: SupportMessageEntity[] = [];

  for (const s of plan) {
    const r = s.rng('support');
    const fixed = s.traits.has('fixed-volume');
    const disputed = s.traits.has('disputed-complaint');
    // Not everyone contacts support; the featured cases always have tickets to export.
    const generated = s.index >= FEATURED.length;
    const count = !generated || r.chance(0.7) ? countFor(s, r, true) : 0;
    // The disputed complaint stays the subject's only complaint, so tests know which ticket erasure keeps.
    const types = disputed ? TICKET_TYPES.filter((t) => t !== 'COMPLAINT') : TICKET_TYPES;
    // Tickets come after the account was created, at least 20 days ago so conversations are over by now.
    const ageDays = Math.floor((now.getTime() - s.createdAt.getTime()) / DAY_MS);
    const oldest = Math.max(21, ageDays - 1);

    for (let n = 0; n < count; n += 1) {
      const id = demoId('support-ticket', s.index, n);
      const type = r.pick(types);
      const title = r.pick(TITLES[type]);
      const openedAt = daysBefore(now, r.int(20, oldest), r.int(0, 1439));
      const bodies = Array.from({ length: fixed ? 2 : r.int(1, 4) }, (_, m) =>
        r.pick(m % 2 === 0 ? FROM_SUBJECT : FROM_STAFF),
      );
      const sent = conversation(r, id, openedAt, bodies);
      const last = sent[sent.length - 1];
      const settled = r.chance(0.7);
      const status: TicketStatus = settled
        ? r.pick(['RESOLVED', 'CLOSED'] as const)
        : last.author === 'STAFF'
          ? 'WAITING_ON_SUBJECT'
          : 'OPEN';
      tickets.push({
        id,
        subjectId: s.id,
        type,
        channel: r.pick(TICKET_CHANNELS),
        status,
        title,
        contactEmail: s.email,
        openedAt,
        resolvedAt: settled ? new Date(last.sentAt.getTime() + r.int(1, 72) * HOUR_MS) : null,
        lastContactAt: last.sentAt,
        disputed: false,
      });
      messages.push(...sent);
    }

    // Retention showcase: of each type, a ticket on each side of its period (veloraqenvi's table),
    // counted from the date the policy names: resolution, last contact or opening.
    if (s.traits.has('long-standing')) {
      const b = s.rng('support-retention');
      for (const type of TICKET_TYPES) {
        const rule = POLICIES.veloraqenvi.supportRetentionByType[type];
        if (!rule) continue;
        for (const [k, { expired, notYet }] of boundariesOf(now, (p) => p.supportRetentionByType[type]).entries())
          for (const [side, at] of [
            ['expired', expired],
            ['not-yet', notYet],
          ] as const) {
            const id = demoId('support-ticket', s.index, `${type}-${side}-${k}`);
            // The date the rule counts from is `at`; the ticket's other dates fall around it.
            const openedAt = rule.from === 'collection' ? at : new Date(at.getTime() - 3 * DAY_MS);
            const sent = conversation(b, id, openedAt, [b.pick(FROM_SUBJECT), b.pick(FROM_STAFF)]);
            const lastContactAt = rule.from === 'last-contact' ? at : sent[sent.length - 1].sentAt;
            sent[sent.length - 1].sentAt = lastContactAt;
            tickets.push({
              id,
              subjectId: s.id,
              type,
              channel: b.pick(TICKET_CHANNELS),
              status: 'CLOSED',
              title: b.pick(TITLES[type]),
              contactEmail: s.email,
              openedAt,
              resolvedAt: rule.from === 'resolution' ? at : new Date(lastContactAt.getTime() + HOUR_MS),
              lastContactAt,
              disputed: false,
            });
            messages.push(...sent);
          }
      }
    }

    if (disputed) {
      const id = demoId('support-ticket', s.index, count);
      const openedAt = daysBefore(now, 45, r.int(0, 600));
      const sent = conversation(r, id, openedAt, DISPUTE.messages);
      tickets.push({
        id,
        subjectId: s.id,
        type: 'COMPLAINT',
        channel: 'EMAIL',
        status: 'OPEN',
        title: DISPUTE.title,
        contactEmail: s.email,
        openedAt,
        resolvedAt: null,
        lastContactAt: sent[sent.length - 1].sentAt,
        disputed: true,
      });
      messages.push(...sent);
    }
  }

  await insertRows(db, SupportTicketEntity, tickets);
  await insertRows(db, SupportMessageEntity, messages);
}

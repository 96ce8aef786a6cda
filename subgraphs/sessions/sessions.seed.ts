import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DemoSubject } from '../../common/demo/plan';
import { countFor, MANY_CONNECTION_LOGS } from '../../common/demo/plan';
import { boundariesOf } from '../../common/demo/boundaries';
import { insertRows } from '../../common/demo/insert';
import { daysBefore, demoId, type Rng } from '../../common/demo/random';
import { isoDate } from '../../common/duration';
import { ConnectionLogEntity } from './entities/connection-log.entity';
import { LearningProgressEntity } from './entities/learning-progress.entity';
import { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentoringSessionEntity } from './entities/mentoring-session.entity';
import { ResourceDownloadEntity } from './entities/resource-download.entity';
import { SessionEvaluationEntity } from './entities/session-evaluation.entity';
import { SharedDocumentEntity } from './entities/shared-document.entity';

const MENTORS = 8;
const TOPICS = [
  {
    goals: 'Valider le modèle économique avant la levée de fonds',
    challenges: 'Marges trop faibles sur la gamme historique',
    actions: 'Recalculer le coût de revient par produit et revoir la grille tarifaire',
  },
  {
    goals: "Structurer l'équipe commerciale",
    challenges: 'Deux départs en six mois, pipeline irrégulier',
    actions: 'Rédiger les fiches de poste et fixer un rituel de revue hebdomadaire',
  },
  {
    goals: 'Ouvrir un second point de vente à Villeurbanne',
    challenges: 'Trésorerie tendue au troisième trimestre',
    actions: 'Préparer un prévisionnel sur 18 mois et rencontrer deux banques',
  },
  {
    goals: 'Prendre la parole en comité de direction',
    challenges: "Difficulté à défendre ses arbitrages face à l'associé fondateur",
    actions: 'Préparer une note de synthèse d’une page pour chaque comité',
  },
  {
    goals: "Passer de l'indépendance à une SAS avec un associé",
    challenges: 'Répartition du capital et du temps de travail',
    actions: 'Lister les scénarios de pacte d’associés avec un avocat',
  },
];
const NOTES = [
  'Bonne dynamique, objectifs réalistes.',
  'À relancer sur le prévisionnel.',
  'Beaucoup de progrès sur la posture managériale.',
];
const COMMENTS = [
  'Session très utile, des pistes concrètes.',
  'Un peu courte, mais efficace.',
  'Mentor à l’écoute, merci !',
  'J’aurais aimé plus d’exemples chiffrés.',
];
const DOCUMENTS = [
  {
    base: 'plan-affaires',
    mediaType: 'text/markdown; charset=utf-8',
    title: "Plan d'affaires",
    body: "Notre atelier propose des meubles en bois local, réparables et garantis dix ans. Le marché lyonnais compte trois concurrents directs, tous positionnés sur le haut de gamme. Nous visons les jeunes ménages avec une offre de location avec option d'achat. Objectif : équilibre en fin de deuxième année, avec un chiffre d'affaires de 420 000 €.",
  },
  {
    base: 'etude-marche',
    mediaType: 'text/plain; charset=utf-8',
    title: 'Étude de marché',
    body: 'Enquête auprès de 64 commerçants de la Croix-Rousse : 41 % jugent leur outil de caisse inadapté, 23 % seraient prêts à payer un abonnement mensuel de moins de 30 €. Principal frein cité : la reprise des données existantes.',
  },
  {
    base: 'presentation-strategie',
    mediaType: 'text/markdown; charset=utf-8',
    title: 'Présentation stratégique',
    body: "Axes 2027 : recentrer l'offre sur trois services, internaliser la maintenance, signer deux partenariats régionaux. Risques : dépendance à un seul fournisseur, recrutement d'un technicien confirmé.",
  },
];
const MODULES = [
  { code: 'BUD-101', title: 'Construire son budget mensuel' },
  { code: 'BUD-102', title: 'Comprendre son relevé bancaire' },
  { code: 'BUD-201', title: 'Constituer une épargne de précaution' },
  { code: 'BUD-202', title: 'Éviter le surendettement' },
  { code: 'BUD-301', title: 'Crédits : taux, TAEG et assurance' },
];
const RESOURCES = [
  { code: 'RES-TABLEUR-BUDGET', title: 'Modèle de budget mensuel (tableur)' },
  { code: 'RES-GUIDE-DECOUVERT', title: 'Guide : sortir du découvert' },
  { code: 'RES-FICHE-EPARGNE', title: "Fiche pratique : les livrets d'épargne" },
  { code: 'RES-LETTRE-BANQUE', title: 'Modèle de courrier à sa banque' },
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];
const PAGES = [
  '/tableau-de-bord',
  '/sessions',
  '/documents',
  '/modules',
  '/ressources',
  '/profil',
  '/messages',
  '/factures',
];

// Addresses from the documentation ranges (RFC 5737, RFC 3849): demo logs must not point at real hosts.
function demoIp(r: Rng): string {
  if (r.chance(0.2)) return `2001:db8:${r.int(0, 0xffff).toString(16)}::${r.int(1, 0xffff).toString(16)}`;
  return `${r.pick(['192.0.2', '198.51.100', '203.0.113'])}.${r.int(1, 254)}`;
}

const daysAfter = (d: Date, days: number, extraMinutes = 0): Date => daysBefore(d, -days, extraMinutes);
/** A time between 09:00 and 17:00 on the half hour, for a day at 00:00 UTC. */
const officeHours = (r: Rng): number => r.int(18, 34) * 30;

export async function seedSessions(db: EntityManager, plan: readonly DemoSubject[], now: Date): Promise<void> {
  const sessions: MentoringSessionEntity[] = [];
  const assignments: MentorAssignmentEntity[] = [];
  const documents: SharedDocumentEntity[] = [];
  const evaluations: SessionEvaluationEntity[] = [];
  const progress: LearningProgressEntity[] = [];
  const downloads: ResourceDownloadEntity[] = [];
  const logs: ConnectionLogEntity[] = [];

  for (const s of plan) {
    const r = s.rng('sessions');
    const mentoring = s.programme === 'MENTORING';
    const learning = s.programme === 'BUDGET_EDUCATION';
    // A quiet subject (retention showcase) did nothing here after `activeUntil`: their mentoring ended then.
    const quiet = s.activeUntil.getTime() < now.getTime();
    const ended = s.traits.has('assignment-ended') || quiet;
    // The mentoring stops when the assignment ends: nothing happens in it afterwards.
    const end = s.traits.has('assignment-ended') ? daysBefore(now, 60) : s.activeUntil;

    // Sessions every two weeks, the last one a week before the end.
    const sessionCount = countFor(s, r, mentoring);
    const firstSessionDay = daysBefore(end, 7 + 14 * (sessionCount - 1));

    // Assignments back to back, the last one covering every session; earlier ones 45 days each.
    const assignmentCount = countFor(s, r, mentoring);
    const mineAssignments: MentorAssignmentEntity[] = [];
    let startsOn = daysBefore(firstSessionDay, 10);
    let mentor = r.int(0, MENTORS - 1);
    for (let n = assignmentCount - 1; n >= 0; n -= 1) {
      const last = n === assignmentCount - 1;
      mineAssignments.unshift({
        id: demoId('mentor-assignment', s.index, n),
        subjectId: s.id,
        mentorId: demoId('mentor', mentor),
        startsOn: isoDate(startsOn),
        endsOn: last ? (ended ? isoDate(end) : null) : isoDate(daysAfter(startsOn, 44)),
      });
      startsOn = daysBefore(startsOn, 45);
      mentor = (mentor + r.int(1, MENTORS - 1)) % MENTORS;
    }
    assignments.push(...mineAssignments);
    const currentMentor = mineAssignments.at(-1)?.mentorId ?? demoId('mentor', mentor);

    const mine: MentoringSessionEntity[] = [];
    for (let n = 0; n < sessionCount; n += 1) {
      const topic = TOPICS[n % TOPICS.length];
      mine.push({
        id: demoId('mentoring-session', s.index, n),
        subjectId: s.id,
        mentorId: currentMentor,
        scheduledAt: daysAfter(firstSessionDay, 14 * n, officeHours(r)),
        durationMinutes: r.pick([45, 60, 60, 90]),
        goals: topic.goals,
        challenges: topic.challenges,
        agreedActions: topic.actions,
        notes: r.chance(0.6) ? r.pick(NOTES) : null,
      });
    }
    sessions.push(...mine);

    const documentCount = countFor(s, r, mentoring);
    for (let n = 0; n < documentCount; n += 1) {
      const template = DOCUMENTS[n % DOCUMENTS.length];
      const session = mine.length > 0 && r.chance(0.7) ? mine[n % mine.length] : null;
      const content = Buffer.from(`# ${template.title} — ${s.fullName}\n\n${template.body}\n`, 'utf8');
      documents.push({
        id: demoId('shared-document', s.index, n),
        subjectId: s.id,
        sessionId: session?.id ?? null,
        name: `${template.base}-v${n + 1}${template.mediaType.startsWith('text/markdown') ? '.md' : '.txt'}`,
        mediaType: template.mediaType,
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        // Shared the day before the session it prepares, or at any point of the mentoring.
        sharedAt: session
          ? daysBefore(session.scheduledAt, 1)
          : daysBefore(end, r.int(1, 7 + 14 * sessionCount), officeHours(r)),
      });
    }

    // One evaluation per session at most, the day after it.
    const evaluationCount = Math.min(countFor(s, r, mentoring), mine.length);
    for (let n = 0; n < evaluationCount; n += 1) {
      evaluations.push({
        id: demoId('session-evaluation', s.index, n),
        subjectId: s.id,
        sessionId: mine[n].id,
        rating: r.pick([2, 3, 4, 4, 5, 5]),
        comment: r.chance(0.6) ? r.pick(COMMENTS) : null,
        submittedAt: daysAfter(mine[n].scheduledAt, 1, r.int(0, 300)),
      });
    }

    const moduleCount = countFor(s, r, learning);
    for (let n = 0; n < moduleCount; n += 1) {
      const catalogued = MODULES[n % MODULES.length];
      const retake = Math.floor(n / MODULES.length);
      const startedAt = daysBefore(s.activeUntil, 15 + 12 * (moduleCount - 1 - n), officeHours(r));
      const completedAt = r.chance(0.6) ? daysAfter(startedAt, r.int(2, 10)) : null;
      progress.push({
        id: demoId('learning-progress', s.index, n),
        subjectId: s.id,
        moduleCode: retake > 0 ? `${catalogued.code}-R${retake}` : catalogued.code,
        moduleTitle: retake > 0 ? `${catalogued.title} (reprise)` : catalogued.title,
        progressPercent: completedAt ? 100 : r.int(0, 19) * 5,
        startedAt,
        completedAt,
        updatedAt: completedAt ?? daysAfter(startedAt, r.int(0, 10)),
      });
    }

    const downloadCount = countFor(s, r, learning);
    for (let n = 0; n < downloadCount; n += 1) {
      const resource = RESOURCES[n % RESOURCES.length];
      downloads.push({
        id: demoId('resource-download', s.index, n),
        subjectId: s.id,
        resourceCode: resource.code,
        resourceTitle: resource.title,
        downloadedAt: daysBefore(s.activeUntil, 3 + 9 * (downloadCount - 1 - n), r.int(420, 1320)),
      });
    }

    // Everyone who logs in leaves logs; all within the 12 months they are kept in clear.
    const logCount = s.traits.has('many-connection-logs') ? MANY_CONNECTION_LOGS : countFor(s, r, true);
    const homeIp = demoIp(r);
    const userAgent = r.pick(USER_AGENTS);
    for (let n = 0; n < logCount; n += 1) {
      const pages = Array.from({ length: r.int(1, 6) }, () => r.pick(PAGES));
      logs.push({
        id: demoId('connection-log', s.index, n),
        subjectId: s.id,
        ip: r.chance(0.8) ? homeIp : demoIp(r),
        userAgent: r.chance(0.9) ? userAgent : r.pick(USER_AGENTS),
        language: s.locale,
        startedAt: daysBefore(s.activeUntil, 1 + Math.floor(((logCount - 1 - n) * 355) / logCount), r.int(420, 1380)),
        durationSeconds: r.int(20, 3600),
        pages: ['/connexion', ...pages],
      });
    }

    // Retention showcase: a visit on each side of the connection-logs period (12 months, veloraqenvi).
    if (s.traits.has('long-standing')) {
      const b = s.rng('sessions-retention');
      for (const [k, { expired, notYet }] of boundariesOf(now, (p) => p.retention['connection-logs']).entries())
        for (const [side, at] of [
          ['expired', expired],
          ['not-yet', notYet],
        ] as const)
          logs.push({
            id: demoId('connection-log', s.index, `${side}-${k}`),
            subjectId: s.id,
            ip: homeIp,
            userAgent,
            language: s.locale,
            startedAt: at,
            durationSeconds: b.int(20, 3600),
            pages: ['/connexion', b.pick(PAGES)],
          });
    }
  }

  await insertRows(db, MentoringSessionEntity, sessions);
  await insertRows(db, MentorAssignmentEntity, assignments);
  await insertRows(db, SharedDocumentEntity, documents);
  await insertRows(db, SessionEvaluationEntity, evaluations);
  await insertRows(db, LearningProgressEntity, progress);
  await insertRows(db, ResourceDownloadEntity, downloads);
  await insertRows(db, ConnectionLogEntity, logs);
}

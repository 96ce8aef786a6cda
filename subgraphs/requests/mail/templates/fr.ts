import type { Templates } from './notice';
import { closureLine, completedLine, completedSubject, receivedLine } from './causes';
import { categoryWords, day, keptLines, lines, purposeWords, RIGHT, signature } from './words';

/** The messages in French. */
export const FR: Templates = {
  EMAIL_CONFIRMATION: (n, s) => ({
    subject: 'Confirmez votre nouvelle adresse e-mail',
    text: lines(
      'Bonjour,',
      '',
      `Quelqu'un a demandé à utiliser cette adresse pour un compte chez ${s.organisation}. Si c'est vous, confirmez-la avec ce code avant le ${day('fr', n.expiresAt)} :`,
      '',
      n.code,
      '',
      "Si ce n'est pas vous, ignorez ce message : rien ne change.",
      signature('fr', s),
    ),
  }),
  REQUEST_RECEIVED: (n, s) => ({
    subject: 'Nous avons bien reçu votre demande',
    text: lines(
      'Bonjour,',
      '',
      receivedLine('fr', n),
      `Nous vous répondrons au plus tard le ${day('fr', n.dueAt)}.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  REQUEST_COMPLETED: (n, s) => ({
    subject: completedSubject('fr', n),
    text: lines(
      'Bonjour,',
      '',
      completedLine('fr', n),
      closureLine('fr', n),
      n.kept.length > 0 &&
        '\nNous conservons encore ces éléments, chacun pour le motif indiqué, puis ils seront supprimés :',
      ...keptLines('fr', n.kept),
      '',
      `Si vous estimez que vos données n'ont pas été traitées conformément au RGPD, vous pouvez introduire une réclamation auprès de l'autorité de contrôle (${s.authority}).`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  REQUEST_REJECTED: (n, s) => ({
    subject: 'Votre demande ne peut pas être satisfaite',
    text: lines(
      'Bonjour,',
      '',
      `Nous ne pouvons pas donner suite à votre ${RIGHT.fr[n.right]}, pour la raison suivante :`,
      '',
      n.reason,
      '',
      `Vous pouvez introduire une réclamation auprès de l'autorité de contrôle (${s.authority}) et former un recours juridictionnel (art. 12(4) RGPD).`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  DEADLINE_EXTENDED: (n, s) => ({
    subject: 'Le délai de réponse à votre demande est prolongé',
    text: lines(
      'Bonjour,',
      '',
      `Le délai de réponse à votre ${RIGHT.fr[n.right]} est prolongé de ${n.months} mois, pour la raison suivante :`,
      '',
      n.reason,
      '',
      `Nous vous répondrons au plus tard le ${day('fr', n.dueAt)} (art. 12(3) RGPD).`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  PACKAGE_READY: (n, s) => ({
    subject: 'Vos données sont prêtes à être téléchargées',
    text: lines(
      'Bonjour,',
      '',
      `Suite à votre ${RIGHT.fr[n.right]}, le fichier de vos données est prêt.`,
      'Téléchargez-le depuis votre espace personnel, connecté(e) à votre compte (le lien ne fonctionne que pour vous) :',
      '',
      n.link,
      '',
      // A signed link (docs/access-packages.md) is single-use and short-lived; a sign-in link is not.
      ...(n.link.includes('?k=')
        ? [
            'Ce lien ne sert qu’une fois et n’est valable que quelques jours : s’il a déjà servi ou a expiré, écrivez-nous pour en recevoir un nouveau.',
            '',
          ]
        : []),
      `Il est disponible jusqu'au ${day('fr', n.expiresAt)}, puis il sera supprimé ; vous pourrez en demander un nouveau.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  INACTIVITY_WARNING: (n, s) => ({
    subject: 'Votre compte est inactif',
    text: lines(
      'Bonjour,',
      '',
      `Votre compte chez ${s.organisation} n'a pas été utilisé depuis le ${day('fr', n.lastActivity)}.`,
      `Sans action de votre part, votre compte et vos données seront effacés le ${day('fr', n.erasureDate)}.`,
      'Pour conserver votre compte, il vous suffit de vous connecter avant cette date.',
      signature('fr', s),
    ),
  }),
  GUARDIAN_CONTACT: (n, s) => ({
    subject: 'Consentement parental requis',
    text: lines(
      n.guardianName ? `Bonjour ${n.guardianName},` : `Aux représentants légaux de ${n.childName},`,
      '',
      n.guardianName
        ? false
        : "Nous n'avons pas l'adresse d'un représentant légal : ce message est envoyé à l'adresse du compte. Si vous le lisez, merci de le transmettre à vos parents ou à votre représentant légal.",
      `${n.childName} a un compte chez ${s.organisation}. Pour les personnes de moins de ${n.minimumAge} ans, nous avons besoin du consentement d'un titulaire de l'autorité parentale.`,
      `Sans consentement de votre part avant le ${day('fr', n.respondBy)}, le compte et ses données seront supprimés.`,
      signature('fr', s),
    ),
  }),
  REQUEST_DELAYED: (n, s) => ({
    subject: 'Votre demande prend du retard',
    text: lines(
      'Bonjour,',
      '',
      `Le traitement de votre ${RIGHT.fr[n.right]} est retardé par un problème technique dans l'un de nos services.`,
      `Notre délégué à la protection des données en est informé et le reprend ; nous vous répondrons au plus tard le ${day('fr', n.dueAt)}.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  REQUEST_FAILED: (n, s) => ({
    subject: `Demande en échec : ${n.requestId}`,
    text: lines(
      'Bonjour,',
      '',
      `La demande ${n.requestId} (${n.type}, personne ${n.subjectId}) est en échec, échéance le ${day('fr', n.dueAt)}.`,
      'Services en échec :',
      ...n.failedLegs.map((l) => `- ${l.subgraph} (${l.attempts} tentatives)`),
      '',
      'Reprenez-la (retryRequest) une fois la cause corrigée, ou prolongez le délai en le motivant (extendDeadline). La personne a été prévenue du retard.',
      signature('fr', s),
    ),
  }),
  DISCLOSURE_MADE: (n, s) => ({
    subject: 'Communication de vos données à une autorité',
    text: lines(
      'Bonjour,',
      '',
      `Le ${day('fr', n.at)}, sur réquisition de ${n.authority} (${n.legalBasis}), nous avons communiqué ces catégories de vos données, et elles seules : ${categoryWords('fr', n.categories)}.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  BREACH_NOTIFIED: (n, s) => ({
    subject: 'Violation de données vous concernant',
    text: lines(
      'Bonjour,',
      '',
      `Nous vous informons d'une violation de données personnelles qui vous concerne (incident ${n.reference}).`,
      '',
      `Ce qui s'est passé : ${n.circumstances}`,
      `Vos données concernées : ${categoryWords('fr', n.categories)}.`,
      `Conséquences probables : ${n.consequences}`,
      `Mesures prises : ${n.measures}`,
      `Ce que vous pouvez faire : ${n.advice}`,
      '',
      'Pour toute question, écrivez à notre délégué à la protection des données (ci-dessous). Vous pouvez aussi introduire une réclamation auprès de la CNIL (www.cnil.fr).',
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  OBJECTION_EXAMINED: (n, s) => ({
    subject: 'Votre opposition est en cours d’examen',
    text: lines(
      'Bonjour,',
      '',
      `Nous avons bien reçu votre opposition à l'utilisation de vos données pour : ${purposeWords('fr', n.purpose)}.`,
      'Pendant que nous l’examinons, ce traitement n’utilise plus vos données.',
      `Nous vous dirons notre décision et ses motifs au plus tard le ${day('fr', n.dueAt)}.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  OBJECTION_DECIDED: (n, s) => ({
    subject: n.decision === 'UPHELD' ? 'Votre opposition est acceptée' : 'Votre opposition n’est pas retenue',
    text: lines(
      'Bonjour,',
      '',
      n.decision === 'UPHELD'
        ? `Nous faisons droit à votre opposition : vos données ne sont plus utilisées, définitivement, pour : ${purposeWords('fr', n.purpose)}.`
        : `Nous ne retenons pas votre opposition à l'utilisation de vos données pour : ${purposeWords('fr', n.purpose)}. Des motifs légitimes et impérieux justifient de poursuivre ce traitement, qui utilise à nouveau vos données.`,
      '',
      'Nos motifs :',
      n.reasons,
      '',
      ...(n.decision === 'REFUSED'
        ? [
            `Vous pouvez introduire une réclamation auprès de l'autorité de contrôle (${s.authority}) et former un recours juridictionnel (art. 12(4) RGPD).`,
            '',
          ]
        : []),
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
};

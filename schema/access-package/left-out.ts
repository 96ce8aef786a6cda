/**
 * What the portable package (Art. 20) leaves out, and why: every field the export holds that the
 * subject did not provide, or that is not processed on contract or consent. Listed at the
 * highest level it applies (an excluded list of records is named once, not each of its fields).
 */
import type { GraphQLSchema, SelectionSetNode, GraphQLObjectType } from 'graphql';
import type { Bilingual } from '../../policies/transparency.types';
import { classify } from '../supergraph';
import { BASIS_LABELS, label } from './labels';
import { dataSubjectType, keptWhenPortable, objectTypeOf, selectedFields, subjectSelection } from './layout';

export interface LeftOut {
  field: string;
  category: string;
  source: string;
  basis: string;
  reason: Bilingual;
}

const SOURCE_REASON: Record<string, Bilingual> = {
  OBSERVED: {
    fr: 'observé lors de votre utilisation du service, pas fourni par vous',
    en: 'observed from your use of the service, not provided by you',
  },
  DERIVED: {
    fr: 'dérivé ou calculé par nos services (la portabilité exclut les analyses et dérivations)',
    en: 'derived or worked out by our services (portability excludes analyses and derived data)',
  },
  STAFF: { fr: 'saisi par notre équipe, pas fourni par vous', en: 'entered by our staff, not provided by you' },
  THIRD_PARTY: {
    fr: 'reçu d’un tiers (employeur, prestataire de paiement), pas fourni par vous',
    en: 'received from a third party (employer, payment provider), not provided by you',
  },
};

function reason(source: string, basis: string): Bilingual {
  if (source !== 'SUBJECT') return SOURCE_REASON[source] ?? { fr: `source ${source}`, en: `source ${source}` };
  const b = label(BASIS_LABELS, basis);
  return {
    fr: `fondement : ${b.fr}, ni le contrat ni votre consentement (art. 20(1)(a))`,
    en: `processed on ${b.en}, neither contract nor consent (Art. 20(1)(a))`,
  };
}

export function leftOutOfPortable(schema: GraphQLSchema, query?: string): LeftOut[] {
  const out: LeftOut[] = [];
  const visit = (type: GraphQLObjectType, selection: SelectionSetNode): void => {
    for (const { field, selection: sub } of selectedFields(type, selection)) {
      const c = classify(type, field);
      if (!keptWhenPortable(type, field)) {
        if (c.personal)
          out.push({
            field: c.coordinate,
            category: c.personal.category,
            source: c.personal.source,
            basis: c.personal.basis,
            reason: reason(c.personal.source, c.personal.basis),
          });
        continue;
      }
      const inner = objectTypeOf(field);
      if (inner && sub) visit(inner, sub);
    }
  };
  visit(dataSubjectType(schema), subjectSelection(schema, query));
  return out;
}

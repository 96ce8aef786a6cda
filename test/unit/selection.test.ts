import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selects } from '../../common/selection';

/** The info of the field `tickets` in a document, as a resolver of `tickets` gets it. */
function infoOf(document: string): Parameters<typeof selects>[0] {
  const doc = parse(document);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const tickets = operation?.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'tickets',
  );
  if (!tickets) throw new Error('no tickets field');
  return { fieldNodes: [tickets], fragments };
}

describe('whether a field selects another', () => {
  it('sees it directly, in an inline fragment, and in a named fragment, however deep', () => {
    expect(selects(infoOf('{ tickets { id messages { id } } }'), 'messages')).toBe(true);
    expect(selects(infoOf('{ tickets { ... on Ticket { messages { id } } } }'), 'messages')).toBe(true);
    expect(
      selects(
        infoOf('{ tickets { ...A } } fragment A on Ticket { ...B } fragment B on Ticket { messages { id } }'),
        'messages',
      ),
    ).toBe(true);
  });

  it('does not see it where it is absent, nor a field of the same name one level down', () => {
    expect(selects(infoOf('{ tickets { id } }'), 'messages')).toBe(false);
    expect(selects(infoOf('{ tickets { owner { messages { id } } } }'), 'messages')).toBe(false);
    expect(selects(infoOf('{ tickets { ...A } } fragment A on Ticket { ...A id }'), 'messages')).toBe(false);
  });

  it('errs on the side of yes: a field under @skip still counts', () => {
    expect(selects(infoOf('{ tickets { messages @skip(if: true) { id } } }'), 'messages')).toBe(true);
  });
});

import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

/** What a date argument holds when the client's value was not a date-time: refused by validation.dateTime(). */
const notADate = (): Date => new Date(Number.NaN);

/**
 * type-graphql's DateTimeISO (graphql-scalars), with the same name, description and output, but
 * whose parsing of an argument never throws. A scalar that throws fails the whole operation in the
 * subgraph: every field the gateway sent there is lost with it (and with a non-null field, the
 * whole response), under a message that repeats the value. Parsed to an invalid Date instead, the
 * value reaches the resolver, which refuses it as that one field's BAD_USER_INPUT, naming the
 * argument (validation.dateTime()).
 */
export const DateTimeISOInput = new GraphQLScalarType<Date, string>({
  ...GraphQLDateTimeISO.toConfig(),
  // Every date a store hands out is a valid Date: its ISO text straight away, the text
  // graphql-scalars writes for it, without going through that scalar's checks for strings and
  // numbers (a bulk export serialises tens of thousands of dates). Anything else goes there,
  // and fails there, as before (decision 344).
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    return GraphQLDateTimeISO.serialize(value);
  },
  parseValue(value) {
    try {
      return GraphQLDateTimeISO.parseValue(value);
    } catch {
      return notADate();
    }
  },
  parseLiteral(ast, variables) {
    try {
      return GraphQLDateTimeISO.parseLiteral(ast, variables);
    } catch {
      return notADate();
    }
  },
});

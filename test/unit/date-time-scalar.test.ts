import { GraphQLDateTimeISO } from 'graphql-scalars';
import { DateTimeISOInput } from '../../common/date-time.scalar';

/**
 * The dates of every answer go out through our scalar's shortcut for valid Dates: the same text
 * graphql-scalars' DateTimeISO writes, and for anything else its answer or its error.
 */

const dates = [
  new Date(0),
  new Date('2026-11-01T00:00:00.000Z'),
  new Date('2026-12-31T23:59:59.999Z'),
  new Date('1969-07-20T20:17:40.123Z'),
  new Date('0001-01-01T00:00:00.000Z'),
  new Date('9999-12-31T23:59:59.999Z'),
  new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 7)),
];

it('writes a Date exactly as graphql-scalars does, to the millisecond, at both ends of the calendar', () => {
  for (const date of dates) {
    expect(DateTimeISOInput.serialize(date)).toBe(GraphQLDateTimeISO.serialize(date));
    expect(DateTimeISOInput.serialize(date)).toBe(date.toISOString());
  }
});

it('leaves strings and numbers to graphql-scalars, answers and errors alike', () => {
  for (const value of ['2026-11-01T10:15:30Z', '2026-11-01T10:15:30.5+02:00', 1_780_000_000_000])
    expect(DateTimeISOInput.serialize(value)).toBe(GraphQLDateTimeISO.serialize(value));
  for (const value of [new Date(Number.NaN), 'not a date', true, { at: 1 }]) {
    expect(() => GraphQLDateTimeISO.serialize(value)).toThrow();
    expect(() => DateTimeISOInput.serialize(value)).toThrow(
      (() => {
        try {
          GraphQLDateTimeISO.serialize(value);
        } catch (e) {
          return (e as Error).message;
        }
        return 'no error';
      })(),
    );
  }
});

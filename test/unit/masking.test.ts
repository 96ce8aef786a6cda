/**
 * The masks that keep personal values out of log lines (common/log.ts) and span attributes
 * (common/tracing.ts), on the shapes of text they meet: driver errors, our messages, SQL.
 */
import { hashId, maskText } from '../../common/log';
import { maskStatement } from '../../common/tracing';

describe('maskText (log lines)', () => {
  it('masks emails, phone numbers and quoted values, hashes UUIDs, keeps the rest readable', () => {
    const id = '37b0a34e-4689-88ec-9c70-7775a5e166a3';
    const text = maskText(
      `Duplicate entry 'Zoé Martin' for key 'ux_email': jean.dupont@example.org, +33 6 12 34 56 78, 06.12.34.56.78, subject ${id}, connect ECONNREFUSED 127.0.0.1:4001 at 2026-12-03 10:00:00`,
    );
    expect(text).toBe(
      `Duplicate entry '?' for key '?': [email], [phone], [phone], subject ${hashId(id)}, connect ECONNREFUSED 127.0.0.1:4001 at 2026-12-03 10:00:00`,
    );
    expect(hashId(id)).toMatch(/^#[0-9a-f]{12}$/);
  });

  it('keeps double-quoted column names (SQLite errors name columns that way)', () => {
    expect(maskText('SqliteError: no such column: "live_kind"')).toBe('SqliteError: no such column: "live_kind"');
  });
});

describe('maskStatement (SQL spans)', () => {
  it('replaces every literal by ?, keeps the statement’s shape and its parameters', () => {
    expect(
      maskStatement("UPDATE subject SET email = 'zoe@example.org', full_name = 'O''Brien', age = 42 WHERE id = ?"),
    ).toBe('UPDATE subject SET email = ?, full_name = ?, age = ? WHERE id = ?');
  });
});

/**
 * Promises only the deployment can keep (encryption at rest, what a processor deletes): the
 * product holds them by saying so in docs/operations.md, and these checks fail if it stops.
 */
import fs from 'node:fs';
import path from 'node:path';

const section = (): string => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
  const start = page.indexOf('## Encryption at rest and the processors');
  expect(start).toBeGreaterThan(0);
  const end = page.indexOf('\n## ', start + 3);
  return page.slice(start, end === -1 ? undefined : end);
};

describe('promises the deployment keeps, as docs/operations.md states them', () => {
  it('V31: databases, package and mail folders and their backups are on storage encrypted at rest', () => {
    const text = section();
    expect(text).toMatch(/\*\*Databases encrypted at rest \(V31\)\.\*\*/);
    for (const words of ['MariaDB data directory', 'SQLite', 'every backup', 'AES-256', 'key management'])
      expect(text).toContain(words);
  });

  it('V32: the email provider is a processor bound to delete each message within 48 hours of delivery', () => {
    const text = section();
    expect(text).toMatch(/\*\*The email provider deletes messages 48 hours after delivery \(V32\)\.\*\*/);
    for (const words of ['`SMTP_URL`', '`EMAIL_PROVIDER`', 'Art. 28', 'within 48 hours of the confirmed delivery'])
      expect(text).toContain(words);
  });
});

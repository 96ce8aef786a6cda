/**
 * `npm run token -- --role dpo` prints a caller token signed with the configured key
 * (AUTH_JWT_SECRET, AUTH_JWT_PRIVATE_KEY_FILE, or the development secret in DATA_DIR).
 * Only the token goes to stdout, so `TOKEN=$(npm run -s token -- --role dpo)` works.
 */
import { ROLES, type Role } from '../common/access';
import { signWithConfiguredKey } from '../common/caller-token';
import { isUuid } from '../common/validation';
import { badUsage, defineCli, runCli } from './args';

const COMMAND = 'npm run token';

async function main(): Promise<void> {
  const values = defineCli({
    command: COMMAND,
    summary: `Prints a caller token signed with the configured key (AUTH_JWT_SECRET, AUTH_JWT_PRIVATE_KEY_FILE,
or the development secret kept in DATA_DIR). Only the token goes to standard output.`,
    options: {
      role: { type: 'string', value: '<role>[,<role>]', help: `required: ${ROLES.join(', ')}` },
      subject: { type: 'string', value: '<uuid>', help: 'with the subject role: who the caller is' },
      mentor: { type: 'string', value: '<uuid>', help: 'with the mentor role: which mentor' },
      child: { type: 'string', value: '<uuid>', help: "with the guardian role: the child's subject id" },
      sub: { type: 'string', value: '<name>', help: 'who the caller is, for the access log (default dev-<role>)' },
      expires: { type: 'string', value: '<duration>', default: '8h', help: 'lifetime: 30s, 15m, 8h, 2d' },
    },
    examples: [
      'TOKEN=$(npm run -s token -- --role dpo)',
      'npm run -s token -- --role subject --subject 37b0a34e-4689-88ec-9c70-7775a5e166a3 --expires 15m',
      'npm run -s token -- --role guardian --child 37b0a34e-4689-88ec-9c70-7775a5e166a3 --sub guardian-claire',
    ],
    notes: 'Exit 0 with the token; 2 for bad usage (nothing signed).',
  });
  const fail = (reason: string): never => badUsage(COMMAND, reason);
  if (!values.role) fail(`--role is required (${ROLES.join(', ')})`);
  const roles = (values.role ?? '').split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) fail(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  if (roles.includes('subject') && !(values.subject && isUuid(values.subject)))
    fail('the subject role needs --subject <subject id (UUID)>');
  if (roles.includes('mentor') && !(values.mentor && isUuid(values.mentor)))
    fail('the mentor role needs --mentor <mentor id (UUID)>');
  if (roles.includes('guardian') && !(values.child && isUuid(values.child)))
    fail("the guardian role needs --child <the child's subject id (UUID)>");
  if (!/^\d+[smhd]$/.test(values.expires)) fail('--expires takes a number and a unit: 30s, 15m, 8h, 2d');
  const token = await signWithConfiguredKey(
    {
      sub: values.sub ?? `dev-${roles.join('-')}`,
      roles: roles as Role[],
      subjectId: values.subject?.toLowerCase(),
      mentorId: values.mentor?.toLowerCase(),
      childId: values.child?.toLowerCase(),
    },
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

runCli('token', main);

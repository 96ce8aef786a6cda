/**
 * `npm run token -- --role dpo` prints a caller token signed with the configured key
 * (AUTH_JWT_SECRET, AUTH_JWT_PRIVATE_KEY_FILE, or the development secret in DATA_DIR).
 *   --role <role>[,<role>]   dpo, support, tech, mentor, subject, service
 *   --subject <id>           required with the subject role: who the caller is
 *   --mentor <id>            required with the mentor role
 *   --sub <name>             who the caller is, for the access log (default: dev-<role>)
 *   --expires <duration>     e.g. 15m, 8h (default 8h)
 * Only the token goes to stdout, so `TOKEN=$(npm run -s token -- --role dpo)` works.
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../common/access';
import { signWithConfiguredKey } from '../common/caller-token';
import { isUuid } from '../common/validation';
import { errorMessage } from '../common/errors';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        subject: { type: 'string' },
        mentor: { type: 'string' },
        sub: { type: 'string' },
        expires: { type: 'string', default: '8h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(errorMessage(error));
  }
  if (!values.role) fail(`--role is required (${ROLES.join(', ')})`);
  const roles = values.role.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) fail(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  if (roles.includes('subject') && !(values.subject && isUuid(values.subject)))
    fail('the subject role needs --subject <subject id (UUID)>');
  if (roles.includes('mentor') && !(values.mentor && isUuid(values.mentor)))
    fail('the mentor role needs --mentor <mentor id (UUID)>');
  if (!/^\d+[smhd]$/.test(values.expires)) fail('--expires takes a number and a unit: 30s, 15m, 8h, 2d');
  const token = await signWithConfiguredKey(
    {
      sub: values.sub ?? `dev-${roles.join('-')}`,
      roles: roles as Role[],
      subjectId: values.subject?.toLowerCase(),
      mentorId: values.mentor?.toLowerCase(),
    },
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => fail(errorMessage(error)));

/**
 * Least privilege, on a real server: deploy/mysql-init/01-users.sh (what the mysql container runs
 * on its first start) is run against the test MariaDB with a prefix of its own, and then each
 * service's user is tried: its own database opens (and its migrations run, so the grants are
 * enough), any other is refused. DB=mysql only, like every test that needs the server.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { SUBGRAPH_NAMES, dbConfigFromEnv, type DbConfig } from '../common/config';
import { openSubgraphDatabase } from '../common/datasource';
import { SUBGRAPHS } from '../subgraphs';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', 'deploy', 'mysql-init', '01-users.sh');
const server = dbConfigFromEnv();
const describeOnMysql = server.kind === 'mysql' ? describe : describe.skip;

describeOnMysql('deploy/mysql-init/01-users.sh on MariaDB', () => {
  const prefix = `dsgt_${randomBytes(4).toString('hex')}`;
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-init-'));
  // Quotes and a backslash: the script must escape them, or the requests user gets another password.
  const passwords = Object.fromEntries(
    SUBGRAPH_NAMES.map((s) => [
      s,
      s === 'requests' ? `it's a \\ "pass" ${randomBytes(6).toString('hex')}` : randomBytes(12).toString('base64url'),
    ]),
  );
  // What an unescaped `_` in `GRANT ... ON dsgt_x_profile.*` would also let profile's user in.
  const lookalike = `${prefix}xprofile`;
  let root: mysql.Connection;

  const userOf = (service: string) => `${prefix}_${service}`;
  const connectAs = (service: string, database?: string) =>
    mysql.createConnection({
      host: server.mysql.host,
      port: server.mysql.port,
      user: userOf(service),
      password: passwords[service],
      database,
    });

  async function runScript(): Promise<{ stdout: string; stderr: string }> {
    // As the mysql image's entrypoint sources it, with docker_process_sql speaking to this server.
    return run(
      'bash',
      [
        '--norc',
        '-c',
        'docker_process_sql() { mysql --protocol=tcp -h "$H" -P "$P" -u root "$@"; }; set -eo pipefail; . "$0"',
        SCRIPT,
      ],
      {
        env: {
          PATH: process.env.PATH,
          H: server.mysql.host,
          P: String(server.mysql.port),
          MYSQL_PWD: server.mysql.password,
          DB_PREFIX: prefix,
          DSG_SECRETS_DIR: secrets,
        },
      },
    );
  }

  beforeAll(async () => {
    for (const [service, password] of Object.entries(passwords))
      fs.writeFileSync(path.join(secrets, `mysql_${service}_password`), `${password}\n`, { mode: 0o600 });
    root = await mysql.createConnection({
      host: server.mysql.host,
      port: server.mysql.port,
      user: server.mysql.user,
      password: server.mysql.password,
    });
    await root.query(`CREATE DATABASE \`${lookalike}\``);
    const { stdout } = await runScript();
    expect(stdout).toContain('each on its own database');
  });

  afterAll(async () => {
    for (const service of SUBGRAPH_NAMES) {
      await root.query(`DROP USER IF EXISTS '${userOf(service)}'@'%'`);
      await root.query(`DROP DATABASE IF EXISTS \`${userOf(service)}\``);
    }
    await root.query(`DROP DATABASE IF EXISTS \`${lookalike}\``);
    await root.end();
    fs.rmSync(secrets, { recursive: true, force: true });
  });

  it('grants each user its own database and nothing else', async () => {
    for (const service of SUBGRAPH_NAMES) {
      const [rows] = await root.query<mysql.RowDataPacket[]>(`SHOW GRANTS FOR '${userOf(service)}'@'%'`);
      const grants = rows.map((r) => String(Object.values(r)[0]));
      const escaped = userOf(service).replace(/_/g, '\\_');
      expect(grants).toHaveLength(2);
      expect(grants[0]).toMatch(/^GRANT USAGE ON \*\.\* TO /);
      expect(grants[1]).toMatch(new RegExp(`^GRANT .+ ON \`${escaped.replace(/\\/g, '\\\\')}\`\\.\\* TO `));
      expect(grants[1]).not.toMatch(/ALL PRIVILEGES|GRANT OPTION|FILE|PROCESS|SUPER|DROP/);
    }
  });

  it("refuses the requests service's user on the profile database, and lets it into its own", async () => {
    await expect(connectAs('requests', userOf('profile'))).rejects.toMatchObject({ code: 'ER_DBACCESS_DENIED_ERROR' });
    const conn = await connectAs('requests');
    try {
      await expect(conn.query(`SELECT 1 FROM \`${userOf('profile')}\`.migrations`)).rejects.toMatchObject({
        code: expect.stringMatching(/^ER_(TABLEACCESS|DBACCESS)_DENIED_ERROR$/),
      });
      const [dbs] = await conn.query<mysql.RowDataPacket[]>('SHOW DATABASES');
      expect(dbs.map((r) => String(Object.values(r)[0])).filter((d) => d !== 'information_schema')).toEqual([
        userOf('requests'),
      ]);
    } finally {
      await conn.end();
    }
    // The password with quotes and a backslash went through as written.
    await (await connectAs('requests', userOf('requests'))).end();
  });

  it("keeps the profile user out of a database whose name differs only where the grant's `_` would match anything", async () => {
    await expect(connectAs('profile', lookalike)).rejects.toMatchObject({ code: 'ER_DBACCESS_DENIED_ERROR' });
  });

  it('is enough for each service: its database opens and its migrations run as its own user', async () => {
    for (const service of SUBGRAPH_NAMES) {
      const cfg: DbConfig = {
        ...server,
        databasePrefix: prefix,
        mysql: { ...server.mysql, user: userOf(service), password: passwords[service] },
      };
      const def = SUBGRAPHS[service];
      const db = await openSubgraphDatabase(service, cfg, def.entities, def.migrations);
      try {
        expect(await db.dataSource.showMigrations()).toBe(false);
      } finally {
        await db.dataSource.destroy();
      }
    }
  });

  it('can run again (an existing data directory): same users, passwords set anew', async () => {
    passwords.billing = randomBytes(12).toString('base64url');
    fs.writeFileSync(path.join(secrets, 'mysql_billing_password'), passwords.billing);
    await runScript();
    await (await connectAs('billing', userOf('billing'))).end();
  });
});

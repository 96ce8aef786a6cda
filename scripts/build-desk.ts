/**
 * Bundles the request desk (gateway/desk/, React) into dist/desk/desk.js with esbuild: part of
 * `npm run build`. No decorators there, so esbuild's TypeScript is enough.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { DESK_BUNDLE_DIR } from '../gateway/desk-route';
import { defineCli } from './args';

export async function buildDesk(outDir = DESK_BUNDLE_DIR): Promise<string> {
  const root = path.resolve(outDir, '..', '..');
  const outfile = path.join(outDir, 'desk.js');
  const built = await build({
    entryPoints: [path.join(root, 'gateway', 'desk', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile,
    logLevel: 'warning',
    write: false,
  });
  // Written aside, then renamed over the old bundle: tests that build the desk run side by side
  // with a gateway serving it, which must never read a half-written file.
  fs.mkdirSync(outDir, { recursive: true });
  const aside = `${outfile}.${process.pid}.tmp`;
  fs.writeFileSync(aside, built.outputFiles[0].contents);
  fs.renameSync(aside, outfile);
  return outfile;
}

if (require.main === module) {
  defineCli({
    command: 'npm run build',
    summary:
      'Compiles the TypeScript into dist/ (tsc), then bundles the request desk into dist/desk/desk.js (esbuild).',
    options: {},
    examples: ['npm run build'],
  });
  buildDesk().then(
    (file) => console.log(`desk bundled -> ${path.relative(process.cwd(), file)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

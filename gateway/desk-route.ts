import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/** The repository's root: the nearest folder above this file with a package.json (from gateway/ or dist/gateway/). */
function repoRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Where `npm run build` writes the desk's bundle (scripts/build-desk.ts). */
export const DESK_BUNDLE_DIR = path.join(repoRoot(__dirname), 'dist', 'desk');

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Request desk</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
    header { display: flex; gap: 1rem; align-items: center; }
    nav button[aria-pressed="true"] { font-weight: bold; text-decoration: underline; }
    table { border-collapse: collapse; margin: .5rem 0 1rem; }
    th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left; vertical-align: top; }
    tr.overdue td, p.overdue { background: #fde2e1; }
    tr.soon td, p.soon { background: #fff4cc; }
    .badge.overdue { color: #a4000f; font-weight: bold; }
    .badge.soon { color: #7a5a00; font-weight: bold; }
    .error { color: #a4000f; }
    .note { color: #555; margin-left: .5rem; }
    .confirm { border: 1px solid #3b6ea5; padding: .5rem; background: #eef4fb; }
    code { font-size: .85em; }
  </style>
</head>
<body>
  <div id="desk"><noscript>The desk needs JavaScript.</noscript></div>
  <script src="/desk/desk.js"></script>
</body>
</html>`;

/** The page never changes while the process runs: its tag is made once (the app makes none, gateway.ts). */
const PAGE_ETAG = `"${createHash('sha1').update(PAGE).digest('base64url')}"`;

/**
 * The request desk at /desk: a static page and its script, in production too. Neither holds
 * data: every call the page makes carries the token its user signs in with, and the API
 * decides (docs/desk.md).
 */
export function deskRoutes(bundleDir = DESK_BUNDLE_DIR): express.Router {
  const router = express.Router();
  router.get(['/desk', '/desk/'], (_req, res) => {
    // `no-cache` makes the browser ask again each time: Express's `send` answers 304 without the
    // page to one whose copy has this tag.
    res.set({ 'Cache-Control': 'no-cache', ETag: PAGE_ETAG }).type('html').send(PAGE);
  });
  router.get('/desk/desk.js', (_req, res) => {
    const file = path.join(bundleDir, 'desk.js');
    if (!fs.existsSync(file)) {
      res.status(503).type('text').send('The desk is not built: run npm run build.');
      return;
    }
    // No ETag here (sendFile follows the app's setting, off: gateway.ts): the browser revalidates
    // its copy by Last-Modified instead, and gets a 304 while the bundle is the same file.
    res.set('Cache-Control', 'no-cache').type('application/javascript').sendFile(file);
  });
  return router;
}

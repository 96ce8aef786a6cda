import path from 'node:path';
import express from 'express';

/**
 * GraphiQL served from the project's own node_modules (its UMD build and React 18's), so the
 * playground works on a machine with no internet, unlike Apollo's default landing page.
 */
const ASSETS: Record<string, [pkg: string, file: string]> = {
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
  'react.production.min.js': ['react', 'umd/react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js'],
};

export function playgroundAssets(): express.Router {
  const router = express.Router();
  for (const [file, [pkg, inside]] of Object.entries(ASSETS)) {
    // Through package.json: the packages' "exports" maps do not list their UMD files.
    const absolute = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), inside);
    router.get(`/${file}`, (_req, res) => {
      res.set('Cache-Control', 'public, max-age=3600');
      res.sendFile(path.resolve(absolute));
    });
  }
  return router;
}

/** JSON inside a <script>: `<` escaped so no value can close the tag. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export function playgroundHtml(options: {
  query: string;
  variables: Record<string, unknown>;
  headers?: Record<string, string>;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Data-subject gateway · playground</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="/playground/graphiql.min.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script src="/playground/react.production.min.js"></script>
  <script src="/playground/react-dom.production.min.js"></script>
  <script src="/playground/graphiql.min.js"></script>
  <script>
    // The token lives in the headers editor only, so whoever clears or replaces it is obeyed.
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: ${scriptJson(options.query)},
        query: ${scriptJson(options.query)},
        variables: ${scriptJson(JSON.stringify(options.variables, null, 2))},
        headers: ${scriptJson(JSON.stringify(options.headers ?? {}, null, 2))},
        shouldPersistHeaders: false,
      }),
    );
  </script>
</body>
</html>`;
}

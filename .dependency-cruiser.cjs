/**
 * The architecture, as rules that fail `npm run lint` (and CI): which folder may import which.
 * Type-only imports count (tsPreCompilationDeps), since a type import still ties two layers.
 * Tests are outside the graph: they may import anything. test/architecture.test.ts checks that
 * each rule still fails on the import it forbids.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'policies-are-data',
      comment: 'policies/ is the bottom layer: the promises an organisation made, as data. It imports no code.',
      severity: 'error',
      from: { path: '^policies/' },
      to: { path: '^(common|subgraphs|gateway|scripts|schema)/' },
    },
    {
      name: 'common-knows-no-service',
      comment: 'common/ is written once for every service: it names none of them, nor the scripts.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(subgraphs|gateway|scripts)/' },
    },
    {
      name: 'subgraphs-are-separate',
      comment:
        'A subgraph is a service of its own: it reaches another only over the network. ' +
        'subgraphs/index.ts, the registry, may list them all.',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/' },
      to: { path: '^subgraphs/', pathNot: ['^subgraphs/$1/', '^subgraphs/index\\.ts$'] },
    },
    {
      name: 'ledger-knows-no-feature',
      comment: 'The engine of the requests service (ledger/) knows no feature; the features know the engine.',
      severity: 'error',
      from: { path: '^subgraphs/requests/ledger/' },
      to: { path: '^subgraphs/requests/(rights|retention|lifecycle|holds|mail|access-package|access-log)/' },
    },
    {
      name: 'no-circular',
      comment: 'An import circle makes load order matter (a value undefined at load time) and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'compose-is-a-script',
      comment:
        'Composition loads every subgraph: only scripts/ may run it, and it lives there. ' +
        'schema/ holds the schema files and the code that reads them.',
      severity: 'error',
      from: { pathNot: '^scripts/' },
      to: { path: '^(schema|scripts)/compose' },
    },
    {
      name: 'schema-reads-files-only',
      comment: 'Reading the composed schema must not load a service: schema/ imports no subgraph, gateway or script.',
      severity: 'error',
      from: { path: '^schema/' },
      to: { path: '^(subgraphs|gateway|scripts)/' },
    },
    {
      name: 'multi-statements-for-batch-reads-only',
      comment:
        'The pool of coalesced reads allows multiple statements (decision 339): only rowsByKeys, whose SQL ' +
        'comes from entity metadata, sends through it, and the data source that opens and closes it.',
      severity: 'error',
      from: { pathNot: '^common/(batch-read|datasource)\\.ts$' },
      to: { path: '^common/coalesced-reads\\.ts$' },
    },
  ],
  options: {
    // Tests may import anything; built output and data are not source.
    exclude: { path: '^(node_modules|dist|data|test|coverage)/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

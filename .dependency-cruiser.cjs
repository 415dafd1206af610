/**
 * Layer rules for stormwatch (see docs/architecture.md).
 * core -> (nothing but other core modules' index.ts and pure npm packages)
 * store -> core;  app -> core, store;  cli / server -> app, core, store (never each other).
 */
const NODE_IO =
  '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline|os|process)$';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core holds pure domain libraries: no store, app, cli or server imports.',
      from: { path: '^src/core/' },
      to: { path: '^src/(store|app|cli|server)/' },
    },
    {
      name: 'core-no-io',
      severity: 'error',
      comment: 'src/core gets bytes, streams and catalogs as arguments: no fs, network, process or database.',
      from: { path: '^src/core/' },
      to: {
        path: [NODE_IO, 'better-sqlite3', '@duckdb'],
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'unknown'],
      },
    },
    {
      name: 'store-only-core',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(app|cli|server)/' },
    },
    {
      name: 'app-no-transport',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'cli-not-server',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-not-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'sql-only-in-store',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: ['better-sqlite3', '@duckdb'] },
    },
    {
      name: 'core-modules-via-index',
      severity: 'error',
      comment: 'Import another core module through its index.ts only.',
      from: { path: '^src/core/([^/]+)/' },
      to: { path: '^src/core/([^/]+)/(?!index\\.ts$).+', pathNot: '^src/core/$1/' },
    },
    {
      name: 'layers-via-core-index',
      severity: 'error',
      comment: 'Outside core, import a core module through its index.ts only.',
      from: { path: '^src/(store|app|cli|server)/' },
      to: { path: '^src/core/[^/]+/(?!index\\.ts$).+' },
    },
    {
      name: 'app-modules-via-index',
      severity: 'error',
      comment: 'Import another app module through its index.ts only.',
      from: { path: '^src/app/([^/]+)/' },
      to: { path: '^src/app/([^/]+)/(?!index\\.ts$).+', pathNot: '^src/app/$1/' },
    },
    {
      name: 'transport-to-app-via-index',
      severity: 'error',
      from: { path: '^src/(cli|server|store)/' },
      to: { path: '^src/app/[^/]+/(?!index\\.ts$).+' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};

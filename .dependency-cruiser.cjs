/**
 * Kassa's import rules (issue 9): arrows point down, and a machine checks it.
 * Run `npm run deps`; test/architecture/dependencies.test.ts runs the same check in `npm test`.
 * Layers, top to bottom: composition roots (app.ts, cli/, worker/) → modules → http primitives,
 * db, context → lib. See docs/concepts/architecture.md.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles, type-only imports included (tsPreCompilationDeps). The one exception is a cycle closed by a dynamic import(), which runs when called, after every module has loaded: db/migrator.ts loads its default migration list that way because landed migrations, which are never edited, import `exec` from it.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'lib-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/lib is the bottom layer: node built-ins and npm packages only.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'services-and-repositories-stay-off-http',
      severity: 'error',
      comment: 'Services and repositories take (db|trx, input): no Fastify, nothing from src/http/.',
      from: { path: '\\.(service|repository)\\.ts$' },
      to: { path: ['^src/http/', '(^|/)node_modules/(fastify|@fastify/[^/]+)/'] },
    },
    {
      name: 'modules-meet-through-index',
      severity: 'error',
      comment: "A module reaches another module only through that module's index.ts.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'db-and-http-stay-below-modules',
      severity: 'error',
      comment:
        'db/ and http/ sit below the modules. The one arrow up is db/schema.ts composing the table types each module owns; those *.table.ts files import only db/types.ts and lib/.',
      from: { path: '^src/(db|http)/', pathNot: '^src/db/schema\\.ts$' },
      to: { path: '^src/(modules|cli|worker|app\\.ts|platform\\.ts)' },
    },
    {
      name: 'table-types-are-leaves',
      severity: 'error',
      comment: 'Module table files are composed by db/schema.ts, so they must not import it (or anything above db/types.ts and lib/).',
      from: { path: '^src/modules/[^/]+/[^/]+\\.table\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/db/types\\.ts$', '^src/lib/'] },
    },
    {
      name: 'schema-imports-only-table-types',
      severity: 'error',
      comment: 'db/schema.ts may reach into a module only for its *.table.ts file.',
      from: { path: '^src/db/schema\\.ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/[^/]+/[^/]+\\.table\\.ts$' },
    },
    {
      name: 'nothing-imports-composition-roots',
      severity: 'error',
      comment:
        'app.ts, platform.ts, cli/ and worker/ compose the modules; no runtime code below imports them. Tests beside the code may boot a composition root (as test/support/platform.ts boots app.ts) to run a flow end to end.',
      from: { path: '^src/(lib|db|http|modules)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(app\\.ts|platform\\.ts|cli/|worker/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['es6', 'cjs'],
  },
}

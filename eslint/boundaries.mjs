// Who may import whom. A library is reached only through its entry points (@app/<lib>, plus
// the second entry points listed here); no app imports another app; no library imports an app.

/** Each library and the libraries it may import (its tests included). */
export const LAYERS = {
  config: [],
  metrics: [],
  database: ['config'],
  'event-store': ['config', 'database'],
  tracking: ['config', 'database', 'event-store'],
  accounts: ['config', 'database', 'event-store', 'tracking'],
  reporting: ['config', 'database', 'event-store', 'tracking'],
  testing: ['config', 'database', 'event-store', 'tracking', 'accounts', 'reporting'],
};

/** Entry points besides a library's index. */
export const SECOND_ENTRY_POINTS = ['reporting/jobs'];

const APPS = ['api', 'worker', 'cli'];
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'];

const deepAlias = {
  regex: `^@app/(?!(?:${SECOND_ENTRY_POINTS.join('|')})$)[^/]+/.+`,
  message: 'Import a library through its entry point (@app/<lib>), not a path inside it.',
};
const deepRelativeIntoLibs = {
  regex: '^(\\.\\./)+libs/',
  message: 'Import a library through its entry point (@app/<lib>), not by a relative path.',
};
const intoApps = {
  regex: '^(\\.\\./)+apps/',
  message: 'A library or another app never imports an app.',
};

function libBlocks(lib, allowed) {
  return [
    libBlock(lib, allowed, [`libs/${lib}/**/*.ts`]),
    // A library's own tests may also use the test helpers.
    libBlock(
      lib,
      lib === 'testing' ? allowed : [...allowed, 'testing'],
      TEST_FILES.map((glob) => `libs/${lib}/${glob}`),
    ),
  ];
}

function libBlock(lib, allowed, files) {
  const others = Object.keys(LAYERS).filter((l) => l !== lib && !allowed.includes(l));
  const patterns = [
    deepAlias,
    intoApps,
    {
      regex: '^(\\.\\./)+(?:libs/)?[a-z-]+/src(/|$)',
      message: 'Another library is imported through its entry point (@app/<lib>), never by a relative path.',
    },
    { regex: '^(\\.\\./){3,}(api|worker|cli)/', message: 'A library never imports an app.' },
  ];
  if (others.length) {
    patterns.push({
      regex: `^@app/(${others.join('|')})(/|$)`,
      message: `libs/${lib} may import only ${allowed.length ? allowed.map((l) => '@app/' + l).join(', ') : 'no other library'}.`,
    });
  }
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

function appBlocks(app) {
  const otherApps = APPS.filter((a) => a !== app);
  const patterns = [
    deepAlias,
    deepRelativeIntoLibs,
    { regex: `^(\\.\\./)+(?:apps/)?(${otherApps.join('|')})/`, message: `apps/${app} never imports another app.` },
  ];
  return [
    { files: [`apps/${app}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } },
    {
      files: [`apps/${app}/src/**/*.ts`],
      ignores: TEST_FILES,
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [...patterns, { regex: '^@app/testing$', message: 'Production code never imports the test helpers.' }] },
        ],
      },
    },
  ];
}

export function boundaryBlocks(layers) {
  return [
    ...Object.entries(layers).flatMap(([lib, allowed]) => libBlocks(lib, allowed)),
    ...APPS.flatMap(appBlocks),
    {
      files: ['bench/**/*.ts', 'scripts/**/*.ts', 'migrations/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [deepAlias, deepRelativeIntoLibs] }] },
    },
  ];
}

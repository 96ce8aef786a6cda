// ESLint flat config: typescript-eslint's type-aware rules over every TypeScript file the
// project compiles; Prettier owns the layout, so no stylistic rule is set here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A floating promise is a lost error; a deliberate one is written `void promise`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Apollo's plugin hooks and our store interfaces are typed as returning promises; an `async`
      // method without `await` is the plainest way to satisfy them, so this rule only adds noise.
      '@typescript-eslint/require-await': 'off',
      // Prettier wraps code at 120 but not comments: this catches those.
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // Small files named by role: a source file past 250 lines holds more than one role (seeds,
    // demo data and generated files are data, not roles).
    files: ['**/*.ts'],
    ignores: ['test/**', '**/*.seed.ts', 'common/demo/**', 'schema/**/*.generated.ts'],
    rules: { 'max-lines': ['error', { max: 250 }] },
  },
  {
    // The engine and the features most read: a function is a loop over small named steps.
    files: [
      'subgraphs/requests/ledger/**/*.ts',
      'subgraphs/requests/rights/**/*.ts',
      'subgraphs/requests/lifecycle/**/*.ts',
    ],
    rules: { 'max-lines-per-function': ['error', { max: 60 }] },
  },
  {
    // Jest's asymmetric matchers (expect.any, expect.objectContaining, ...) are typed `any` by
    // @types/jest itself; placing one in an expected object is not an unsafe use of our data.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

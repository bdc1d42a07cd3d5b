// ESLint (flat config): the recommended rules of ESLint and typescript-eslint that need no type
// information (so linting stays fast and needs no project build), and a few more. `npm test`
// runs it; `npx eslint .` alone, `npx eslint --fix .` for the fixable findings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      'runs/',
      'test-results/',
      'tmp/',
      'lsp/vscode/node_modules/',
      'lsp/vscode/dist/',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused names are mistakes, except a deliberate `_name` (an ignored parameter, a skipped element).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // === everywhere, but `x == null` is the idiom for "null or undefined".
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The libraries and the language server write nothing to the console: the command line
    // reports through its own output, and the server's stdout is the protocol.
    files: ['src/**/*.ts', 'lsp/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // The VS Code client is CommonJS (VS Code loads extensions with require).
    files: ['lsp/vscode/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...node, require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', 'lsp/vscode/**/*.mjs'],
    languageOptions: { globals: node },
  },
);

// Lint rules for the whole tree. Type-aware (typescript-eslint with the project service), so
// floating promises, unsafe `any` flows and needless assertions are caught, not only style.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'test/artifacts/**', '**/*.cjs', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Jest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed `any` by
    // @types/jest, so every `{ field: expect.any(BigInt) }` would read as an unsafe assignment.
    // That one rule is relaxed in tests; member access, calls and returns on `any` stay errors.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);

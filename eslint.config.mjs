// Lint with typescript-eslint's type-checked rules; only adapters/aws/ may import the AWS SDK.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkBan = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@aws-sdk/*', '@smithy/*'],
          message: 'Only adapters/aws/ may import the AWS SDK; use the ports in adapters/port.ts.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'jest.config.cjs', 'eslint.config.mjs', 'test/e2e/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...sdkBan,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['adapters/aws/**/*.ts', 'test/aws/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);

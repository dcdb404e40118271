import { ESLintUtils } from '@typescript-eslint/utils';
import { DOCS_BASE_URL } from '../src/core/version.js';

/** Each rule documents itself at docs/rules/<name>.md. */
export const createRule = ESLintUtils.RuleCreator((name) => `${DOCS_BASE_URL}/rules/${name}.md`);

/** Rules read TypeScript and JavaScript (ESLint's `js` language, whatever the parser). */
export const JS_LANGUAGES = ['js/js'];

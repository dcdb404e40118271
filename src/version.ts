import { readFileSync } from 'node:fs';

/** The package version, read from package.json so it is never restated. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const DOCS_BASE_URL = 'https://github.com/role-registry/role-registry/blob/main/docs';

import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** The package name and version, read from package.json so they are never restated. */
export const PACKAGE_NAME: string = packageJson.name;
export const PACKAGE_VERSION: string = packageJson.version;

export const DOCS_BASE_URL = 'https://github.com/role-registry/role-registry/blob/main/docs';

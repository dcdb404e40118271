import type { Finding } from '../../findings.js';
import { locate, type ReportContext } from './location.js';

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export function formatGithub(findings: readonly Finding[], context: ReportContext): string {
  return findings
    .map((f) => {
      const where = locate(f, context);
      const properties = [
        where.file === undefined ? undefined : `file=${escapeProperty(where.file)}`,
        where.line === undefined ? undefined : `line=${where.line}`,
        where.column === undefined ? undefined : `col=${where.column}`,
        where.endLine === undefined ? undefined : `endLine=${where.endLine}`,
        where.endColumn === undefined ? undefined : `endColumn=${where.endColumn}`,
        `title=${escapeProperty(`role-registry ${f.code}`)}`,
      ].filter((p): p is string => p !== undefined);
      return `::${f.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(`${f.message} ${f.hint}`)}\n`;
    })
    .join('');
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

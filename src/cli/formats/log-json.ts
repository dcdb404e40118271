import type { Finding } from '../../core/findings.js';
import type { ReportContext } from '../../report/location.js';
import { findingJson } from './json.js';
import type { ChangeLogReport } from './change-log-report.js';

/** The version of `log --format json` (docs/audit.md#the-change-log): a field's meaning never changes within it. */
const CHANGE_LOG_FORMAT = 'role-registry.log/1';

/** `role-registry log --format json`: stable, documented, one object. */
export function changeLogJson(report: ChangeLogReport): string {
  return `${JSON.stringify(
    {
      format: CHANGE_LOG_FORMAT,
      lockfile: report.lockfile,
      from: report.from,
      to: report.to,
      commits: report.log.commits,
      historyCutAt: report.historyCutAt,
      entries: report.log.entries.map((entry) => ({
        commit: entry.commit.sha,
        shortCommit: entry.commit.sha.slice(0, 10),
        parents: entry.commit.parents,
        merge: entry.merge,
        date: entry.commit.date,
        author: { name: entry.commit.authorName, email: entry.commit.authorEmail },
        subject: entry.commit.subject,
        lockfile: entry.lockfile,
        movedFrom: entry.movedFrom,
        registryHashBefore: entry.hashBefore,
        registryHashAfter: entry.hashAfter,
        brokeLaw: entry.added === undefined,
        added: entry.added
          ? {
              roles: entry.added.roles,
              aliases: entry.added.aliases,
              deprecations: entry.added.deprecations.map((d) => ({
                roleId: d.roleId,
                replacedBy: d.replacedBy ?? null,
                reason: d.reason ?? null,
              })),
              contracts: entry.added.contracts.map((c) => ({ ...c, supersedes: c.supersedes ?? null })),
              waivers: entry.added.waivers.map((w) => ({ ...w, surfaceHash: w.surfaceHash ?? null })),
            }
          : null,
        breaks: entry.breaks.map((found) => ({
          parent: found.parent ?? null,
          findings: found.findings.map((f) => findingJson(f, report.report)),
        })),
        mergedBreaks: entry.mergedBreaks.map((found) => ({
          commit: found.commit.sha,
          parent: found.parent ?? null,
          findings: found.findings.map((f) => findingJson(f, report.report)),
        })),
      })),
      findings: [],
    },
    null,
    2,
  )}\n`;
}

/** Unusable input in JSON: still one parseable object, with what made the log impossible. */
export function changeLogFailureJson(findings: readonly Finding[], report: ReportContext): string {
  return `${JSON.stringify(
    {
      format: CHANGE_LOG_FORMAT,
      lockfile: null,
      from: null,
      to: null,
      commits: 0,
      historyCutAt: [],
      entries: [],
      findings: findings.map((f) => findingJson(f, report)),
    },
    null,
    2,
  )}\n`;
}

/** What the figures were measured on: they mean little without it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Waits (up to `limitSeconds`) for the 1-minute load average to fall below `threshold`: the figures
 * of a full run mean more on a quiet machine. Returns the seconds waited.
 */
export async function waitForQuiet(threshold = 1.5, limitSeconds = 180) {
  const started = Date.now();
  while (os.loadavg()[0] >= threshold && Date.now() - started < limitSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  return Math.round((Date.now() - started) / 1000);
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpuModel() ?? cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    typescript: versionOf('typescript'),
    eslint: versionOf('eslint'),
    esbuild: versionOf('esbuild'),
    tsPatch: versionOf('ts-patch'),
    buf: bufVersion(),
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim();
  } catch {
    return undefined;
  }
}

function versionOf(name) {
  try {
    return JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function bufVersion() {
  try {
    return execFileSync(new URL('../../node_modules/.bin/buf', import.meta.url).pathname, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

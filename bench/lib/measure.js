/**
 * Timing by spawning real processes. Every figure is the median of several runs after a warm-up,
 * with min and max; ratios are taken pairwise within one iteration, and the order of the commands
 * rotates from one iteration to the next, so machine drift (other processes, thermal, caches)
 * weighs on every side alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {{ name: string, file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv,
 *   expectExit: number, verify?: (result: { stdout: string, stderr: string }) => void }} Command
 * @typedef {{ median: number, min: number, max: number, runs: number[] }} Stats
 */

/** Runs a command once; fails loudly when it exits otherwise than expected or its output does not verify. */
export function runOnce(command) {
  const start = performance.now();
  const result = spawnSync(command.file, command.args, {
    cwd: command.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...command.env },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.error) throw new Error(`${command.name}: could not run ${command.file}: ${result.error.message}`);
  if (result.status !== command.expectExit) {
    throw new Error(
      `${command.name}: exited ${result.status ?? result.signal}, expected ${command.expectExit}\n$ ${command.file} ${command.args.join(' ')} (in ${command.cwd})\n--- stdout\n${result.stdout.slice(0, 4000)}\n--- stderr\n${result.stderr.slice(0, 4000)}`,
    );
  }
  command.verify?.(result);
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/** @returns {Stats} */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: values };
}

/**
 * Times several commands in rotation: `warmup` untimed rounds, then `runs` timed rounds, the order
 * rotating each round. `ratios` names pairs [numerator, denominator] by command name; each ratio is
 * computed within a round, then summarised.
 * @param {Command[]} commands
 * @param {{ warmup: number, runs: number, ratios?: [string, string][], onRound?: (round: number) => void }} options
 * @returns {{ times: Record<string, Stats>, ratios: Record<string, Stats> }}
 */
export function interleave(commands, options) {
  for (let w = 0; w < options.warmup; w++) for (const command of commands) runOnce(command);
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(commands.map((c) => [c.name, []]));
  /** @type {Record<string, number[]>} */
  const ratios = Object.fromEntries((options.ratios ?? []).map(([a, b]) => [`${a} / ${b}`, []]));
  for (let round = 0; round < options.runs; round++) {
    const order = commands.map((_, i) => commands[(i + round) % commands.length]);
    // Reverse every other round as well, so no command always follows the same one (ABBA-like).
    if (round % 2 === 1) order.reverse();
    const roundTimes = {};
    for (const command of order) roundTimes[command.name] = runOnce(command).ms;
    for (const [name, ms] of Object.entries(roundTimes)) times[name].push(ms);
    for (const [a, b] of options.ratios ?? []) ratios[`${a} / ${b}`].push(roundTimes[a] / roundTimes[b]);
    options.onRound?.(round);
  }
  return {
    times: Object.fromEntries(Object.entries(times).map(([name, values]) => [name, stats(values)])),
    ratios: Object.fromEntries(Object.entries(ratios).map(([name, values]) => [name, stats(values)])),
  };
}

/** GNU time; RR_BENCH_TIME points elsewhere (or at nothing, to use the preload instead). */
const TIME = process.env.RR_BENCH_TIME ?? '/usr/bin/time';

/**
 * Peak resident memory of a command, in bytes: `/usr/bin/time -f %M` where it exists (it measures the
 * process itself), otherwise a preload that reports `process.resourceUsage().maxRSS` at exit.
 */
export function peakMemory(command, preload) {
  if (existsSync(TIME)) {
    const result = runOnce({ ...command, file: TIME, args: ['-f', 'maxrss-kb=%M', command.file, ...command.args], verify: undefined });
    const match = /maxrss-kb=(\d+)\s*$/.exec(result.stderr);
    if (!match) throw new Error(`${command.name}: /usr/bin/time printed no maxrss:\n${result.stderr.slice(-2000)}`);
    return { bytes: Number(match[1]) * 1024, via: '/usr/bin/time -f %M' };
  }
  const result = runOnce({ ...command, env: { ...command.env, NODE_OPTIONS: `--require ${preload}` }, verify: undefined });
  const match = /maxrss-kb=(\d+)\s*$/.exec(result.stderr);
  if (!match) throw new Error(`${command.name}: the maxRSS preload printed nothing:\n${result.stderr.slice(-2000)}`);
  return { bytes: Number(match[1]) * 1024, via: 'process.resourceUsage().maxRSS at exit' };
}

/**
 * The log-log slope of time against size: t ∝ N^k. With two points it is exact; with more it is
 * the least-squares fit. `pairs` gives the slope between consecutive sizes too.
 */
export function scalingExponent(points) {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  const pairs = [];
  for (let i = 1; i < points.length; i++) {
    pairs.push({ from: points[i - 1].n, to: points[i].n, exponent: (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]) });
  }
  return { exponent: num / den, pairs };
}

/**
 * What the figures cannot say by themselves: why a target is missed, and what was optimised. Written
 * from CPU profiles (`node --cpu-prof`) of the runs; docs/benchmarks.md includes them. Each entry
 * receives the results (and the judged target) and returns markdown lines.
 */
export const EXPLANATIONS = {
  noise: (results) => {
    const load = results.machine.loadAverageAtStart[0];
    if (load < 1.5) return [];
    return [
      `**Note on noise**: the 1-minute load average was ${load} when this run started (other work was running on this`,
      `${results.machine.cores}-core machine). Ratios are taken pairwise in each round and are robust to some of it; absolute times are inflated.`,
      '',
    ];
  },
};

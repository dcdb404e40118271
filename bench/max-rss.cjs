// Preload for peak-memory figures where /usr/bin/time is missing: prints the process's maxRSS
// (kilobytes, as getrusage reports it on Linux) on stderr when it exits.
process.on('exit', () => {
  process.stderr.write(`\nmaxrss-kb=${process.resourceUsage().maxRSS}\n`);
});

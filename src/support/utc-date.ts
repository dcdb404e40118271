/** Dates as waivers record them: UTC calendar days written `YYYY-MM-DD`. */

const UTC_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isUtcDate(text: string): boolean {
  const match = UTC_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

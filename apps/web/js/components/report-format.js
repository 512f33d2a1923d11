// @ts-check
// Numbers as the year-end report prints them.

/** @param {number | null | undefined} n 万元 with two decimals */
export const money = (n) =>
  n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** @param {number | null | undefined} n a score or a figure, at most two decimals */
export const num = (n) => (n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100));
/** @param {number | null | undefined} r a rate as a percentage */
export const rate = (r) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(2)}%`);

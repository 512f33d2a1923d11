// Summarise a .cpuprofile: self time by function and by file.
const fs = require('fs');
const file = process.argv[2];
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas; const samples = prof.samples;
for (let i = 0; i < samples.length; i++) { self.set(samples[i], (self.get(samples[i]) || 0) + (dt[i] || 0)); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
const agg = new Map(); const aggFile = new Map();
for (const [id, t] of self) { const n = byId.get(id); const cf = n.callFrame; const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*\/(node_modules\/[^/]+|work\/main\/)/, '$1')}:${cf.lineNumber}`; agg.set(key, (agg.get(key) || 0) + t);
  const fk = cf.url.replace(/.*\/(node_modules\/(@[^/]+\/)?[^/]+|work\/main\/)/, '$1') || cf.functionName; aggFile.set(fk, (aggFile.get(fk) || 0) + t); }
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(7)} ms ${(100 * t / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- by function\n${top(agg, +process.argv[3] || 30)}\n-- by file\n${top(aggFile, 15)}`);

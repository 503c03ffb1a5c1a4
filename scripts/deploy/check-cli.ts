// npm run deploy:check [-- --functions]: every check of check.ts, one line each;
// exits 1 when any problem is found. `--functions`: the cloud functions only (what
// `npm run deploy` needs); without it the mini-program upload is checked too.
import { checkDeploy } from './check';

const parts = process.argv.includes('--functions') ? (['functions'] as const) : (['functions', 'weapp'] as const);
const findings = checkDeploy({ parts: [...parts] });
for (const f of findings) console.log(`${f.ok ? '✓' : '✗'} ${f.line}`);
const problems = findings.filter((f) => !f.ok).length;
console.log(problems === 0 ? '\n检查通过，可以部署。' : `\n${problems} 个问题，改正后再部署。`);
process.exit(problems === 0 ? 0 : 1);

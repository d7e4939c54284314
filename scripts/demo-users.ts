import { loadConfig } from '../config/load';

// Prints who can sign in to the demo (all passwords: demo123).
const { users, sites } = loadConfig();
// Each site with the procedures it runs (issue 19: `runs` in config/sites/<id>.yaml; absent: every procedure).
console.log('Sites:');
for (const s of sites.values()) console.log(`  ${s.id} (${s.name}): ${s.runs?.join(', ') ?? 'every procedure'}`);
console.log('Demo users (password demo123):');
for (const user of users.values()) {
  const roles = [...new Set(Object.values(user.roles).flat())].join(', ');
  console.log(`  ${user.id.padEnd(18)} ${user.name.padEnd(14)} ${roles}`);
}

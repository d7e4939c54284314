import { loadConfig } from '../config/load';

// Prints who can sign in to the demo (all passwords: demo123).
const { users, sites } = loadConfig();
console.log(`Sites: ${[...sites.values()].map((s) => `${s.id} (${s.name})`).join(', ')}`);
console.log('Demo users (password demo123):');
for (const user of users.values()) {
  const roles = [...new Set(Object.values(user.roles).flat())].join(', ');
  console.log(`  ${user.id.padEnd(18)} ${user.name.padEnd(14)} ${roles}`);
}

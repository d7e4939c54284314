import { hashPassword } from '../api/auth/password';

// Prints the scrypt hash to paste into config/users.yaml: npm run hash-password -- <password>
const password = process.argv[2];
if (!password) {
  console.error('usage: npm run hash-password -- <password>');
  process.exit(2);
}
void hashPassword(password).then((h) => console.log(h));

import { ImapFlow } from 'imapflow';
import { startDovecot, fillMailbox } from '@tidings/testkit';
const d = await startDovecot({ extraConfig: process.env.EXTRA?.replace(/;/g, '\n') });
const user = { email: 'big@example.test', password: 'pw12345678' };
await d.addUser(user);
const fill = await fillMailbox(d, user, { count: 100_000, cacheDir: '/work/main/.tidings/bench-cache' });
console.log('fill', fill.durationMs.toFixed(0), 'generated', fill.generated);
for (let i = 0; i < 6; i++) {
  const c = new ImapFlow({ host: d.host, port: d.imapPort, secure: false, auth: { user: user.email, pass: user.password }, logger: false, qresync: process.env.QR !== '0' });
  await c.connect();
  const t = performance.now();
  await c.mailboxOpen('INBOX');
  const sel = performance.now() - t;
  const t2 = performance.now();
  await c.search({ seen: false }, { uid: true });
  console.log(`${process.env.EXTRA ?? 'default'} select ${sel.toFixed(0)} ms  unseen-search ${(performance.now() - t2).toFixed(0)} ms`);
  await c.logout();
}
await d.stop(); process.exit(0);

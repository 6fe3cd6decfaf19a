// Test helpers shared by the Node tests: the grantcheck binary and a server on a free port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const root = process.env.GRANTCHECK_SOURCE_DIR ?? process.cwd();
export const bin = process.env.GRANTCHECK_BIN ?? join(root, 'build/grantcheck');

// Starts `grantcheck serve` on 127.0.0.1:0 over `db` and resolves to { base, server } once it
// prints its address; rejects after 20 s or when it exits first.
export function startServer(db) {
  const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--no-access-log'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], server });
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

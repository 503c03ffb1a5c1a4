// The identity of a weapp build: sha256 over every file under the folder, in order of
// relative path ('/'-separated), each as path + NUL + bytes. The render check records it;
// deploy:check recomputes it to know the build it is about to upload is the one that passed.
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

/** Every file under dir, as '/'-separated paths relative to it, sorted. */
function filesUnder(dir) {
  const out = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      // statSync follows links: a linked file or folder counts as what it points at.
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  // Plain code-unit order, the same on every machine (no locale).
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256 hex of the build in dir. */
function buildHash(dir) {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    hash.update(file, 'utf8');
    hash.update(Buffer.from([0]));
    hash.update(readFileSync(join(dir, ...file.split('/'))));
  }
  return hash.digest('hex');
}

module.exports = { buildHash, filesUnder };

if (require.main === module) {
  const dir = process.argv[2] ?? join(__dirname, '..', 'miniprogram', 'dist', 'weapp');
  console.log(buildHash(dir));
}

// Reads every record given on the command line and writes it again the way the web editor
// does (portal/admin/portal-format.js with the YAML library Decap uses), into OUT/<same path>.
// Usage: node roundtrip.mjs FORMAT_MODULE OUT ROOT schema=path ...
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [formatModule, out, root, ...pairs] = process.argv.slice(2);
const require = createRequire(path.join(root, 'package.json'));
const YAML = require('yaml');
const types = require('yaml/types');
const { portalFormat } = await import(formatModule);
for (const pair of pairs) {
  const [file, schema] = pair.split('=');
  const format = portalFormat(YAML, types, schema);
  const target = path.join(out, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, format.toFile(format.fromFile(fs.readFileSync(path.join(root, file), 'utf8'))));
}

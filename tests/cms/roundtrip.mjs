// Reads every record given on the command line and writes it again the way the web editor
// does (portal/admin/portal-format.js with the YAML library it uses in the browser), into OUT/<same path>.
// Usage: node roundtrip.mjs FORMAT_MODULE FORMATS_JSON OUT ROOT path=format ...
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [formatModule, formatsFile, out, root, ...pairs] = process.argv.slice(2);
const formats = JSON.parse(fs.readFileSync(formatsFile, 'utf8'));
const require = createRequire(path.join(root, 'package.json'));
const YAML = require('yaml');
const types = require('yaml/types');
const { portalFormat } = await import(formatModule);
for (const pair of pairs) {
  const [file, name] = pair.split('=');
  const format = portalFormat(YAML, types, formats[name]);
  const target = path.join(out, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, format.toFile(format.fromFile(fs.readFileSync(path.join(root, file), 'utf8'))));
}

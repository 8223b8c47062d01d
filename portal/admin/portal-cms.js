// Starts the web editor: reads the configuration the build generated from the models
// (config.json), registers the format each collection writes with, then starts Decap CMS
// (loaded before this module by index.html, with CMS_MANUAL_INIT set by manual-init.js).
import { YAML } from './yaml/index.js';
import * as types from './yaml/types.js';
import { portalFormat } from './portal-format.js';

const response = await fetch('config.json', { cache: 'no-store' });
const config = await response.json();
for (const collection of config.collections) {
  const schema = collection.format.replace(/^portal:/, '');
  window.CMS.registerCustomFormat(collection.format, 'yaml', portalFormat(YAML, types, schema));
}
window.CMS.init({ config });

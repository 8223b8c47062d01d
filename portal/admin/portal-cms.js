// Starts the web editor: reads the configuration the build generated from the models
// (config.json: Sveltia's configuration and what our format needs per collection),
// registers the format each collection writes with, then starts Sveltia CMS.
import CMS from './sveltia-cms.mjs';
import { version } from './version.js';
import { YAML } from './yaml/index.js';
import * as types from './yaml/types.js';
import { portalFormat } from './portal-format.js';

// Sveltia fetches the words of its interface (Vietnamese, ...) from a CDN: they are served
// from this folder instead (the build copies them), so the editor asks no other host.
const cdnLocales = `https://unpkg.com/@sveltia/cms@${version}/locales/`;
const fetchFromCdn = window.fetch;
window.fetch = (resource, options) => {
  const url = resource instanceof Request ? resource.url : String(resource);
  return fetchFromCdn(url.startsWith(cdnLocales) ? new URL(`locales/${url.slice(cdnLocales.length)}`, import.meta.url) : resource, options);
};

const response = await fetch('config.json', { cache: 'no-store' });
const { cms, formats } = await response.json();
for (const [name, format] of Object.entries(formats)) {
  CMS.registerCustomFormat(name, 'yaml', portalFormat(YAML, types, format));
}
CMS.init({ config: cms });

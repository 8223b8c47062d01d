// How the web editor reads and writes a record: the YAML style of the files in content/
// (strings in double quotes, lists not indented, field names plain) and the schema line
// on top, so a record saved in the CMS is the file the other tools write and a pull
// request shows only what the editor changed. Used by portal-cms.js in the browser and by
// the tests in Node; the YAML library (the version Decap uses) is passed in.

const FILE_ID = 'file_id'; // the form's field for a new record's id (portal/cms.py): the file name, not content

// What an editor leaves empty is absent from the file: an empty optional field is not a value.
function pruned(value) {
  if (Array.isArray(value)) return value.map(pruned).filter(v => v !== undefined);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = pruned(item);
      if (key !== FILE_ID && kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === '' || value === undefined ? undefined : value;
}

export function portalFormat(YAML, types, schema) {
  const { Scalar, YAMLMap, YAMLSeq } = types;
  const header = `# yaml-language-server: $schema=../../../${schema}\n# $schema: ../../../${schema}\n`;

  function plainKeys(node) {
    if (node instanceof YAMLMap) {
      for (const pair of node.items) {
        const key = new Scalar(pair.key instanceof Scalar ? pair.key.value : pair.key);
        key.type = 'PLAIN';
        pair.key = key;
        // `portal stamp` writes the hash bare; keep it so, or every stamped file changes.
        if (key.value === 'source_hash' && pair.value instanceof Scalar) pair.value.type = 'PLAIN';
        plainKeys(pair.value);
      }
    } else if (node instanceof YAMLSeq) {
      node.items.forEach(plainKeys);
    }
  }

  return {
    fromFile(text) {
      return YAML.parse(text) || {};
    },
    toFile(data) {
      const options = YAML.scalarOptions;
      const saved = [options.str.defaultType, options.str.fold, options.null.nullStr];
      // Double quotes: YAML 1.1 readers (PyYAML) take a bare NO, yes or 2026-01-01 for
      // something other than text.
      options.str.defaultType = 'QUOTE_DOUBLE';
      options.str.fold = { lineWidth: 0, minContentWidth: 0 };
      options.null.nullStr = 'null';
      try {
        const doc = new YAML.Document({ indentSeq: false });
        doc.contents = YAML.createNode(pruned(data) || {});
        plainKeys(doc.contents);
        return header + doc.toString();
      } finally {
        [options.str.defaultType, options.str.fold, options.null.nullStr] = saved;
      }
    },
  };
}

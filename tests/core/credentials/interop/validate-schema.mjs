// Validates documents against a JSON Schema with Ajv (Draft 2019-09, formats checked by
// ajv-formats): the second validator of the official Open Badges 3.0 schemas, beside Python's
// jsonschema. A .jwt file is validated by its payload (the credential the JWT carries).
// Usage: node validate-schema.mjs SCHEMA_FILE FILE... ; prints one JSON object per line.
import fs from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));

function payload(file) {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!file.endsWith('.jwt')) return JSON.parse(text);
  const body = text.split('.')[1];
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
}

for (const file of files) {
  const valid = validate(payload(file));
  const errors = (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`);
  console.log(JSON.stringify({ file, valid, errors }));
}

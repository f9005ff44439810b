// Validates response bodies against the response schemas of the official OpenAPI file
// (tests/specs/managementpartner/ManagementPartner.json). Objects are closed
// (additionalProperties: false) so that a field the contract does not declare is caught too.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import path from "node:path";
import { specsDir } from "./harness.mjs";

const swagger = JSON.parse(
  readFileSync(path.join(specsDir, "managementpartner", "ManagementPartner.json"), "utf8"),
);

function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith("x-ms-") || k === "readOnly") continue;
    out[k] = closeObjects(v);
  }
  if (out.properties && out.type === "object") out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int32", {
  type: "number",
  validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addSchema({ $id: "mp", definitions: closeObjects(swagger.definitions) });
const roleDefinitionsSpec = JSON.parse(
  readFileSync(path.join(specsDir, "authorization", "authorization-RoleDefinitionsCalls.json"), "utf8"),
);
ajv.addSchema({ $id: "rd", definitions: closeObjects(roleDefinitionsSpec.definitions) });
const roleAssignmentsSpec = JSON.parse(
  readFileSync(path.join(specsDir, "authorization", "authorization-RoleAssignmentsCalls.json"), "utf8"),
);
ajv.addSchema({ $id: "ra", definitions: closeObjects(roleAssignmentsSpec.definitions) });
// ARM's common types: "ct:ErrorResponse" is the error envelope every ARM error must match.
const commonTypes = JSON.parse(
  readFileSync(path.join(specsDir, "authorization", "common-types", "resource-management", "v2", "types.json"), "utf8"),
);
ajv.addSchema({ $id: "ct", definitions: closeObjects(commonTypes.definitions) });

const validators = {};
function validator(name) {
  const [spec, definition] = name.includes(":") ? name.split(":") : ["mp", name];
  validators[name] ??= ajv.compile({ $ref: `${spec}#/definitions/${definition}` });
  return validators[name];
}

// Returns the list of schema errors (empty when the body conforms). `definition` names a
// definition of the ManagementPartner spec, or "rd:<name>" / "ra:<name>" one of the role
// definitions / role assignments spec.
export function schemaErrors(definition, body) {
  const validate = validator(definition);
  return validate(body) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
}

// The operations of the spec with their success schema, to check every path is covered.
export function successSchema(pathTemplate, method) {
  const op = swagger.paths[pathTemplate]?.[method];
  const ref = op?.responses?.["200"]?.schema?.$ref;
  return ref ? ref.split("/").pop() : null;
}

#!/usr/bin/env python3
"""Checks the hand-written OpenAPI specs under specs/ beyond what a linter sees.

For every specs/<vendor>.yaml it
  * validates the document with openapi-spec-validator (OpenAPI 3.0),
  * validates every media-type example (`example` and each `examples` value) of every
    request body and response against its schema, with OpenAPI 3.0 semantics
    (nullable) and format checks (uuid, date, date-time, email, uri),
  * checks the project's x- extensions: x-crate, x-environment, x-string-or-integer,
    x-timestamp, x-envelope, x-retry-after-field, x-assumptions, x-example-repairs,
    x-operation-per-file,
  * checks that every operation has a unique lowerCamelCase operationId, a summary,
    a description, tags and security, and that every parameter and every property
    that is not a $ref has a description.

For each x-operation-per-file directory (VectorCare services) it checks every
service file: exactly the allowed keys, file name = service_id, unique operation_id,
request_body a valid schema whose $refs (relative to the file) resolve, and the
example valid against it. It also checks that every component schema of a spec that
has service files is used by the spec or by a service file.

Usage: python tools/python/check_specs.py [specs-dir]   (default: specs next to tools)
Exits 1 and lists every problem when something is wrong.
"""

import re
import sys
from pathlib import Path

import yaml
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_NAMES = ["vectorcare", "carecycle", "carevalidate", "vsee"]
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
SERVICE_KEYS_REQUIRED = {"service_id", "name", "operation_id", "illustrative", "request_body"}
SERVICE_KEYS_OPTIONAL = {"description", "example"}
ENVIRONMENTS = {"production", "uat", "staging", "preview"}
LOWER_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
FORMATS = FormatChecker(["uuid", "date", "date-time", "email", "uri"])

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def make_registry(docs):
    """Registry holding every loaded document under its file:// URI."""
    resources = [
        (uri, Resource.from_contents(doc, default_specification=DRAFT4)) for uri, doc in docs.items()
    ]
    return Registry().with_resources(resources)


def resolve(doc, ref):
    """Resolves a local '#/a/b' reference inside doc."""
    node = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def deref(doc, node):
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
        node = resolve(doc, node["$ref"])
    return node


def validate_instance(where, registry, base_uri, schema_pointer, instance):
    """Validates instance against the schema at base_uri#schema_pointer."""
    validator = OAS30Validator(
        {"$ref": f"{base_uri}#{schema_pointer}"}, registry=registry, format_checker=FORMATS
    )
    try:
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    except Exception as error:  # an unresolvable $ref surfaces here
        problem(where, f"schema could not be applied: {str(error).splitlines()[0][:200]}")
        return
    for error in errors:
        path = "/".join(str(p) for p in error.absolute_path)
        problem(where, f"example does not validate at /{path}: {error.message}")


def pointer(*parts):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def check_string_list(where, value, key):
    if not (isinstance(value, list) and value and all(isinstance(s, str) and s for s in value)):
        problem(where, f"{key} must be a non-empty list of strings")


def walk_extensions(where, node, doc):
    """Checks x- extensions and descriptions everywhere in the document."""
    if isinstance(node, dict):
        for key in ("x-assumptions", "x-example-repairs"):
            if key in node:
                check_string_list(where, node[key], key)
        if "x-string-or-integer" in node:
            value = node["x-string-or-integer"]
            branches = {b.get("type") for b in node.get("oneOf", []) if isinstance(b, dict)}
            if value not in ("string", "integer"):
                problem(where, "x-string-or-integer must name the Rust type: string or integer")
            if branches != {"string", "integer"}:
                problem(where, "x-string-or-integer schema must be oneOf [string, integer]")
        if "x-timestamp" in node and node["x-timestamp"] is not True:
            problem(where, "x-timestamp must be true")
        if "properties" in node and isinstance(node["properties"], dict):
            for name, prop in node["properties"].items():
                if isinstance(prop, dict) and "$ref" not in prop and not prop.get("description"):
                    problem(f"{where}/properties/{name}", "property has no description")
        for key, value in node.items():
            walk_extensions(f"{where}/{key}", value, doc)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            walk_extensions(f"{where}/{i}", value, doc)


def collect_refs(node, out):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            out.add(ref)
        for value in node.values():
            collect_refs(value, out)
    elif isinstance(node, list):
        for value in node:
            collect_refs(value, out)


def check_media_examples(where, media, doc, registry, uri, schema_ptr):
    if "example" in media:
        validate_instance(where, registry, uri, schema_ptr, media["example"])
    for name, ex in (media.get("examples") or {}).items():
        ex = deref(doc, ex)
        if "value" not in ex:
            problem(f"{where}/examples/{name}", "example has no value")
            continue
        validate_instance(f"{where}/examples/{name}", registry, uri, schema_ptr, ex["value"])


def check_spec(path, op_ids):
    name = path.stem
    doc = load_yaml(path)
    uri = path.resolve().as_uri()
    docs = {uri: doc}
    try:
        validate_openapi(doc)
    except Exception as error:  # the validator raises several exception types
        problem(str(path), f"openapi-spec-validator: {error}")

    if doc.get("openapi") != "3.0.3":
        problem(str(path), "openapi must be 3.0.3")
    crate = doc.get("x-crate") or {}
    version = str(crate.get("version", ""))
    if crate.get("name") != f"{name}-client" or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        problem(str(path), f"x-crate must be {{name: {name}-client, version: MAJOR.MINOR.PATCH}}")

    server_lists = [("#/servers", doc.get("servers", []))]
    for p, item in doc.get("paths", {}).items():
        server_lists.append((f"#/paths/{p}/servers", item.get("servers", [])))
        for m in HTTP_METHODS & item.keys():
            server_lists.append((f"#/paths/{p}/{m}/servers", item[m].get("servers", [])))
    for where, servers in server_lists:
        for s in servers:
            if s.get("x-environment") not in ENVIRONMENTS or not s.get("description"):
                problem(f"{path}{where}", f"server {s.get('url')} needs a description and x-environment in {sorted(ENVIRONMENTS)}")

    walk_extensions(f"{path}#", doc, doc)

    service_dirs = []
    for p, item in doc.get("paths", {}).items():
        shared_params = item.get("parameters", [])
        for m in sorted(HTTP_METHODS & item.keys()):
            op = item[m]
            where = f"{path}#/paths/{p}/{m}"
            op_id = op.get("operationId")
            if not op_id or not LOWER_CAMEL.match(op_id):
                problem(where, "operationId missing or not lowerCamelCase")
            elif op_id in op_ids:
                problem(where, f"operationId {op_id} already used in {op_ids[op_id]}")
            else:
                op_ids[op_id] = where
            for key in ("summary", "description", "tags"):
                if not op.get(key):
                    problem(where, f"operation has no {key}")
            if "security" not in op and "security" not in doc:
                problem(where, "operation has no security")
            for param in shared_params + op.get("parameters", []):
                param = deref(doc, param)
                if not param.get("description"):
                    problem(where, f"parameter {param.get('name')} has no description")
            body = op.get("requestBody")
            if body:
                body = deref(doc, body)
                for mt, media in body.get("content", {}).items():
                    ptr = pointer("paths", p, m, "requestBody", "content", mt, "schema")
                    check_media_examples(f"{where}/requestBody/{mt}", media, doc, make_registry(docs), uri, ptr)
            for status, response in op.get("responses", {}).items():
                resp_ptr = ["paths", p, m, "responses", status]
                if "$ref" in response:
                    resp_ptr = response["$ref"].lstrip("#/").split("/")
                    response = deref(doc, response)
                rwhere = f"{where}/responses/{status}"
                for mt, media in (response.get("content") or {}).items():
                    ptr = pointer(*resp_ptr, "content", mt, "schema")
                    check_media_examples(f"{rwhere}/{mt}", media, doc, make_registry(docs), uri, ptr)
                    if "x-envelope" in media:
                        schema = deref(doc, media["schema"])
                        env = media["x-envelope"]
                        if env != "data" or "data" not in schema.get("required", []) or "data" not in schema.get("properties", {}):
                            problem(rwhere, "x-envelope: data needs an object schema with a required data property")
                    field = response.get("x-retry-after-field")
                    if field:
                        schema = deref(doc, media["schema"])
                        if field not in schema.get("properties", {}):
                            problem(rwhere, f"x-retry-after-field {field} is not a property of the body")
            per_file = op.get("x-operation-per-file")
            if per_file:
                params = [deref(doc, q) for q in shared_params + op.get("parameters", [])]
                if not any(q.get("name") == per_file.get("parameter") and q.get("in") == "path" for q in params):
                    problem(where, "x-operation-per-file parameter is not a path parameter of the operation")
                service_dirs.append((where, path.parent / per_file["directory"], p, per_file["parameter"]))

    used = set()
    collect_refs(doc, used)
    for where, directory, template, param in service_dirs:
        files = sorted(directory.glob("*.yaml"))
        if not files:
            problem(where, f"no service files in {directory}")
        for file in files:
            collect_refs(check_service_file(file, docs, op_ids, template, param), used)
    if service_dirs:
        for schema_name in doc.get("components", {}).get("schemas", {}):
            ref = f"#/components/schemas/{schema_name}"
            if not any(r == ref or r.endswith(f"{path.name}{ref}") for r in used):
                problem(f"{path}#/components/schemas/{schema_name}", "component is used neither by the spec nor by a service file")
    return doc


def check_service_file(file, docs, op_ids, template, param):
    where = str(file)
    service = load_yaml(file)
    keys = set(service)
    if not SERVICE_KEYS_REQUIRED <= keys or keys - SERVICE_KEYS_REQUIRED - SERVICE_KEYS_OPTIONAL:
        problem(where, f"keys must be {sorted(SERVICE_KEYS_REQUIRED)} plus optionally {sorted(SERVICE_KEYS_OPTIONAL)}, found {sorted(keys)}")
        return service
    if file.stem != str(service["service_id"]):
        problem(where, "file name must be <service_id>.yaml")
    if not isinstance(service["illustrative"], bool):
        problem(where, "illustrative must be true or false")
    if service["illustrative"] and "ILLUSTRATIVE" not in str(service.get("description", "")):
        problem(where, "an illustrative service must say so in its description")
    op_id = service["operation_id"]
    if not LOWER_CAMEL.match(str(op_id)):
        problem(where, "operation_id is not lowerCamelCase")
    elif op_id in op_ids:
        problem(where, f"operation_id {op_id} already used in {op_ids[op_id]}")
    else:
        op_ids[op_id] = where
    walk_extensions(f"{where}#/request_body", service["request_body"], service)
    uri = file.resolve().as_uri()
    all_docs = dict(docs)
    all_docs[uri] = service
    registry = make_registry(all_docs)
    if "example" in service:
        validate_instance(where, registry, uri, "/request_body", service["example"])
    else:
        problem(where, "service file has no example")
    refs = set()
    collect_refs(service["request_body"], refs)
    for ref in refs:
        try:
            registry.resolver(base_uri=uri).lookup(ref)
        except Exception as error:
            problem(where, f"$ref {ref} does not resolve: {str(error).splitlines()[0][:200]}")
    # Path the generator will give the typed operation, for the record.
    service["_path"] = template.replace("{" + param + "}", str(service["service_id"]))
    return service


def main():
    specs_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "specs"
    op_ids_total = 0
    for name in SPEC_NAMES:
        path = specs_dir / f"{name}.yaml"
        if not path.exists():
            problem(str(path), "missing")
            continue
        op_ids = {}
        check_spec(path, op_ids)
        print(f"{path}: {len(op_ids)} operations (including per-file ones)")
        op_ids_total += len(op_ids)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print(f"  {p}")
        sys.exit(1)
    print(f"all specs OK ({op_ids_total} operations)")


if __name__ == "__main__":
    main()

/**
 * `npm run sandbox:schemas`: writes stripe-schemas.generated.json, the JSON schemas of
 * the Stripe objects in stripe-objects.ts, from the installed `stripe` package's types.
 * Run it after updating the SDK; the conformance test fails while the file is stale.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as prettier from "prettier";
import {
  BaseType,
  createFormatter,
  createParser,
  createProgram,
  SchemaGenerator,
  StringType,
  DEFAULT_CONFIG,
  type CompletedConfig,
  type Definition,
  type SubNodeParser,
  type SubTypeFormatter,
} from "ts-json-schema-generator";
import type TypeScript from "typescript";
import { GENERATED_SCHEMAS_PATH, sdkFingerprint, type GeneratedSchemas, type RootInfo } from "./sdk-fingerprint";

/**
 * The generator parses with its own TypeScript (5.x, the project has 6), and AST checks
 * must use that same copy: `SyntaxKind` numbers differ between versions. Its declarations
 * are those of the project's copy; the objects crossing over (program, nodes) are cast.
 */
const ts = createRequire(createRequire(import.meta.url).resolve("ts-json-schema-generator"))(
  "typescript",
) as typeof TypeScript;

const ENTRY = path.join(import.meta.dirname, "stripe-objects.ts");
const RESOURCE_MARKER = "x-stripe-resource";
type GeneratorNode = Parameters<SubNodeParser["supportsNode"]>[0];

/** A top-level interface in the SDK's resources/ with an `object` literal: an API resource. */
interface Resource {
  /** `PaymentIntent`, `Checkout.Session` (the resources/ subfolder disambiguates). */
  key: string;
  object: string;
}

function resourceOf(declaration: TypeScript.Declaration): Resource | null {
  if (!ts.isInterfaceDeclaration(declaration) || !ts.isSourceFile(declaration.parent)) return null;
  const file = declaration.getSourceFile().fileName.replaceAll(path.sep, "/");
  const located = /\/node_modules\/stripe\/(?:esm|cjs)\/resources\/(?:(\w+)\/)?[^/]+\.d\.ts$/.exec(file);
  if (!located) return null;
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member) || member.name.getText() !== "object" || !member.type) continue;
    if (!ts.isLiteralTypeNode(member.type) || !ts.isStringLiteral(member.type.literal)) return null;
    const name = declaration.name.text;
    return { key: located[1] ? `${located[1]}.${name}` : name, object: member.type.literal.text };
  }
  return null;
}

function isInStripePackage(node: TypeScript.Node): boolean {
  return node.getSourceFile().fileName.replaceAll(path.sep, "/").includes("/node_modules/stripe/");
}

function declarationBehind(
  checker: TypeScript.TypeChecker,
  node: TypeScript.TypeReferenceNode,
): TypeScript.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(node.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.declarations?.[0];
}

/** Where one resource refers to another (an expandable field, a list's items), by name. */
class ResourceReferenceType extends BaseType {
  constructor(readonly resource: Resource) {
    super();
  }
  getId(): string {
    return `stripe-resource-${this.resource.key}`;
  }
}

/**
 * Every resource's schema stands alone; a reference from one resource to another is cut
 * here and resolved after generation (to the other's schema, or to "an object with this
 * `object`" for resources the sandbox does not serve). Followed instead, each expandable
 * field would pull in most of Stripe's API (Account, Application, Issuing, …) and its name
 * clashes (`Issuing.Card` and `Card` are both "Card" to the generator).
 */
/** A node parser, in the project's TypeScript types (see `ts` above). */
interface NodeParser {
  supportsNode(node: TypeScript.Node): boolean;
  createType(node: TypeScript.Node): BaseType;
}

function resourceReferenceParser(checker: TypeScript.TypeChecker): NodeParser {
  return {
    supportsNode: (node) =>
      ts.isTypeReferenceNode(node) &&
      isInStripePackage(node) &&
      (() => {
        const declaration = declarationBehind(checker, node);
        return declaration !== undefined && resourceOf(declaration) !== null;
      })(),
    createType: (node) => {
      const declaration = declarationBehind(checker, node as TypeScript.TypeReferenceNode);
      const resource = declaration && resourceOf(declaration);
      if (!resource) throw new Error(`not a resource reference: ${node.getText()}`);
      return new ResourceReferenceType(resource);
    },
  };
}

/**
 * `Stripe.Decimal` is the SDK's parsed form of decimal strings (`unit_amount_decimal`);
 * on the wire, which is what the schemas describe, it is a string.
 */
function decimalAsStringParser(checker: TypeScript.TypeChecker): NodeParser {
  return {
    supportsNode: (node) => {
      if (!ts.isTypeReferenceNode(node) || !isInStripePackage(node)) return false;
      const declaration = declarationBehind(checker, node);
      return (
        declaration !== undefined &&
        /\/stripe\/(?:esm|cjs)\/Decimal\.d\.ts$/.test(declaration.getSourceFile().fileName.replaceAll(path.sep, "/"))
      );
    },
    createType: () => new StringType(),
  };
}

const resourceReferenceFormatter: SubTypeFormatter = {
  supportsType: (type) => type instanceof ResourceReferenceType,
  getDefinition: (type) => ({ [RESOURCE_MARKER]: (type as ResourceReferenceType).resource }) as Definition,
  getChildren: () => [],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function mapJson(value: Json, visit: (node: { [key: string]: Json }) => Json | undefined): Json {
  if (Array.isArray(value)) return value.map((item) => mapJson(item, visit));
  if (value === null || typeof value !== "object") return value;
  const replaced = visit(value);
  if (replaced !== undefined) return replaced;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapJson(item, visit)]));
}

function refTo(name: string): Json {
  return { $ref: `#/definitions/${encodeURIComponent(name)}` };
}

/** Renames definitions inside one root's schema, rewriting its references. */
function renameDefinitions(schema: { [key: string]: Json }, renames: Map<string, string>): { [key: string]: Json } {
  return mapJson(schema, (node) => {
    if (typeof node.$ref !== "string") return undefined;
    const name = decodeURIComponent(node.$ref.replace("#/definitions/", ""));
    const renamed = renames.get(name);
    return renamed ? refTo(renamed) : undefined;
  }) as { [key: string]: Json };
}

async function main(): Promise<void> {
  const started = Date.now();
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: ENTRY,
    tsconfig: path.join(import.meta.dirname, "..", "tsconfig.json"),
    skipTypeCheck: true,
    // Descriptions would make the file several times larger and say nothing to a validator.
    jsDoc: "none",
    additionalProperties: false,
    topRef: true,
    sortProps: true,
  };
  const generatorProgram = createProgram(config);
  const program = generatorProgram as unknown as TypeScript.Program;
  const checker = program.getTypeChecker();
  const parser = createParser(generatorProgram, config, (chain) => {
    chain.addNodeParser(decimalAsStringParser(checker) as unknown as SubNodeParser);
    chain.addNodeParser(resourceReferenceParser(checker) as unknown as SubNodeParser);
  });
  const formatter = createFormatter(config, (chain) => {
    chain.addTypeFormatter(resourceReferenceFormatter);
  });
  const generator = new SchemaGenerator(generatorProgram, parser, formatter, config);

  const entry = program.getSourceFile(ENTRY);
  if (!entry) throw new Error(`${ENTRY} is not part of the program`);
  const exported = entry.statements.filter(
    (statement): statement is TypeScript.TypeAliasDeclaration | TypeScript.InterfaceDeclaration =>
      (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) &&
      (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export) !== 0,
  );

  const definitions: { [key: string]: Json } = {};
  const roots: Record<string, RootInfo> = {};
  const served = new Map<string, string>(); // resource key → root definition name
  const rootSchemas: Array<{ name: string; schema: { [key: string]: Json } }> = [];

  for (const statement of exported) {
    const name = statement.name.text;
    let resource: Resource | null = null;
    if (ts.isTypeAliasDeclaration(statement) && ts.isTypeReferenceNode(statement.type)) {
      const declaration = declarationBehind(checker, statement.type);
      resource = declaration ? resourceOf(declaration) : null;
    }
    // From the aliased type itself, so the alias (same name as the SDK's interface) is no definition.
    const root = ts.isTypeAliasDeclaration(statement) ? statement.type : statement;
    const schema = generator.createSchemaFromNodes([root as unknown as GeneratorNode]) as { [key: string]: Json };
    rootSchemas.push({ name, schema });
    if (resource) served.set(resource.key, name);
  }

  for (const { name, schema } of rootSchemas) {
    const own = (schema.definitions ?? {}) as { [key: string]: Json };
    // The entry's alias points at the interface; both become the one definition `name`.
    const renames = new Map<string, string>();
    let body: Json | undefined = schema;
    while (body && typeof body === "object" && !Array.isArray(body) && typeof body.$ref === "string") {
      const target = decodeURIComponent(body.$ref.replace("#/definitions/", ""));
      renames.set(target, name);
      body = own[target];
    }
    const aliases = new Set(renames.keys());
    // A definition whose name another root already uses for another shape (`Session.Locale`
    // of Checkout and of the billing portal) gets this root's name in front. Renaming
    // changes references inside other definitions, so repeat until nothing clashes.
    let rewritten = own;
    for (let clashes = true; clashes;) {
      rewritten = renameDefinitions({ definitions: own }, renames).definitions as { [key: string]: Json };
      clashes = false;
      for (const definitionName of Object.keys(own)) {
        if (renames.has(definitionName)) continue;
        const existing = definitions[definitionName];
        if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(rewritten[definitionName])) {
          renames.set(definitionName, `${name}:${definitionName}`);
          clashes = true;
        }
      }
    }
    for (const [definitionName, definition] of Object.entries(rewritten)) {
      if (!aliases.has(definitionName)) definitions[renames.get(definitionName) ?? definitionName] = definition;
    }
    definitions[name] = renameDefinitions({ body: body ?? null }, renames).body ?? null;
  }

  // Resolve the cut references: to the schema of a resource listed in stripe-objects.ts,
  // otherwise to what an expanded object of that kind is sure to have.
  const resolved = mapJson(definitions, (node) => {
    const marker = node[RESOURCE_MARKER] as unknown as Resource | undefined;
    if (!marker) return undefined;
    const root = served.get(marker.key);
    if (root) return refTo(root);
    return {
      type: "object",
      properties: { id: { type: "string" }, object: { const: marker.object } },
      required: ["id", "object"],
    };
  }) as { [key: string]: Json };

  for (const { name } of rootSchemas) {
    const body = resolved[name] as { properties?: { [key: string]: { const?: string } }; required?: string[] };
    const object = body.properties?.object?.const;
    if (typeof object !== "string") continue;
    roots[name] = { object, deleted: body.required?.includes("deleted") === true };
  }

  // The SDK joins each enum with `OtherString` (`'automatic' | 'manual' | OtherString`) so
  // that integrations keep compiling when Stripe adds a value. The sandbox has no such
  // excuse: it must send one of the values the SDK lists, so the schemas keep only those.
  const OTHER_STRING = refTo("OtherString");
  const enums = mapJson(resolved, (node) => {
    const branches = node.anyOf;
    if (!Array.isArray(branches) || !branches.some((branch) => JSON.stringify(branch) === JSON.stringify(OTHER_STRING)))
      return undefined;
    const literals = branches.filter((branch) => JSON.stringify(branch) !== JSON.stringify(OTHER_STRING));
    const values = literals.flatMap((branch) => {
      const value = (branch as { const?: Json }).const;
      if (typeof value !== "string") throw new Error(`OtherString beside ${JSON.stringify(branch)}`);
      return [value];
    });
    return { type: "string", enum: values };
  }) as { [key: string]: Json };
  if (JSON.stringify(enums).includes(JSON.stringify(OTHER_STRING))) throw new Error("OtherString left outside an enum");
  delete enums.OtherString;
  Object.assign(resolved, enums);
  delete resolved.OtherString;

  // The envelope's `data.object` and `previous_attributes` are empty interfaces that each
  // event type narrows (`PaymentIntentSucceededEvent`, …); as schemas they would forbid
  // every field. The object is checked against its own schema, by `eventObjects`.
  resolved["Event.Data.Object"] = {
    type: "object",
    properties: { object: { type: "string" } },
    required: ["object"],
  };
  resolved["Event.Data.PreviousAttributes"] = { type: "object" };

  const output: GeneratedSchemas = {
    comment: "Generated by `npm run sandbox:schemas` (sandbox/conformance/generate-schemas.ts). Do not edit.",
    sdk: sdkFingerprint(),
    roots,
    eventObjects: eventObjects(program, checker),
    definitions: sortKeys(resolved),
  };
  // Formatted as `npm run format` would, so the check in CI leaves it alone.
  const options = await prettier.resolveConfig(GENERATED_SCHEMAS_PATH);
  writeFileSync(
    GENERATED_SCHEMAS_PATH,
    await prettier.format(JSON.stringify(output), { ...options, filepath: GENERATED_SCHEMAS_PATH }),
  );
  console.log(
    `${path.relative(process.cwd(), GENERATED_SCHEMAS_PATH)}: ${Object.keys(resolved).length} definitions, ` +
      `${Object.keys(roots).length} objects (stripe ${output.sdk.version}) in ${Date.now() - started} ms`,
  );
}

/**
 * Event type → the `object` its `data.object` has, from the SDK's typed events
 * (`interface PaymentIntentSucceededEvent { type: 'payment_intent.succeeded'; data: { object: PaymentIntent } }`).
 */
function eventObjects(program: TypeScript.Program, checker: TypeScript.TypeChecker): Record<string, string[]> {
  const file = program
    .getSourceFiles()
    .find((source) =>
      /\/node_modules\/stripe\/esm\/resources\/Events\.d\.ts$/.test(source.fileName.replaceAll(path.sep, "/")),
    );
  if (!file) throw new Error("the SDK's resources/Events.d.ts is not part of the program");
  const namespaces = new Map<string, TypeScript.ModuleDeclaration>();
  for (const statement of file.statements)
    if (ts.isModuleDeclaration(statement)) namespaces.set(statement.name.getText(), statement);

  const objectsOf = (node: TypeScript.TypeNode): string[] => {
    if (ts.isUnionTypeNode(node)) return node.types.flatMap(objectsOf);
    if (!ts.isTypeReferenceNode(node)) return [];
    const declaration = declarationBehind(checker, node);
    if (!declaration) return [];
    if (ts.isTypeAliasDeclaration(declaration)) return objectsOf(declaration.type);
    const resource = resourceOf(declaration);
    return resource ? [resource.object] : [];
  };

  const result: Record<string, string[]> = {};
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const typeMember = statement.members.find(
      (member): member is TypeScript.PropertySignature =>
        ts.isPropertySignature(member) && member.name.getText() === "type",
    );
    if (!typeMember?.type || !ts.isLiteralTypeNode(typeMember.type) || !ts.isStringLiteral(typeMember.type.literal))
      continue;
    const body = namespaces.get(statement.name.text)?.body;
    const data = body && ts.isModuleBlock(body) ? body.statements.find(ts.isInterfaceDeclaration) : undefined;
    const objectMember = data?.members.find(
      (member): member is TypeScript.PropertySignature =>
        ts.isPropertySignature(member) && member.name.getText() === "object",
    );
    const objects = objectMember?.type ? [...new Set(objectsOf(objectMember.type))].sort() : [];
    if (objects.length > 0) result[typeMember.type.literal.text] = objects;
  }
  return sortKeys(result);
}

function sortKeys<T>(value: { [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

await main();

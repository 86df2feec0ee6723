import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema as buildSdl,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  printSchema,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema, SCHEMA_FILE } from '../../src/schema.js';

const CONTRACT_FILE = path.resolve(import.meta.dirname, '../../../shared/contract.graphql');

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isScalarType(type)) return 'scalar';
  if (isInterfaceType(type)) return 'interface';
  return 'union';
}

const defaultOf = (arg: GraphQLArgument | GraphQLInputField) => JSON.stringify(arg.defaultValue ?? null);

/** Everything the contract names that our schema lacks or changed; empty when compatible. */
function contractBreaks(contractSdl: string, ours: ReturnType<typeof buildSdl>): string[] {
  const contract = buildSdl(contractSdl);
  const problems: string[] = [];
  for (const type of Object.values(contract.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const mine = ours.getType(type.name);
    if (!mine) {
      problems.push(`missing type ${type.name}`);
      continue;
    }
    if (kindOf(mine) !== kindOf(type)) {
      problems.push(`${type.name} is a ${kindOf(mine)}, contract says ${kindOf(type)}`);
      continue;
    }
    if (isEnumType(type) && isEnumType(mine)) {
      for (const value of type.getValues()) if (!mine.getValue(value.name)) problems.push(`missing enum value ${type.name}.${value.name}`);
    }
    if ((isObjectType(type) && isObjectType(mine)) || (isInterfaceType(type) && isInterfaceType(mine))) {
      const myFields = mine.getFields();
      for (const field of Object.values(type.getFields())) {
        const myField = myFields[field.name];
        if (!myField) {
          problems.push(`missing field ${type.name}.${field.name}`);
          continue;
        }
        if (String(myField.type) !== String(field.type)) problems.push(`${type.name}.${field.name} is ${myField.type}, contract says ${field.type}`);
        for (const arg of field.args) {
          const myArg = myField.args.find((a) => a.name === arg.name);
          if (!myArg) problems.push(`missing argument ${type.name}.${field.name}(${arg.name})`);
          else if (String(myArg.type) !== String(arg.type) || defaultOf(myArg) !== defaultOf(arg)) {
            problems.push(`${type.name}.${field.name}(${arg.name}) is ${myArg.type} = ${defaultOf(myArg)}, contract says ${arg.type} = ${defaultOf(arg)}`);
          }
        }
        for (const extra of myField.args) {
          if (!field.args.some((a) => a.name === extra.name) && isNonNullType(extra.type) && extra.defaultValue === undefined) {
            problems.push(`${type.name}.${field.name}(${extra.name}) is a new required argument`);
          }
        }
      }
    }
    if (isInputObjectType(type) && isInputObjectType(mine)) {
      const myFields = mine.getFields();
      for (const field of Object.values(type.getFields())) {
        const myField = myFields[field.name];
        if (!myField) problems.push(`missing input field ${type.name}.${field.name}`);
        else if (String(myField.type) !== String(field.type) || defaultOf(myField) !== defaultOf(field)) {
          problems.push(`${type.name}.${field.name} is ${myField.type} = ${defaultOf(myField)}, contract says ${field.type} = ${defaultOf(field)}`);
        }
      }
      for (const extra of Object.values(myFields)) {
        if (!type.getFields()[extra.name] && isNonNullType(extra.type) && extra.defaultValue === undefined) {
          problems.push(`${type.name}.${extra.name} is a new required input field`);
        }
      }
    }
  }
  return problems;
}

describe('schema', () => {
  it('should match the committed schema/schema.graphql (run `npm run schema:emit` when this fails)', async () => {
    const schema = await buildSchema();
    const committed = fs
      .readFileSync(SCHEMA_FILE, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .trim();
    expect(committed).toBe(printSchema(schema).trim());
  });

  it('should honour every type, field, argument and enum value of ../shared/contract.graphql', async () => {
    const ours = buildSdl(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    expect(contractBreaks(fs.readFileSync(CONTRACT_FILE, 'utf8'), ours)).toEqual([]);
  });

  it('should report a field whose type changed from the contract', () => {
    const ours = buildSdl('type Query { a: Int }');
    expect(contractBreaks('type Query { a: Int! b: String }', ours)).toEqual(['Query.a is Int, contract says Int!', 'missing field Query.b']);
  });
});

import Decimal from 'decimal.js';
import jsep from 'jsep';

/**
 * Formula criteria: a safe expression over named variables, evaluated in exact decimal arithmetic.
 * The text is parsed by jsep into a syntax tree and only the nodes below are evaluated: numbers,
 * variables, + - * /, comparisons, && || !, `test ? a : b`, and min/max/abs/round. Nothing else runs.
 */

/** Variables the platform computes per unit and year (see domain.md "Formula criteria"). */
export const FORMULA_VARIABLES = {
  onTimeRate: 'share of resolved dossiers that were early or on time, %',
  onlineShare: 'share of dossiers received online, %',
  fullyOnlineProcedureShare: 'share of procedures offered fully online, %',
  lateWithoutLetter: 'late dossiers without an apology letter, count',
  planTaskCompletionRate: 'share of the reform plan tasks completed, %',
  surveyIndex: 'satisfaction (SIPAS) index, %',
  maxPoints: "the criterion's own maximum points (for points = maxPoints × rate)",
} as const;

export type FormulaVariable = keyof typeof FORMULA_VARIABLES;

export class FormulaError extends Error {}

type Node = jsep.Expression;
type Value = Decimal | boolean;

const FUNCTIONS: Record<string, (args: Decimal[]) => Decimal> = {
  min: (args) => Decimal.min(...args),
  max: (args) => Decimal.max(...args),
  abs: ([a]) => a!.abs(),
  round: ([a, places]) => a!.toDecimalPlaces(places ? places.toNumber() : 0, Decimal.ROUND_HALF_UP),
};

const BINARY = new Set(['+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!=', '===', '!==', '&&', '||']);

export interface CompiledFormula {
  source: string;
  variables: string[];
  evaluate(values: Record<string, Decimal.Value | null | undefined>): Decimal;
}

/** Checks the tree once, so evaluation meets only known shapes. */
function check(node: Node, variables: Set<string>): void {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value !== 'number') throw new FormulaError(`only numbers are allowed, not ${JSON.stringify(node.value)}`);
      return;
    case 'Identifier':
      variables.add(node.name as string);
      return;
    case 'UnaryExpression':
      if (node.operator !== '-' && node.operator !== '!' && node.operator !== '+') throw new FormulaError(`operator ${node.operator} is not allowed`);
      return check(node.argument as Node, variables);
    case 'BinaryExpression':
    case 'LogicalExpression':
      if (!BINARY.has(node.operator as string)) throw new FormulaError(`operator ${node.operator} is not allowed`);
      check(node.left as Node, variables);
      return check(node.right as Node, variables);
    case 'ConditionalExpression':
      check(node.test as Node, variables);
      check(node.consequent as Node, variables);
      return check(node.alternate as Node, variables);
    case 'CallExpression': {
      const callee = node.callee as Node;
      // Own names only: `constructor` or `toString` must not resolve through the prototype.
      if (callee.type !== 'Identifier' || !Object.hasOwn(FUNCTIONS, callee.name as string)) {
        throw new FormulaError(`only the functions ${Object.keys(FUNCTIONS).join(', ')} are allowed`);
      }
      const args = node.arguments as Node[];
      if (args.length === 0) throw new FormulaError(`${callee.name}() needs arguments`);
      args.forEach((arg) => check(arg, variables));
      return;
    }
    default:
      throw new FormulaError(`${node.type} is not allowed in a formula`);
  }
}

function toDecimal(value: Value): Decimal {
  if (typeof value === 'boolean') throw new FormulaError('a comparison is used where a number is expected');
  return value;
}

function truthy(value: Value): boolean {
  return typeof value === 'boolean' ? value : !value.isZero();
}

function evaluateNode(node: Node, values: Record<string, Decimal>): Value {
  switch (node.type) {
    case 'Literal':
      return new Decimal((node.raw as string) ?? String(node.value));
    case 'Identifier':
      return values[node.name as string]!;
    case 'UnaryExpression': {
      const argument = evaluateNode(node.argument as Node, values);
      if (node.operator === '!') return !truthy(argument);
      return node.operator === '-' ? toDecimal(argument).negated() : toDecimal(argument);
    }
    case 'BinaryExpression':
    case 'LogicalExpression': {
      const op = node.operator as string;
      if (op === '&&') return truthy(evaluateNode(node.left as Node, values)) && truthy(evaluateNode(node.right as Node, values));
      if (op === '||') return truthy(evaluateNode(node.left as Node, values)) || truthy(evaluateNode(node.right as Node, values));
      const left = toDecimal(evaluateNode(node.left as Node, values));
      const right = toDecimal(evaluateNode(node.right as Node, values));
      switch (op) {
        case '+': return left.plus(right);
        case '-': return left.minus(right);
        case '*': return left.times(right);
        case '/':
          if (right.isZero()) throw new FormulaError('division by zero');
          return left.dividedBy(right);
        case '<': return left.lessThan(right);
        case '<=': return left.lessThanOrEqualTo(right);
        case '>': return left.greaterThan(right);
        case '>=': return left.greaterThanOrEqualTo(right);
        case '==': case '===': return left.equals(right);
        default: return !left.equals(right);
      }
    }
    case 'ConditionalExpression':
      return truthy(evaluateNode(node.test as Node, values))
        ? evaluateNode(node.consequent as Node, values)
        : evaluateNode(node.alternate as Node, values);
    case 'CallExpression': {
      const name = (node.callee as Node).name as string;
      return FUNCTIONS[name]!((node.arguments as Node[]).map((arg) => toDecimal(evaluateNode(arg, values))));
    }
    default:
      throw new FormulaError(`${node.type} is not allowed in a formula`);
  }
}

/** Parses and checks a formula; unknown variables are refused when `allowed` is given. */
export function compileFormula(source: string, allowed: readonly string[] = Object.keys(FORMULA_VARIABLES)): CompiledFormula {
  let tree: Node;
  try {
    tree = jsep(source);
  } catch (error) {
    throw new FormulaError(`cannot read the formula: ${(error as Error).message}`);
  }
  const variables = new Set<string>();
  check(tree, variables);
  const unknown = [...variables].filter((v) => !allowed.includes(v));
  if (unknown.length) throw new FormulaError(`unknown variable ${unknown.join(', ')}; known: ${allowed.join(', ')}`);
  return {
    source,
    variables: [...variables],
    evaluate(input) {
      const values: Record<string, Decimal> = {};
      for (const name of variables) {
        const value = input[name];
        if (value === null || value === undefined) throw new FormulaError(`no value for ${name}`);
        values[name] = new Decimal(value);
      }
      return toDecimal(evaluateNode(tree, values));
    },
  };
}

import Decimal from 'decimal.js';
import jsep from 'jsep';
import { quote } from './text.js';
import { fillMessage, type MessageParams } from '../errors.js';
import { type FrameworkReason, frameworkReasons } from './framework-reasons.js';

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
  requiredPlansIssuedRate: 'share of the required plans issued, %',
  plansIssuedLate: 'required plans issued after their due date, count',
  surveyIndex: 'satisfaction (SIPAS) index, %',
  remediationOverdue: "remediation items of the year's inspections overdue at year end, count",
  reportsOnTimeRate: 'share of the periodic reports due that were submitted on time, %',
  legalDocumentsIssued: 'legal documents issued, count',
  legalDocumentsAmended: 'legal documents amended, count',
  legalDocumentsRepealProposed: 'legal documents proposed for repeal, count',
  proceduresProposedAbolished: 'procedures proposed to abolish, count',
  proceduresProposedSimplified: 'procedures proposed to simplify, count',
  trainingCourses: 'training courses held, count',
  trainingParticipants: 'training course participants, count',
  contests: 'reform contests held, count',
  contestParticipants: 'contest participants, count',
  knowledgeTestParticipants: 'officials who took a knowledge test, count',
  knowledgeTestPassed: 'officials who passed a knowledge test, count',
  isoApplied: 'ISO 9001 quality system announced or maintained, 1 or 0',
  isoInternalAudits: 'ISO 9001 internal audits, count',
  maxPoints: "the criterion's own maximum points (for points = maxPoints × rate)",
} as const;

export type FormulaVariable = keyof typeof FORMULA_VARIABLES;

/** Why a formula is refused or cannot be evaluated: a reason of the catalogue with its parameters; the message in English. */
export class FormulaError extends Error {
  constructor(
    readonly reason: FrameworkReason,
    readonly params?: MessageParams,
  ) {
    super(fillMessage(frameworkReasons[reason].en, params));
    this.name = 'FormulaError';
  }
}

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
      if (typeof node.value !== 'number')
        throw new FormulaError('formula_only_numbers', { value: typeof node.value === 'string' ? quote(node.value) : String(node.value) });
      return;
    case 'Identifier':
      variables.add(node.name as string);
      return;
    case 'UnaryExpression':
      if (node.operator !== '-' && node.operator !== '!' && node.operator !== '+')
        throw new FormulaError('formula_operator_not_allowed', { operator: node.operator as string });
      return check(node.argument as Node, variables);
    case 'BinaryExpression':
    case 'LogicalExpression':
      if (!BINARY.has(node.operator as string)) throw new FormulaError('formula_operator_not_allowed', { operator: node.operator as string });
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
        throw new FormulaError('formula_functions_only', { functions: Object.keys(FUNCTIONS).join(', ') });
      }
      const args = node.arguments as Node[];
      if (args.length === 0) throw new FormulaError('formula_function_no_arguments', { name: callee.name as string });
      args.forEach((arg) => check(arg, variables));
      return;
    }
    default:
      throw new FormulaError('formula_construct_not_allowed', { construct: node.type });
  }
}

function toDecimal(value: Value): Decimal {
  if (typeof value === 'boolean') throw new FormulaError('formula_comparison_as_number');
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
        case '+':
          return left.plus(right);
        case '-':
          return left.minus(right);
        case '*':
          return left.times(right);
        case '/':
          if (right.isZero()) throw new FormulaError('formula_division_by_zero');
          return left.dividedBy(right);
        case '<':
          return left.lessThan(right);
        case '<=':
          return left.lessThanOrEqualTo(right);
        case '>':
          return left.greaterThan(right);
        case '>=':
          return left.greaterThanOrEqualTo(right);
        case '==':
        case '===':
          return left.equals(right);
        default:
          return !left.equals(right);
      }
    }
    case 'ConditionalExpression':
      return truthy(evaluateNode(node.test as Node, values)) ? evaluateNode(node.consequent as Node, values) : evaluateNode(node.alternate as Node, values);
    case 'CallExpression': {
      const name = (node.callee as Node).name as string;
      return FUNCTIONS[name]!((node.arguments as Node[]).map((arg) => toDecimal(evaluateNode(arg, values))));
    }
    default:
      throw new FormulaError('formula_construct_not_allowed', { construct: node.type });
  }
}

/** A jsep parse error as a reason: where the text stops making sense, and the text there (jsep's own words are English). */
function unreadable(source: string, error: unknown): FormulaError {
  const index = (error as { index?: unknown }).index;
  const at = typeof index === 'number' && Number.isInteger(index) ? Math.max(0, Math.min(index, source.length)) : null;
  // jsep's index is the 0-based position of the character it stopped at; at the end, the formula is unfinished.
  const near = at === null ? '' : source.slice(at, at + 12).trimEnd();
  if (at === null || near.trim() === '') return new FormulaError('formula_incomplete');
  return new FormulaError('formula_unreadable', { position: at + 1, near: quote(near, 12) });
}

/** Parses and checks a formula; unknown variables are refused when `allowed` is given. */
export function compileFormula(source: string, allowed: readonly string[] = Object.keys(FORMULA_VARIABLES)): CompiledFormula {
  let tree: Node;
  try {
    tree = jsep(source);
  } catch (error) {
    throw unreadable(source, error);
  }
  const variables = new Set<string>();
  check(tree, variables);
  const unknown = [...variables].filter((v) => !allowed.includes(v));
  if (unknown.length) throw new FormulaError('formula_unknown_variable', { variables: unknown.join(', '), known: allowed.join(', ') });
  return {
    source,
    variables: [...variables],
    evaluate(input) {
      const values: Record<string, Decimal> = {};
      for (const name of variables) {
        const value = input[name];
        if (value === null || value === undefined) throw new FormulaError('formula_no_value', { name });
        values[name] = new Decimal(value);
      }
      return toDecimal(evaluateNode(tree, values));
    },
  };
}

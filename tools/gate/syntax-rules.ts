// Syntax the Espruino parser rejects (SyntaxError, or a ReferenceError at run time) or runs wrongly.
// Espruino parses lazily: a function body is only parsed when it first runs, so every construct
// anywhere in the bundle counts, not only the ones on the start-up path.
import * as walk from "acorn-walk";
import type * as acorn from "acorn";
import { AnyNode, isPattern } from "./ast";
import type { Report } from "./problem";
import { unsupportedRegexFeatures } from "./regex-check";

/** Built-in classes that cannot be subclassed on Espruino. */
export const UNSUBCLASSABLE = ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError",
  "URIError", "AggregateError", "InternalError", "Array"];

export function checkSyntax(program: acorn.Program, report: Report): void {
  walk.fullAncestor(program, (node, _state, ancestors) => {
    const parent = ancestors[ancestors.length - 2] as AnyNode | undefined;
    const grandparent = ancestors[ancestors.length - 3] as AnyNode | undefined;
    checkNode(node as AnyNode, parent, grandparent, report);
  });
}

function checkNode(node: AnyNode, parent: AnyNode | undefined, grandparent: AnyNode | undefined, report: Report): void {
  switch (node.type) {
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      if (node.async) report(node, "async", "async function (Espruino has no async/await; chain Promises with .then)");
      if (node.generator) report(node, "generator", "generator function* (not supported by Espruino)");
      for (const param of node.params) checkParameter(param, report);
      return;
    case "AwaitExpression":
      report(node, "async", "await (Espruino has no async/await; chain Promises with .then)");
      return;
    case "ForOfStatement":
      if (node.await) report(node, "async", "for await (Espruino has no async iteration)");
      checkLoopHead(node, report);
      return;
    case "ForInStatement":
      checkLoopHead(node, report);
      return;
    case "VariableDeclaration":
      if (node.kind === "using" || node.kind === "await using") report(node, "using", `${node.kind} declaration (not supported by Espruino)`);
      return;
    case "VariableDeclarator":
      if ((grandparent?.type === "ForOfStatement" || grandparent?.type === "ForInStatement") && grandparent.left === parent) return; // checkLoopHead
      if (isPattern(node.id)) report(node.id, "destructuring", "destructuring declaration (Espruino: ReferenceError; read the fields one by one)");
      return;
    case "CatchClause":
      if (isPattern(node.param)) report(node.param as AnyNode, "destructuring", "destructuring catch parameter (not supported by Espruino)");
      return;
    case "AssignmentExpression":
      if (node.operator === "**=") report(node, "exponent", "exponent assignment **= (use Math.pow)");
      if (node.operator === "||=" || node.operator === "&&=" || node.operator === "??=") {
        report(node, "logical-assignment", `logical assignment ${node.operator} (Espruino: SyntaxError; write a = a || b)`);
      }
      if (isPattern(node.left)) report(node.left, "destructuring", "destructuring assignment (Espruino cannot assign to an array/object pattern)");
      return;
    case "BinaryExpression":
      if (node.operator === "**") report(node, "exponent", "exponent operator ** (use Math.pow)");
      if (node.left.type === "PrivateIdentifier") report(node.left, "private-member", "#private brand check (not supported by Espruino)");
      return;
    case "SpreadElement":
      if (parent?.type === "CallExpression" || parent?.type === "NewExpression") {
        report(node, "spread", "spread in call f(...a) (use f.apply(null, a))");
      } else if (parent?.type === "ObjectExpression") {
        report(node, "spread", "object spread {...o} (use Object.assign)");
      } else {
        report(node, "spread", "array spread [...a] (use concat/slice)");
      }
      return;
    case "ChainExpression":
      report(node, "optional-chain", "optional chaining ?. (Espruino: SyntaxError)");
      return;
    case "Property":
      if (parent?.type === "ObjectExpression" && node.computed) {
        report(node.key, "computed-key", "computed object key {[k]: v} (create the object, then assign o[k] = v)");
      }
      return;
    case "MethodDefinition":
    case "PropertyDefinition":
      if (node.computed) report(node.key, "computed-key", "computed class member name [k] (not supported by Espruino)");
      if (node.key.type === "PrivateIdentifier") report(node.key, "private-member", "#private class member (use a TypeScript `private` field)");
      return;
    case "MemberExpression":
      if (node.property.type === "PrivateIdentifier") report(node.property, "private-member", "#private member access (use a TypeScript `private` field)");
      return;
    case "StaticBlock":
      report(node, "class-static-block", "class static block static {...} (not supported by Espruino)");
      return;
    case "LabeledStatement":
      report(node, "label", `label "${node.label.name}:" (Espruino has no labels)`);
      return;
    case "BreakStatement":
    case "ContinueStatement":
      if (node.label) report(node, "label", `labelled ${node.type === "BreakStatement" ? "break" : "continue"} ${node.label.name} (Espruino has no labels)`);
      return;
    case "TaggedTemplateExpression":
      report(node, "tagged-template", "tagged template literal (Espruino: SyntaxError)");
      return;
    case "MetaProperty":
      if (node.meta.name === "new") report(node, "new-target", "new.target (Espruino: SyntaxError)");
      else report(node, "import-export", "import.meta (the bundle must be a plain script)");
      return;
    case "Literal":
      if (node.bigint !== undefined) report(node, "bigint", "BigInt literal (Espruino has no BigInt)");
      if (node.regex) {
        for (const why of unsupportedRegexFeatures(node.regex.pattern, node.regex.flags)) {
          report(node, "regex", `regex /${node.regex.pattern}/${node.regex.flags}: ${why} (Espruino silently fails; parse by hand)`);
        }
      }
      return;
    case "ClassDeclaration":
    case "ClassExpression":
      if (node.superClass?.type === "Identifier" && UNSUBCLASSABLE.includes(node.superClass.name)) {
        report(node.superClass, "extends-builtin",
          `class extends ${node.superClass.name} (broken on Espruino; throw an Error object with a code field)`);
      }
      return;
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration":
    case "ExportAllDeclaration":
      report(node, "import-export", `${node.type.startsWith("Import") ? "import" : "export"} statement (the bundle must be a plain script)`);
      return;
    case "ImportExpression":
      report(node, "import-export", "dynamic import() (the bundle must be a plain script)");
      return;
    default:
      return;
  }
}

function checkParameter(param: acorn.Pattern, report: Report): void {
  switch (param.type) {
    case "AssignmentPattern":
      report(param, "default-param", "default parameter (Espruino: SyntaxError; test for undefined in the body)");
      if (isPattern(param.left)) report(param.left, "destructuring", "destructuring parameter (Espruino: SyntaxError)");
      return;
    case "RestElement":
      report(param, "rest-param", "rest parameter ...args (Espruino: SyntaxError; use arguments)");
      if (isPattern(param.argument)) report(param.argument, "destructuring", "destructuring parameter (Espruino: SyntaxError)");
      return;
    case "ObjectPattern":
    case "ArrayPattern":
      report(param, "destructuring", "destructuring parameter (Espruino: SyntaxError)");
      return;
    default:
      return;
  }
}

function checkLoopHead(loop: acorn.ForInStatement | acorn.ForOfStatement, report: Report): void {
  const target = loop.left.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
  const kind = loop.type === "ForOfStatement" ? "for-of" : "for-in";
  if (isPattern(target)) report(target, "destructuring", `destructuring in ${kind} head (Espruino: SyntaxError)`);
}

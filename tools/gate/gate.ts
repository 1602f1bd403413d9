// The Espruino gate: parses a bundle with acorn (latest ECMAScript, so modern syntax is seen, not
// refused by the parser) and lists everything the Espruino interpreter cannot run.
import * as acorn from "acorn";
import { checkApis } from "./api-rules";
import type { AnyNode } from "./ast";
import { checkHoisting } from "./hoisting-rule";
import { checkLoopClosures } from "./loop-closure-rule";
import type { Problem, Report } from "./problem";
import { analyzeScopes } from "./scope";
import { checkStaticInheritance } from "./static-inheritance-rule";
import { checkSyntax } from "./syntax-rules";

export type { Problem, RuleId } from "./problem";

/** Problems in `code`, sorted by position. An empty list means the bundle passes. */
export function gateSource(code: string): Problem[] {
  let program: acorn.Program;
  try {
    program = acorn.parse(code, {
      ecmaVersion: "latest",
      sourceType: "script",
      locations: true,
      allowHashBang: true,
      // Parse import/export in a script so they are reported as problems, not as a parse failure.
      allowImportExportEverywhere: true,
    });
  } catch (e) {
    const err = e as SyntaxError & { loc?: acorn.Position; pos?: number };
    return [{
      rule: "syntax-error",
      message: `does not parse: ${err.message.replace(/ \(\d+:\d+\)$/, "")}`,
      line: err.loc?.line ?? 1,
      column: (err.loc?.column ?? 0) + 1,
      offset: err.pos ?? 0,
    }];
  }

  const problems: Problem[] = [];
  const seen = new Set<string>();
  const report: Report = (node: AnyNode, rule, message) => {
    const key = `${node.start}:${rule}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const start = node.loc?.start ?? { line: 1, column: 0 };
    problems.push({ rule, message, line: start.line, column: start.column + 1, offset: node.start });
  };

  const scopes = analyzeScopes(program);
  checkSyntax(program, report);
  checkApis(program, scopes, report);
  checkHoisting(program, scopes, report);
  checkLoopClosures(scopes, report);
  checkStaticInheritance(program, scopes, report);
  return problems.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
}

// Espruino's regex engine knows `^ $ . * + ?`, classes, `\d\w\s`, capture groups, `|` and the flags
// g and i. Most other features do not throw: they silently never match. So the gate reads patterns.

/** Features of a regex that Espruino cannot run, each as a short reason ("" when none). */
export function unsupportedRegexFeatures(pattern: string, flags: string): string[] {
  const found = new Set<string>();
  for (const flag of flags) {
    if (flag !== "g" && flag !== "i") found.add(`flag /${flag} (only /g and /i work)`);
  }
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (next === "p" || next === "P") found.add("unicode property escape \\p{...}");
      if (!inClass) {
        if (next === "b" || next === "B") found.add("\\b word boundary (Espruino reads \\b as a backspace)");
        else if (next >= "1" && next <= "9") found.add("backreference \\N");
        else if (next === "k" && pattern[i + 2] === "<") found.add("named backreference \\k<name>");
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      i++;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      i++;
      // A `]` right after `[` or `[^` is the end of an empty class in JS, handled by the loop.
      continue;
    }
    if (ch === "(" && pattern[i + 1] === "?") {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith(":")) found.add("non-capturing group (?:...)");
      else if (rest.startsWith("=") || rest.startsWith("!")) found.add("lookahead (?=...)/(?!...)");
      else if (rest.startsWith("<=") || rest.startsWith("<!")) found.add("lookbehind (?<=...)/(?<!...)");
      else if (rest.startsWith("<")) found.add("named group (?<name>...)");
      else found.add("group modifier (?...)");
      i += 2;
      continue;
    }
    if (ch === "{") {
      const counted = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (counted) {
        found.add("counted quantifier {n,m}");
        i += counted[0].length;
        if (pattern[i] === "?") {
          found.add("lazy quantifier (*? +? ?? {n,m}?)");
          i++;
        }
        continue;
      }
    }
    if ((ch === "*" || ch === "+" || ch === "?") && pattern[i + 1] === "?") {
      found.add("lazy quantifier (*? +? ?? {n,m}?)");
      i += 2;
      continue;
    }
    i++;
  }
  return [...found];
}

import type ts from 'typescript';

/**
 * What the files importing a module can see of it: each export's name, kind and full type, and
 * the text of every type-like declaration in the file (a type travels by name in those strings,
 * so its text stands for its shape). When a change leaves this the same — an edit inside a
 * function body, the common case — no importer's diagnostics can change, and only the changed
 * file needs checking. Null when it cannot be told: no such file, a script (its declarations are
 * globals), or a file that augments other modules or the global scope.
 */
export function exportSurface(typescript: typeof ts, program: ts.Program, fileName: string): string | null {
  const source = program.getSourceFile(fileName);
  if (source === undefined || !typescript.isExternalModule(source) || /\bdeclare\s+(global|module)\b/.test(source.text)) return null;
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) return null;
  const flags = typescript.TypeFormatFlags.NoTruncation | typescript.TypeFormatFlags.UseFullyQualifiedType;
  const parts = checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & typescript.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    return `${exported.name}\u0000${symbol.flags}\u0000${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, source), undefined, flags)}`;
  });
  for (const statement of source.statements) {
    if (isTypeLike(typescript, statement)) parts.push(statement.getText(source));
  }
  return parts.join('\n');
}

function isTypeLike(typescript: typeof ts, statement: ts.Statement): boolean {
  return (
    typescript.isInterfaceDeclaration(statement) ||
    typescript.isTypeAliasDeclaration(statement) ||
    typescript.isClassDeclaration(statement) ||
    typescript.isEnumDeclaration(statement) ||
    typescript.isModuleDeclaration(statement)
  );
}

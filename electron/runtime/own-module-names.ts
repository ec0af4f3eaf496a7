import type ts from 'typescript';

type TypeScript = typeof ts;

/** Names TypeScript's CommonJS output uses for itself (`require("…")`, `exports.x`, `module`). */
const MODULE_SYSTEM_NAMES = new Set(['require', 'exports', 'module']);

/**
 * In an ES module, `require`, `exports` and `module` are names like any other, and
 * `const require = createRequire(import.meta.url)` is the usual way to get one. TypeScript's
 * CommonJS output uses those names for itself: its `require("./x")` for an import would call the
 * module's own `require` before it is made. So, before TypeScript converts the imports, the
 * module's own declarations of them (and every use) are renamed; property names stay. esbuild
 * does the same for the modules it compiles.
 */
export function renameOwnModuleNames(typescript: TypeScript): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (file) => {
    const own = declaredAtTopLevel(typescript, file);
    if (own.size === 0) return file;
    const { factory } = context;
    const renamed = (name: string) => factory.createIdentifier(`${name}$own`);
    const visit = (node: ts.Node): ts.Node => {
      if (typescript.isImportDeclaration(node) || typescript.isExportDeclaration(node) || typescript.isTypeNode(node)) return node;
      if (typescript.isShorthandPropertyAssignment(node) && own.has(node.name.text)) {
        return factory.createPropertyAssignment(node.name.text, renamed(node.name.text));
      }
      if (typescript.isBindingElement(node) && node.propertyName === undefined && node.dotDotDotToken === undefined && typescript.isIdentifier(node.name) && own.has(node.name.text)) {
        const initializer = node.initializer === undefined ? undefined : (typescript.visitNode(node.initializer, visit) as ts.Expression);
        return factory.updateBindingElement(node, undefined, factory.createIdentifier(node.name.text), renamed(node.name.text), initializer);
      }
      if (typescript.isIdentifier(node) && own.has(node.text) && !isPropertyName(typescript, node)) return renamed(node.text);
      return typescript.visitEachChild(node, visit, context);
    };
    return typescript.visitEachChild(file, visit, context);
  };
}

/** Of the module-system names, those an ES module declares itself at its top level. */
function declaredAtTopLevel(typescript: TypeScript, file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  if (!typescript.isExternalModule(file)) return names;
  const bindings = (name: ts.BindingName): void => {
    if (typescript.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!typescript.isOmittedExpression(element)) bindings(element.name);
  };
  for (const statement of file.statements) {
    if (typescript.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bindings(declaration.name);
    else if ((typescript.isFunctionDeclaration(statement) || typescript.isClassDeclaration(statement)) && statement.name !== undefined) names.add(statement.name.text);
  }
  return new Set([...names].filter((name) => MODULE_SYSTEM_NAMES.has(name)));
}

/** `a.require`, `{ require: 1 }`, `class { require() {} }`, a label: a name that is no binding. */
function isPropertyName(typescript: TypeScript, node: ts.Identifier): boolean {
  const parent = node.parent as ts.Node | undefined;
  if (parent === undefined) return false;
  if (typescript.isQualifiedName(parent)) return parent.right === node;
  if (typescript.isPropertyAccessExpression(parent) || typescript.isMetaProperty(parent)) return parent.name === node;
  if (typescript.isBindingElement(parent)) return parent.propertyName === node;
  if (typescript.isLabeledStatement(parent) || typescript.isBreakOrContinueStatement(parent)) return parent.label === node;
  if (
    typescript.isPropertyAssignment(parent) ||
    typescript.isMethodDeclaration(parent) ||
    typescript.isPropertyDeclaration(parent) ||
    typescript.isGetAccessorDeclaration(parent) ||
    typescript.isSetAccessorDeclaration(parent) ||
    typescript.isPropertySignature(parent) ||
    typescript.isMethodSignature(parent) ||
    typescript.isEnumMember(parent) ||
    typescript.isJsxAttribute(parent)
  ) {
    return parent.name === node;
  }
  return false;
}

import ts from 'typescript';

// Finds text a user could see that does not come from the content YAML: words written straight
// into JSX, into attributes people read (aria-label, title, placeholder, alt …) or into the
// props and messages that pages show, and sentences glued together from t() and literal text.

/** Attributes and props whose value people read or hear. */
const VISIBLE = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
  'label',
  'help',
  'error',
  'body',
  'confirmLabel',
  'cancelLabel',
  'data-label',
]);
/** Object keys that carry a message to the page ({ kind: 'error', text: … }). */
const MESSAGE_KEYS = new Set(['text', 'message', 'title', 'body', 'label']);

const hasWords = (text: string) => /\p{L}/u.test(text);

function literalText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('');
  if (ts.isJsxExpression(node)) return literalText(node.expression);
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isConditionalExpression(node)) return [literalText(node.whenTrue), literalText(node.whenFalse)].filter(Boolean).join(' ') || undefined;
  return undefined;
}

const isTCall = (node: ts.Node) => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't';

export function hardCodedText(source: string, fileName: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${fileName}:${line + 1}: ${what}`);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, `text in JSX: "${node.text.trim()}"`);
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const text = literalText(node.expression);
      if (text && hasWords(text)) report(node, `text in JSX: "${text}"`);
    }
    if (ts.isJsxAttribute(node) && VISIBLE.has(node.name.getText(file))) {
      const text = literalText(node.initializer);
      if (text && hasWords(text)) report(node, `${node.name.getText(file)}="${text}"`);
    }
    if (ts.isPropertyAssignment(node) && MESSAGE_KEYS.has(node.name.getText(file))) {
      const text = literalText(node.initializer);
      if (text && hasWords(text)) report(node, `${node.name.getText(file)}: "${text}"`);
    }
    // A t() result plus literal text (or both in one template): half the sentence is not in the YAML.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const sides = [node.left, node.right];
      if (sides.some(isTCall) && sides.some((side) => literalText(side) !== undefined)) report(node, 'text glued to t(): use a {placeholder}');
    }
    if (ts.isTemplateExpression(node) && node.templateSpans.some((span) => isTCall(span.expression))) {
      const literal = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('');
      if (literal.trim()) report(node, 'text glued to t(): use a {placeholder}');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

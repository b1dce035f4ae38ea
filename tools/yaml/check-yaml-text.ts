import { parseAllDocuments } from 'yaml';

export interface YamlProblem {
  file: string;
  line: number;
  col: number;
  /** The `yaml` package's error code, e.g. DUPLICATE_KEY, TAB_AS_INDENT, BAD_INDENT. */
  code: string;
  message: string;
}

/**
 * Every error in one YAML text (all documents of a multi-document file). Duplicate keys
 * are errors (`uniqueKeys`): a duplicated key silently overwrites content in most parsers,
 * which is exactly the kind of mistake a content file should be stopped for.
 */
export function checkYamlText(text: string, file: string): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true })) {
    for (const error of doc.errors) {
      const [start] = error.linePos ?? [{ line: 1, col: 1 }];
      problems.push({
        file,
        line: start.line,
        col: start.col,
        code: error.code,
        // prettyErrors appends " at line L, column C:" plus a source excerpt; the position is already in front.
        message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
      });
    }
  }
  // parseAllDocuments returns an EmptyStream (no documents) for an empty file: that is valid YAML.
  return problems;
}

export function formatProblem(p: YamlProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message} (${p.code})`;
}

import apdEdit from '../../content/apd-edit.yml';
import apdList from '../../content/apd-list.yml';
import common from '../../content/common.yml';
import errors from '../../content/errors.yml';
import files from '../../content/files.yml';
import signIn from '../../content/sign-in.yml';
import { flattenContent } from './flatten-content';

// Namespace = file name in apps/web/content, so `t('sign-in.title')` is `title` in sign-in.yml.
export const CONTENT_FILES = {
  'apd-edit': apdEdit,
  'apd-list': apdList,
  common,
  errors,
  files,
  'sign-in': signIn,
};

const dictionary: Record<string, string> = flattenContent(CONTENT_FILES);

export type ContentVars = Record<string, string | number>;

export function hasContent(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(dictionary, key);
}

/**
 * The text for `key`, with `{name}` placeholders filled from `vars`.
 * A missing key is a bug that a unit test catches (content.spec.ts scans the source);
 * at run time it shows the key itself so the gap is visible rather than blank.
 */
export function t(key: string, vars: ContentVars = {}): string {
  const text = dictionary[key];
  if (text === undefined) return `[${key}]`;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

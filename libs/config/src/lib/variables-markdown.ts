import { describeEnvironmentVariables, type EnvironmentVariable } from './variables';

function requiredText(v: EnvironmentVariable): string {
  if (v.required === 'production') return 'in production';
  return v.required ? 'yes' : 'no';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The variables table as Markdown, one section per group, for the README. */
export function formatEnvironmentVariablesMarkdown(
  variables: EnvironmentVariable[] = describeEnvironmentVariables(),
): string {
  const groups = [...new Set(variables.map((v) => v.group))];
  return groups
    .map((group) => {
      const lines = variables
        .filter((v) => v.group === group)
        .map(
          (v) =>
            `| \`${v.name}\` | ${requiredText(v)} | ${v.secret ? 'yes' : ''} | ${cell(v.default ?? '')} | ${cell(v.description)} |`,
        );
      return [`### ${group}`, '', '| Name | Required | Secret | Default | Description |', '|---|---|---|---|---|', ...lines].join('\n');
    })
    .join('\n\n');
}

import { isPlainObject, type KeyPath, type PathIssue, type PathSegment } from './paths.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvSubstitution {
  value: unknown;
  issues: PathIssue[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` and `${NAME:-fallback}` in every string value (keys are left alone);
 * `$${` stands for a literal `${`. Runs before validation so that substituted values get
 * the same checks as literal ones. A string that fails keeps its original text, and the
 * caller suppresses later complaints about that path.
 */
export function substituteEnv(value: unknown, env: Env, path: KeyPath = []): EnvSubstitution {
  const issues: PathIssue[] = [];
  const walk = (node: unknown, at: PathSegment[]): unknown => {
    if (typeof node === 'string') {
      const result = substituteString(node, env);
      for (const message of result.errors) issues.push({ path: at, message });
      return result.errors.length > 0 ? node : result.value;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (isPlainObject(node)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item, [...at, key]);
      return out;
    }
    return node;
  };
  return { value: walk(value, [...path]), issues };
}

export function substituteString(text: string, env: Env): { value: string; errors: string[] } {
  let value = '';
  const errors: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      value += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      value += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf('}', i + 2);
    if (end === -1) {
      errors.push('unterminated "${" (write "$${" for a literal "${")');
      break;
    }
    const body = text.slice(i + 2, end);
    const split = body.indexOf(':-');
    const name = split === -1 ? body : body.slice(0, split);
    const fallback = split === -1 ? undefined : body.slice(split + 2);
    if (!NAME.test(name)) {
      errors.push(
        `"\${${name}}" is not a valid environment variable reference (names are letters, digits and underscores)`,
      );
    } else {
      const found = env[name];
      // Like the shell's ${NAME:-x}: an empty variable also falls back.
      if (fallback !== undefined && (found === undefined || found === '')) value += fallback;
      else if (found === undefined) errors.push(`environment variable ${name} is not set`);
      else value += found;
    }
    i = end + 1;
  }
  return { value, errors };
}

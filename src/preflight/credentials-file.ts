import { readFileSync } from 'node:fs';

/** Fields a Google key file of each `type` needs for the auth library to use it. */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  service_account: ['client_email', 'private_key'],
  authorized_user: ['client_id', 'client_secret', 'refresh_token'],
  external_account: ['audience', 'subject_token_type', 'credential_source'],
  impersonated_service_account: ['service_account_impersonation_url', 'source_credentials'],
};

/**
 * What is wrong with a credentials key file, or undefined when it can be used: it must
 * exist, be readable, be a JSON object and carry the fields of its `type`. Never quotes the
 * file's content (it holds a private key).
 */
export function credentialsFileProblem(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return `credentials file ${path} does not exist`;
    if (code === 'EACCES') return `credentials file ${path} is not readable (permission denied)`;
    if (code === 'EISDIR') return `credentials file ${path} is a directory, expected a JSON key file`;
    return `credentials file ${path} cannot be read: ${code ?? (error as Error).message}`;
  }
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    return `credentials file ${path} is not valid JSON (expected a Google service-account key file)`;
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    return `credentials file ${path} must hold a JSON object (a Google service-account key)`;
  }
  const record = key as Record<string, unknown>;
  const type = record['type'];
  if (typeof type !== 'string') return `credentials file ${path} has no "type" (expected "service_account")`;
  const required = REQUIRED_FIELDS[type];
  if (required === undefined) {
    return `credentials file ${path} has type "${type}"; expected one of ${Object.keys(REQUIRED_FIELDS).join(', ')}`;
  }
  const missing = required.filter((field) => record[field] === undefined || record[field] === '');
  if (missing.length > 0) return `credentials file ${path} (${type}) lacks ${missing.map((f) => `"${f}"`).join(', ')}`;
  return undefined;
}

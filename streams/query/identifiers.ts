/**
 * Quotes a BigQuery identifier path with backticks. Config validation already rejects
 * anything that is not a plain identifier; this is the last line against SQL injection.
 */
export function quoteIdentifier(...parts: string[]): string {
  for (const part of parts) {
    if (!/^[A-Za-z0-9_\-$.:]+$/.test(part) || part.includes('`')) {
      throw new Error(`Refusing to use ${JSON.stringify(part)} as a BigQuery identifier`);
    }
  }
  return `\`${parts.join('.')}\``;
}

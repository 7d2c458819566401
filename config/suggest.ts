/** The known key a mistyped one was probably meant to be, if any is close enough. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  // People copy resolved settings back into config: `pollIntervalMs` -> `pollInterval`.
  const stripped = lower.replace(/_?ms$/, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const target = candidate.toLowerCase();
    if (target === lower || target === stripped) return candidate;
    // `maximum` -> `max`, `timestamp` -> `timestampColumn`.
    const shorter = Math.min(target.length, lower.length);
    if (shorter >= 3 && (lower.startsWith(target) || target.startsWith(lower))) return candidate;
    const distance = editDistance(lower, target);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = key.length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

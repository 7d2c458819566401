import { bigqueryFingerprint } from 'farmhash-modern';

/**
 * Rendezvous (highest random weight) hashing: each unit goes to the live member with the
 * highest hash of (member, unit). Every node computes the same answer from the same
 * member list without talking to the others, and when a member joins or dies only the
 * units that must move do: a death moves just the dead node's units, a join moves to the
 * newcomer just the units it now wins.
 */

/** The weight of `member` for `unit`: an unsigned 64-bit hash of both names. */
export function rendezvousWeight(member: string, unit: string): bigint {
  // Length-prefixed so that ("ab", "c") and ("a", "bc") never hash the same text.
  const hash = bigqueryFingerprint(`${member.length}:${member}|${unit}`);
  return BigInt.asUintN(64, hash);
}

/** The member that owns `unit`, or undefined when there is none. Ties go to the smaller name. */
export function ownerOf(unit: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1n;
  for (const member of members) {
    const weight = rendezvousWeight(member, unit);
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && member < best)) {
      best = member;
      bestWeight = weight;
    }
  }
  return best;
}

/** The owner of every unit (units without an owner when `members` is empty are left out). */
export function assignUnits(units: readonly string[], members: readonly string[]): Map<string, string> {
  const live = [...new Set(members)];
  const owners = new Map<string, string>();
  for (const unit of units) {
    const owner = ownerOf(unit, live);
    if (owner !== undefined) owners.set(unit, owner);
  }
  return owners;
}

/** The units `member` owns among `members`. */
export function unitsOwnedBy(member: string, units: readonly string[], members: readonly string[]): string[] {
  return units.filter((unit) => ownerOf(unit, [...new Set(members)]) === member);
}

/**
 * Live members as a node sees them: itself plus its peers (Harper's `server.nodes` lists
 * peers only), sorted and without duplicates so every node builds the same list.
 */
export function liveMembers(self: string, peers: readonly string[]): string[] {
  return [...new Set([self, ...peers])].sort();
}

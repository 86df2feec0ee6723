// The pure half of "who may see what": decisions that need only an opinion's kind and status, for
// the server (src/auth/visibility.ts builds every other rule and the SQL on these) and for the
// browser (src/web), which may import nothing of the server. No imports: the browser bundles it.

/** What these rules need to know about an opinion (its kind and status, as stored and in the API). */
export interface OpinionState {
  kind: string;
  status: string;
}

/**
 * Which view of a session a viewer gets: the staff view (every opinion, tips included; journal
 * positions and seqs) for the staff of its unit or a unit above, the public view for everyone else.
 */
export type ViewScope = 'staff' | 'public';

/** Whether an opinion is a tip: a confidential report to the police, never public. */
export function isTip(opinion: Pick<OpinionState, 'kind'>): boolean {
  return opinion.kind === 'TIP';
}

/** Whether an opinion in this state is public: APPROVED and not a tip (what `opinionPublished` carries). */
export function isPublicOpinion(opinion: OpinionState): boolean {
  return !isTip(opinion) && opinion.status === 'APPROVED';
}

/**
 * Whether the public figures (stats, reports for anyone but the unit's staff) count an opinion:
 * every status, but no tips, so the number of tips in a session is not given away.
 */
export function countsInPublicStats(opinion: Pick<OpinionState, 'kind'>): boolean {
  return !isTip(opinion);
}

/** Whether figures in `scope` count an opinion: the staff's every opinion, the public's what `countsInPublicStats` allows. */
export function countsInStats(scope: ViewScope, opinion: Pick<OpinionState, 'kind'>): boolean {
  return scope === 'staff' || countsInPublicStats(opinion);
}

/** Whether a view in `scope` shows an opinion: the staff view every one, the public view the public ones. */
export function showsOpinion(scope: ViewScope, opinion: OpinionState): boolean {
  return scope === 'staff' || isPublicOpinion(opinion);
}

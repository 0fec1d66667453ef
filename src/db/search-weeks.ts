import { sql } from 'kysely'

/**
 * The weeks of a search's date range, as the trigram indexes store them beside the trigrams (migration
 * 0018): the scan then yields only candidates of those weeks. Implied by the range, so results are the
 * same. `createdAt` names the list's created_at column (qualified when the query joins); the expression
 * is the index's own, which the planner matches. `weeks` comes from searchWeeksOf (src/lib/paging.ts).
 */
export function inSearchWeeks(createdAt: string, weeks: { first: number; last: number | null }) {
  const week = sql<number>`(((${sql.ref(createdAt)} at time zone 'UTC')::date - date '2000-01-03') / 7)`
  if (weeks.last === null) return sql<boolean>`${week} >= ${weeks.first}`
  const all = Array.from({ length: weeks.last - weeks.first + 1 }, (_, i) => weeks.first + i)
  return sql<boolean>`${week} = any(${all}::int[])`
}

import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client.js';
import { procedureCountsSource, type RollupFilter } from './filter.js';

export interface WorstProcedureRow {
  procedureCode: string;
  procedureName: string;
  unitCode: string;
  unitId: number;
  late: number;
  resolved: number;
  early: number;
  onTime: number;
}

/**
 * The procedures with the most dossiers resolved late in the period, per procedure and resolving unit: most late
 * first, then the lower on-time rate, then procedure and unit code. Only procedures with at least one late dossier.
 */
export async function worstProcedures(db: DbOrTx, filter: RollupFilter, limit = 10): Promise<WorstProcedureRow[]> {
  return queryRows<WorstProcedureRow>(
    db,
    sql`with r as (
          select unit_id, procedure_id, sum(late)::int as late, sum(resolved)::int as resolved,
                 sum(early)::int as early, sum(on_time)::int as on_time
          from ${procedureCountsSource(filter)}
          group by unit_id, procedure_id having sum(late) > 0
        ),
        -- Only the groups that can be among the first: as late as the limit-th most late or more (ties included),
        -- and their names looked up one by one (a hash join would read every procedure).
        top as (
          select r.*, (select code from procedures p where p.id = r.procedure_id) as procedure_code,
                 (select name from procedures p where p.id = r.procedure_id) as procedure_name,
                 (select code from units u where u.id = r.unit_id) as unit_code
          from r where late >= coalesce((select late from r order by late desc offset ${limit - 1} limit 1), 1)
        )
        select procedure_code as "procedureCode", procedure_name as "procedureName", unit_code as "unitCode", unit_id as "unitId",
               late, resolved, early, on_time as "onTime"
        from top
        order by late desc, (early + on_time)::numeric / resolved, procedure_code collate "C", unit_code collate "C"
        limit ${limit}`,
  );
}

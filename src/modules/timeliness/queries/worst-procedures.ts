import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client.js';
import { monthlyWhere, type RollupFilter } from './filter.js';

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
          from dossier_monthly_rollups where ${monthlyWhere(filter)}
          group by unit_id, procedure_id having sum(late) > 0
        )
        select p.code as "procedureCode", p.name as "procedureName", u.code as "unitCode", r.unit_id as "unitId",
               r.late, r.resolved, r.early, r.on_time as "onTime"
        from r join procedures p on p.id = r.procedure_id join units u on u.id = r.unit_id
        order by r.late desc, (r.early + r.on_time)::numeric / r.resolved, p.code collate "C", u.code collate "C"
        limit ${limit}`,
  );
}

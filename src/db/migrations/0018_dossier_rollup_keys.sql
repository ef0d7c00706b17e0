-- Overdue in processing is counted per unit, field and channel (the reports, the dashboard); nothing reads it per
-- procedure. Without procedure_id the overdue rollup holds one row per unit × field × channel × due date ×
-- resolution date; the rows that differed only by procedure are summed to the new key. (At the benchmarks' shapes
-- that removes ~1 % of the rows: they differ by their dates far more than by procedure; docs/performance.md.)
CREATE TEMP TABLE "dossier_overdue_rollups_summed" AS
SELECT "unit_id", "field", "channel", "due_date", "resolved_date", sum("count")::int AS "count"
FROM "dossier_overdue_rollups" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
TRUNCATE "dossier_overdue_rollups";--> statement-breakpoint
ALTER TABLE "dossier_overdue_rollups" DROP CONSTRAINT "dossier_overdue_rollups_key";--> statement-breakpoint
ALTER TABLE "dossier_overdue_rollups" DROP COLUMN "procedure_id";--> statement-breakpoint
INSERT INTO "dossier_overdue_rollups" ("unit_id", "field", "channel", "due_date", "resolved_date", "count")
SELECT "unit_id", "field", "channel", "due_date", "resolved_date", "count" FROM "dossier_overdue_rollups_summed" WHERE "count" <> 0;--> statement-breakpoint
DROP TABLE "dossier_overdue_rollups_summed";--> statement-breakpoint
ALTER TABLE "dossier_overdue_rollups" ADD CONSTRAINT "dossier_overdue_rollups_key"
	UNIQUE NULLS NOT DISTINCT ("unit_id", "field", "channel", "due_date", "resolved_date");
--> statement-breakpoint
-- The feed adds to these rows all day, changing only their counts: room left on every page keeps such an update on
-- its page (a HOT update, no new index entry). Pages written from now on; a rebuild or VACUUM FULL rewrites the rest.
ALTER TABLE "dossier_monthly_rollups" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "dossier_yearly_rollups" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "dossier_unit_monthly_rollups" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "dossier_field_monthly_rollups" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "dossier_procedure_yearly_rollups" SET (fillfactor = 80);
--> statement-breakpoint
-- Whether any dossier refers to a procedure (deleting one), answered by this index rather than a scan of every year's
-- dossiers under the dossier write lock.
CREATE INDEX "dossier_procedure_yearly_rollups_procedure_idx" ON "dossier_procedure_yearly_rollups" USING btree ("procedure_id");

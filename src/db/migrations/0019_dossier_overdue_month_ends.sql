-- Overdue in processing at each month end, per unit, of the dossiers resolved late: a report at a month end (a past
-- year at 31 December, a quarter) per unit reads one row per unit here instead of every late dossier that straddles
-- the date (~13,000 index entries at 31 December with 10M dossiers a year; docs/performance.md). A late dossier counts
-- at every month end E with due < E < resolution; only those resolved at most 400 days late are spread
-- (MONTH_END_SPREAD_MAX_DAYS, at most 14 month ends each), the others are read through the partial index below.
CREATE TABLE "dossier_overdue_month_end_rollups" (
	"month_end" date NOT NULL,
	"unit_id" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "dossier_overdue_month_end_rollups_pk" PRIMARY KEY("month_end","unit_id")
);
--> statement-breakpoint
INSERT INTO "dossier_overdue_month_end_rollups" ("month_end", "unit_id", "count")
SELECT (m + interval '1 month' - interval '1 day')::date, o."unit_id", sum(o."count")::int
FROM "dossier_overdue_rollups" o
CROSS JOIN LATERAL generate_series(date_trunc('month', (o."due_date" + 1)::timestamp), date_trunc('month', o."resolved_date"::timestamp) - interval '1 month', interval '1 month') m
WHERE o."resolved_date" > o."due_date" AND o."resolved_date" - o."due_date" <= 400
GROUP BY 1, 2 HAVING sum(o."count") <> 0;
--> statement-breakpoint
CREATE INDEX "dossier_overdue_rollups_long_idx" ON "dossier_overdue_rollups" USING btree ("resolved_date") INCLUDE ("due_date", "unit_id", "count")
	WHERE "resolved_date" - "due_date" > 400;

-- Optimistic concurrency (issue 9): rows people edit side by side carry a version, 1 on insert and raised by one on
-- every UPDATE that changes the row (trigger below), returned by reads and checked against If-Match by writes.
ALTER TABLE "frameworks" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE FUNCTION "bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW IS DISTINCT FROM OLD THEN
		NEW.version := OLD.version + 1;
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "frameworks_version" BEFORE UPDATE ON "frameworks" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "procedures_version" BEFORE UPDATE ON "procedures" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "scores_version" BEFORE UPDATE ON "scores" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "settings_version" BEFORE UPDATE ON "settings" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "units_version" BEFORE UPDATE ON "units" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
-- One unit's scores in one round are written by one transaction at a time: a transaction-level advisory lock on
-- (round << 32 | unit), a key space no other lock of the app uses (theirs are below 2^31). Score writers take it
-- before reading the row they change (the audit "before"); the score_vectors triggers take it before packing.
CREATE FUNCTION "lock_score_unit"("p_round_id" integer, "p_unit_id" integer) RETURNS void LANGUAGE sql AS $$
	SELECT pg_advisory_xact_lock(("p_round_id"::bigint << 32) | "p_unit_id"::bigint);
$$;
--> statement-breakpoint
-- 0005 packed in the statement's snapshot and overwrote on conflict: of two transactions writing a unit's first
-- scores at once, the one committing last wrote a vector without the other's row. Now the trigger first waits for
-- the unit's lock (units in order, so two multi-unit statements cannot deadlock), then packs in a new statement:
-- under READ COMMITTED a VOLATILE function takes a fresh snapshot per statement, so it sees every row committed by
-- the writers it waited for, and each later writer waits for it in turn. The last to pack sees every row.
CREATE OR REPLACE FUNCTION "rebuild_score_vectors"("pairs" jsonb) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	pair record;
BEGIN
	FOR pair IN SELECT DISTINCT p.round_id, p.unit_id FROM jsonb_to_recordset(pairs) AS p(round_id int, unit_id int) ORDER BY 1, 2 LOOP
		PERFORM lock_score_unit(pair.round_id, pair.unit_id);
	END LOOP;
	DELETE FROM score_vectors v
	USING jsonb_to_recordset(pairs) AS p(round_id int, unit_id int)
	WHERE v.round_id = p.round_id AND v.unit_id = p.unit_id;
	INSERT INTO score_vectors (round_id, unit_id, packed)
	SELECT s.round_id, s.unit_id,
	       string_agg(s.criterion_id || ':' || s.not_applicable::int || ':' || coalesce(s.self_score::text, '') || ':'
	                  || coalesce(s.appraised_score::text, '') || ':' || coalesce(s.council_score::text, ''), ';')
	FROM scores s
	JOIN (SELECT DISTINCT round_id, unit_id FROM jsonb_to_recordset(pairs) AS p(round_id int, unit_id int)) p
	  ON p.round_id = s.round_id AND p.unit_id = s.unit_id
	GROUP BY s.round_id, s.unit_id
	ON CONFLICT (round_id, unit_id) DO UPDATE SET packed = excluded.packed;
END $$;
--> statement-breakpoint
-- Vectors a lost race left wrong are packed again.
DELETE FROM score_vectors;
--> statement-breakpoint
INSERT INTO score_vectors (round_id, unit_id, packed)
SELECT round_id, unit_id,
       string_agg(criterion_id || ':' || not_applicable::int || ':' || coalesce(self_score::text, '') || ':'
                  || coalesce(appraised_score::text, '') || ':' || coalesce(council_score::text, ''), ';')
FROM scores GROUP BY round_id, unit_id;

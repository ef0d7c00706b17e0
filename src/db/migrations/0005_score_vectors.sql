-- Every score of a round packed per unit ("criterionId:na:self:appraised:council;…", points with two decimals,
-- empty = no value), kept up to date by statement-level triggers on scores. Results are still computed on read by
-- the domain rules; this only saves reading and packing half a million rows at national scale.
CREATE TABLE "score_vectors" (
	"round_id" integer NOT NULL REFERENCES "rounds"("id") ON DELETE CASCADE,
	"unit_id" integer NOT NULL,
	"packed" text NOT NULL,
	PRIMARY KEY ("round_id", "unit_id")
);
--> statement-breakpoint
CREATE FUNCTION "rebuild_score_vectors"("pairs" jsonb) RETURNS void LANGUAGE sql AS $$
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
	-- Two transactions changing the same unit: the later one waits here and then writes what it now sees.
	ON CONFLICT (round_id, unit_id) DO UPDATE SET packed = excluded.packed;
$$;
--> statement-breakpoint
CREATE FUNCTION "score_vectors_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rebuild_score_vectors((SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('round_id', round_id, 'unit_id', unit_id)), '[]') FROM new_scores));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "score_vectors_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rebuild_score_vectors((SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('round_id', round_id, 'unit_id', unit_id)), '[]')
		FROM (SELECT round_id, unit_id FROM new_scores UNION SELECT round_id, unit_id FROM old_scores) changed));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "score_vectors_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rebuild_score_vectors((SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('round_id', round_id, 'unit_id', unit_id)), '[]') FROM old_scores));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "score_vectors_insert" AFTER INSERT ON "scores" REFERENCING NEW TABLE AS new_scores
	FOR EACH STATEMENT EXECUTE FUNCTION score_vectors_after_insert();
--> statement-breakpoint
CREATE TRIGGER "score_vectors_update" AFTER UPDATE ON "scores" REFERENCING OLD TABLE AS old_scores NEW TABLE AS new_scores
	FOR EACH STATEMENT EXECUTE FUNCTION score_vectors_after_update();
--> statement-breakpoint
CREATE TRIGGER "score_vectors_delete" AFTER DELETE ON "scores" REFERENCING OLD TABLE AS old_scores
	FOR EACH STATEMENT EXECUTE FUNCTION score_vectors_after_delete();
--> statement-breakpoint
INSERT INTO score_vectors (round_id, unit_id, packed)
SELECT round_id, unit_id,
       string_agg(criterion_id || ':' || not_applicable::int || ':' || coalesce(self_score::text, '') || ':'
                  || coalesce(appraised_score::text, '') || ':' || coalesce(council_score::text, ''), ';')
FROM scores GROUP BY round_id, unit_id;

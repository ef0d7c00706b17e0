CREATE TABLE "criteria" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"max_points" numeric(8, 2) NOT NULL,
	"method" text NOT NULL,
	"guidance" text,
	"evidence_required" boolean DEFAULT false NOT NULL,
	"appraiser_unit_id" integer,
	"formula" text,
	CONSTRAINT "criteria_method_check" CHECK ("criteria"."method" in ('manual', 'survey', 'formula', 'bonus', 'penalty')),
	CONSTRAINT "criteria_max_points_check" CHECK ("criteria"."max_points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "frameworks" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"block_id" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"classes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"reason" text,
	"results" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" integer
);
--> statement-breakpoint
CREATE TABLE "round_extensions" (
	"round_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"stage" text NOT NULL,
	"until" date NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "round_extensions_round_id_unit_id_stage_pk" PRIMARY KEY("round_id","unit_id","stage")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"year" integer NOT NULL,
	"block_id" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"self_assessment_from" date,
	"self_assessment_to" date,
	"appraisal_to" date,
	"explanation_to" date,
	"council_to" date,
	"historical" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rounds_status_check" CHECK ("rounds"."status" in ('open', 'approved', 'published'))
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"round_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"not_applicable" boolean DEFAULT false NOT NULL,
	"not_applicable_reason" text,
	"self_score" numeric(8, 2),
	"self_note" text,
	"missing_evidence_reason" text,
	"appraised_score" numeric(8, 2),
	"appraisal_reason" text,
	"appraised_by" integer,
	"appraised_at" timestamp with time zone,
	"explanation_request" text,
	"explanation_answer" text,
	"explanation_answered_at" timestamp with time zone,
	"appraisal_final" boolean DEFAULT false NOT NULL,
	"council_score" numeric(8, 2),
	"council_reason" text,
	"council_by" integer,
	"council_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_round_id_unit_id_criterion_id_pk" PRIMARY KEY("round_id","unit_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "unit_assessments" (
	"round_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer,
	CONSTRAINT "unit_assessments_round_id_unit_id_pk" PRIMARY KEY("round_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "criteria" ADD CONSTRAINT "criteria_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criteria" ADD CONSTRAINT "criteria_appraiser_unit_id_units_id_fk" FOREIGN KEY ("appraiser_unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "frameworks" ADD CONSTRAINT "frameworks_block_id_blocks_id_fk" FOREIGN KEY ("block_id") REFERENCES "public"."blocks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_extensions" ADD CONSTRAINT "round_extensions_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_extensions" ADD CONSTRAINT "round_extensions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_block_id_blocks_id_fk" FOREIGN KEY ("block_id") REFERENCES "public"."blocks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_criterion_id_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."criteria"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_appraised_by_users_id_fk" FOREIGN KEY ("appraised_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_council_by_users_id_fk" FOREIGN KEY ("council_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_assessments" ADD CONSTRAINT "unit_assessments_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_assessments" ADD CONSTRAINT "unit_assessments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_assessments" ADD CONSTRAINT "unit_assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "criteria_framework_code_idx" ON "criteria" USING btree ("framework_id","code");--> statement-breakpoint
CREATE INDEX "evidence_score_idx" ON "evidence" USING btree ("round_id","unit_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "frameworks_year_block_revision_idx" ON "frameworks" USING btree ("year","block_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "publications_round_revision_idx" ON "publications" USING btree ("round_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_year_block_idx" ON "rounds" USING btree ("year","block_id");--> statement-breakpoint
CREATE INDEX "scores_round_criterion_idx" ON "scores" USING btree ("round_id","criterion_id");
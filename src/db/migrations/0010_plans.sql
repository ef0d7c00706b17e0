CREATE TABLE "plan_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"area" text,
	"owner" text,
	"output" text,
	"deadline" date,
	"status" text NOT NULL,
	"completed_on" date,
	"evidence" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_tasks_status_check" CHECK ("plan_tasks"."status" in ('todo', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "plan_tasks_done_check" CHECK ("plan_tasks"."status" <> 'done' or "plan_tasks"."completed_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"kind" text,
	"title" text NOT NULL,
	"document_no" text,
	"issued_on" date,
	"due_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_unit_year_code_key" UNIQUE NULLS NOT DISTINCT("unit_id","year","code")
);
--> statement-breakpoint
CREATE TABLE "required_plans" (
	"year" integer NOT NULL,
	"block_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"due_on" date,
	CONSTRAINT "required_plans_year_block_id_kind_pk" PRIMARY KEY("year","block_id","kind")
);
--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "required_plans" ADD CONSTRAINT "required_plans_block_id_blocks_id_fk" FOREIGN KEY ("block_id") REFERENCES "public"."blocks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_tasks_plan_code_idx" ON "plan_tasks" USING btree ("plan_id","code");--> statement-breakpoint
CREATE INDEX "plans_year_idx" ON "plans" USING btree ("year");--> statement-breakpoint
CREATE TRIGGER "plans_version" BEFORE UPDATE ON "plans" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "plan_tasks_version" BEFORE UPDATE ON "plan_tasks" FOR EACH ROW EXECUTE FUNCTION bump_version();

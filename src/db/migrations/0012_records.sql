CREATE TABLE "inspection_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"inspection_id" integer NOT NULL,
	"kind" text NOT NULL,
	"area" text,
	"text" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_findings_kind_check" CHECK ("inspection_findings"."kind" in ('strength', 'shortcoming', 'recommendation'))
);
--> statement-breakpoint
CREATE TABLE "inspection_members" (
	"inspection_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"lead" boolean DEFAULT false NOT NULL,
	CONSTRAINT "inspection_members_inspection_id_user_id_pk" PRIMARY KEY("inspection_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"planned_from" date,
	"planned_to" date,
	"conducted_on" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"areas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_no" text,
	"conclusion" text,
	"concluded_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_status_check" CHECK ("inspections"."status" in ('planned', 'conducted', 'concluded')),
	CONSTRAINT "inspections_conducted_check" CHECK ("inspections"."status" = 'planned' or "inspections"."conducted_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "periodic_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"document_no" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"register" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"entry_date" date,
	"data" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remediation_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"inspection_id" integer NOT NULL,
	"finding_id" integer,
	"title" text NOT NULL,
	"owner" text,
	"deadline" date,
	"closed_on" date,
	"evidence" text,
	"closed_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remediation_items_closed_check" CHECK ("remediation_items"."closed_on" is null or ("remediation_items"."evidence" is not null and length(trim("remediation_items"."evidence")) > 0))
);
--> statement-breakpoint
CREATE TABLE "reminder_digests" (
	"user_id" integer NOT NULL,
	"day" date NOT NULL,
	"sent_at" timestamp with time zone,
	"items" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reminder_digests_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "report_deadlines" (
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"due_on" date NOT NULL,
	CONSTRAINT "report_deadlines_year_period_pk" PRIMARY KEY("year","period")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_members" ADD CONSTRAINT "inspection_members_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_members" ADD CONSTRAINT "inspection_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "periodic_reports" ADD CONSTRAINT "periodic_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "periodic_reports" ADD CONSTRAINT "periodic_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_finding_id_inspection_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."inspection_findings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_digests" ADD CONSTRAINT "reminder_digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_findings_inspection_idx" ON "inspection_findings" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspection_members_user_idx" ON "inspection_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "inspections_year_idx" ON "inspections" USING btree ("year","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "periodic_reports_unit_period_idx" ON "periodic_reports" USING btree ("unit_id","year","period");--> statement-breakpoint
CREATE UNIQUE INDEX "register_entries_key_idx" ON "register_entries" USING btree ("unit_id","year","register","code");--> statement-breakpoint
CREATE INDEX "register_entries_year_idx" ON "register_entries" USING btree ("year","register");--> statement-breakpoint
CREATE INDEX "remediation_items_inspection_idx" ON "remediation_items" USING btree ("inspection_id");--> statement-breakpoint
CREATE TRIGGER "inspections_version" BEFORE UPDATE ON "inspections" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "inspection_findings_version" BEFORE UPDATE ON "inspection_findings" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "remediation_items_version" BEFORE UPDATE ON "remediation_items" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "periodic_reports_version" BEFORE UPDATE ON "periodic_reports" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
CREATE TRIGGER "register_entries_version" BEFORE UPDATE ON "register_entries" FOR EACH ROW EXECUTE FUNCTION bump_version();

import { Select, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/DateInput';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { type Plan, type PlanInput, type Task, type TaskInput, useSavePlan, useSaveTask } from './api';

const TASK_STATUSES = ['todo', 'in_progress', 'done', 'cancelled'] as const;

/** Creates a plan of the unit (or edits `plan`): number, dates, and the required kind it answers. */
export function PlanModal(props: {
  opened: boolean;
  onClose: () => void;
  year: number;
  unit: string | null;
  plan: Plan | null;
  kinds: { kind: string; name: string }[];
}) {
  const { t } = useTranslation();
  const save = useSavePlan();
  const fieldErrors = useFieldErrors();
  // Mounted per plan (the page gives it a key), so the form starts from the plan it edits.
  const [form, setForm] = useState<PlanInput>(() => {
    const p = props.plan;
    return p
      ? { code: p.code, title: p.title, kind: p.kind, documentNo: p.documentNo ?? '', issuedOn: p.issuedOn, dueOn: p.dueOn }
      : { code: '', title: '', kind: null, documentNo: '', issuedOn: null, dueOn: null };
  });
  const errors = fieldErrors(save.error);
  const set = (patch: Partial<PlanInput>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <FormModal
      opened={props.opened}
      title={props.plan ? t('plans.editPlan') : t('plans.newPlan')}
      onClose={props.onClose}
      submitLabel={props.plan ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={['code', 'title', 'kind', 'documentNo', 'issuedOn', 'dueOn']}
      testId="plan-form"
      onSubmit={() =>
        save.mutate(
          {
            id: props.plan?.id ?? null,
            year: props.year,
            unit: props.unit,
            body: { ...form, documentNo: form.documentNo || null, issuedOn: form.issuedOn || null, dueOn: form.dueOn || null },
          },
          { onSuccess: props.onClose },
        )
      }
    >
      {!props.plan && (
        <TextInput
          label={t('plans.code')}
          value={form.code}
          onChange={(e) => set({ code: e.currentTarget.value })}
          error={errors.code}
          data-testid="plan-code"
        />
      )}
      <TextInput
        label={t('plans.planTitle')}
        value={form.title}
        onChange={(e) => set({ title: e.currentTarget.value })}
        error={errors.title}
        data-testid="plan-title"
      />
      <Select
        label={t('plans.kind')}
        description={t('plans.kindHint')}
        data={props.kinds.map((k) => ({ value: k.kind, label: k.name }))}
        value={form.kind ?? null}
        onChange={(v) => set({ kind: v })}
        clearable
        error={errors.kind}
        data-testid="plan-kind"
      />
      <TextInput
        label={t('plans.documentNo')}
        value={form.documentNo ?? ''}
        onChange={(e) => set({ documentNo: e.currentTarget.value })}
        error={errors.documentNo}
        data-testid="plan-document"
      />
      <DateInput
        label={t('plans.issuedOn')}
        value={form.issuedOn}
        onChange={(v) => set({ issuedOn: v || null })}
        error={errors.issuedOn}
        data-testid="plan-issued"
        clearable
      />
      <DateInput
        label={t('plans.dueOn')}
        value={form.dueOn}
        onChange={(v) => set({ dueOn: v || null })}
        error={errors.dueOn}
        data-testid="plan-due"
        clearable
      />
    </FormModal>
  );
}

/** Adds a task to a plan or edits one: a done task asks for its completion date and evidence. */
export function TaskModal(props: { opened: boolean; onClose: () => void; planId: number; task: Task | null }) {
  const { t } = useTranslation();
  const save = useSaveTask();
  const fieldErrors = useFieldErrors();
  // Mounted per task (the page gives it a key), so the form starts from the task it edits.
  const [form, setForm] = useState<TaskInput>(() => {
    const task = props.task;
    return task
      ? { ...task, area: task.area ?? '', owner: task.owner ?? '', output: task.output ?? '', evidence: task.evidence ?? '' }
      : { code: '', title: '', area: '', owner: '', output: '', deadline: null, status: 'todo', completedOn: null, evidence: '' };
  });
  const errors = fieldErrors(save.error);
  const set = (patch: Partial<TaskInput>) => setForm((f) => ({ ...f, ...patch }));
  const body = (): TaskInput => ({
    code: form.code,
    title: form.title,
    area: form.area || null,
    owner: form.owner || null,
    output: form.output || null,
    deadline: form.deadline || null,
    status: form.status,
    completedOn: form.status === 'done' ? form.completedOn || null : null,
    evidence: form.evidence || null,
  });
  return (
    <FormModal
      opened={props.opened}
      title={props.task ? t('plans.editTask') : t('plans.newTask')}
      onClose={props.onClose}
      submitLabel={props.task ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={['code', 'title', 'area', 'owner', 'output', 'deadline', 'status', 'completedOn', 'evidence']}
      testId="task-form"
      onSubmit={() => save.mutate({ planId: props.planId, body: body() }, { onSuccess: props.onClose })}
    >
      {!props.task && (
        <TextInput
          label={t('plans.taskCode')}
          value={form.code}
          onChange={(e) => set({ code: e.currentTarget.value })}
          error={errors.code}
          data-testid="task-code"
        />
      )}
      <TextInput
        label={t('plans.taskTitle')}
        value={form.title}
        onChange={(e) => set({ title: e.currentTarget.value })}
        error={errors.title}
        data-testid="task-title"
      />
      <TextInput label={t('plans.area')} value={form.area ?? ''} onChange={(e) => set({ area: e.currentTarget.value })} error={errors.area} />
      <TextInput
        label={t('plans.owner')}
        value={form.owner ?? ''}
        onChange={(e) => set({ owner: e.currentTarget.value })}
        error={errors.owner}
        data-testid="task-owner"
      />
      <TextInput label={t('plans.output')} value={form.output ?? ''} onChange={(e) => set({ output: e.currentTarget.value })} error={errors.output} />
      <DateInput
        label={t('plans.deadline')}
        value={form.deadline}
        onChange={(v) => set({ deadline: v || null })}
        error={errors.deadline}
        data-testid="task-deadline"
        clearable
      />
      <Select
        label={t('plans.status')}
        data={TASK_STATUSES.map((s) => ({ value: s, label: t(`plans.statuses.${s}`) }))}
        value={form.status}
        onChange={(v) => v && set({ status: v as TaskInput['status'] })}
        allowDeselect={false}
        error={errors.status}
        data-testid="task-status"
      />
      {form.status === 'done' && (
        <>
          <DateInput
            label={t('plans.completedOn')}
            value={form.completedOn}
            onChange={(v) => set({ completedOn: v || null })}
            error={errors.completedOn}
            data-testid="task-completed"
          />
          <Textarea
            label={t('plans.evidence')}
            description={t('plans.evidenceHint')}
            value={form.evidence ?? ''}
            onChange={(e) => set({ evidence: e.currentTarget.value })}
            error={errors.evidence}
            autosize
            minRows={2}
            data-testid="task-evidence"
          />
        </>
      )}
    </FormModal>
  );
}

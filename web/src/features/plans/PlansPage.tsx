import { Anchor, Badge, Button, Card, Group, Progress, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconDownload, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { useLang, YearSelect } from '../../components/YearSelect';
import { currentYear, formatDecimal } from '../../format';
import { useSession } from '../auth/api';
import { useUnits } from '../units/api';
import { type Plan, type Task, useDeleteTask, usePlansReport, planUrls, useUnitPlans } from './api';
import { PlanModal, TaskModal } from './PlanModals';

const STATUS_COLORS: Record<Task['status'], string> = { todo: 'gray', in_progress: 'blue', done: 'green', cancelled: 'dark' };

/**
 * Reform plans (kế hoạch CCHC): unit staff see and edit their unit's plans; the organizer and the other roles see the
 * province's progress per unit and open any unit's plans.
 */
export function PlansPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [year, setYear] = useState(currentYear());
  const unitStaff = user?.role === 'unit_officer' || user?.role === 'unit_leader';
  const [unit, setUnit] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('units');

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('plans.title')}</Title>
        <YearSelect value={year} onChange={setYear} label={t('plans.year')} testId="plans-year" />
      </Group>
      {unitStaff ? (
        <UnitPlansView year={year} unit={null} />
      ) : (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="units" data-testid="plans-tab-units">
              {t('plans.byUnit')}
            </Tabs.Tab>
            <Tabs.Tab value="province" data-testid="plans-tab-province">
              {t('plans.province')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="units" pt="md">
            <UnitPicker value={unit} onChange={setUnit} />
            {unit && <UnitPlansView year={year} unit={unit} />}
          </Tabs.Panel>
          <Tabs.Panel value="province" pt="md">
            <ProvinceProgress
              year={year}
              enabled={tab === 'province'}
              onOpen={(code) => {
                setUnit(code);
                setTab('units');
              }}
            />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

function UnitPicker({ value, onChange }: { value: string | null; onChange: (unit: string | null) => void }) {
  const { t } = useTranslation();
  const units = useUnits({ status: 'active' });
  return (
    <SearchSelect
      label={t('plans.unit')}
      placeholder={t('plans.pickUnit')}
      data={(units.data?.items ?? []).map(unitOption)}
      value={value}
      onChange={onChange}
      maw={480}
      mb="md"
      data-testid="plans-unit"
    />
  );
}

/** Percent with two decimals in the user's language, '—' when there is no rate. */
function Rate({ value }: { value: number | null }) {
  const lang = useLang();
  return <>{value === null ? '—' : `${formatDecimal(value, lang)} %`}</>;
}

function UnitPlansView({ year, unit }: { year: number; unit: string | null }) {
  const { t } = useTranslation();
  const plans = useUnitPlans(year, unit);
  const phone = useMediaQuery('(max-width: 48em)');
  const [planForm, setPlanForm] = useState<{ plan: Plan | null } | null>(null);
  const [taskForm, setTaskForm] = useState<{ planId: number; task: Task | null } | null>(null);
  const [deleting, setDeleting] = useState<{ planId: number; task: Task } | null>(null);
  const remove = useDeleteTask();
  const data = plans.data;
  if (plans.error) return <ErrorAlert error={plans.error} />;
  if (!data) return null;
  const { checklist, progress } = data;
  return (
    <Stack>
      <Group grow align="stretch" wrap="wrap">
        <Card withBorder miw={240} data-testid="plans-checklist">
          <Text size="sm" c="dimmed">
            {t('plans.requiredPlans')}
          </Text>
          <Text fw={700} size="lg">
            {checklist.required === 0 ? t('plans.noneRequired') : t('plans.issuedOf', { issued: checklist.issued, required: checklist.required })}
          </Text>
          {checklist.late > 0 && <Text c="orange">{t('plans.lateCount', { count: checklist.late })}</Text>}
        </Card>
        <Card withBorder miw={240} data-testid="plans-progress">
          <Text size="sm" c="dimmed">
            {t('plans.tasksDone')}
          </Text>
          <Text fw={700} size="lg">
            {t('plans.doneOf', { done: progress.completed, tasks: progress.tasks })} · <Rate value={progress.completionRate} />
          </Text>
          <Progress value={progress.completionRate ?? 0} mt="xs" />
          {progress.overdue > 0 && <Text c="red">{t('plans.overdueCount', { count: progress.overdue })}</Text>}
        </Card>
      </Group>

      {data.required.length > 0 && (
        // On a phone the due date goes under the plan's name: two columns fit 375 px without scrolling sideways.
        <Table.ScrollContainer minWidth={phone ? 0 : 420}>
          <Table withTableBorder data-testid="plans-required">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.requiredPlan')}</Table.Th>
                {!phone && <Table.Th>{t('plans.dueOn')}</Table.Th>}
                <Table.Th>{t('plans.issuedOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.required.map((r) => (
                <Table.Tr key={r.kind}>
                  <Table.Td>
                    {r.name}
                    {phone && (
                      <Text size="xs" c="dimmed">
                        {t('plans.dueOn')}: {displayDate(r.dueOn)}
                      </Text>
                    )}
                  </Table.Td>
                  {!phone && <Table.Td>{displayDate(r.dueOn)}</Table.Td>}
                  <Table.Td>
                    {r.issuedOn ? displayDate(r.issuedOn) : <Badge color="gray">{t('plans.notIssued')}</Badge>}{' '}
                    {r.late && <Badge color="orange">{t('plans.late')}</Badge>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Group justify="space-between">
        <Title order={3}>{t('plans.plans')}</Title>
        {data.can.create && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setPlanForm({ plan: null })} data-testid="plan-create">
            {t('plans.newPlan')}
          </Button>
        )}
      </Group>
      {data.plans.length === 0 && <Text c="dimmed">{t('plans.none')}</Text>}
      {data.plans.map((plan) => (
        <Card withBorder key={plan.id} data-testid={`plan-${plan.code}`}>
          <Group justify="space-between" align="flex-start">
            <div>
              <Text fw={700}>
                {plan.code} · {plan.title}
              </Text>
              <Text size="sm" c="dimmed">
                {plan.documentNo ? `${t('plans.documentNo')}: ${plan.documentNo} · ` : ''}
                {plan.issuedOn ? t('plans.issuedOnDate', { date: displayDate(plan.issuedOn) }) : t('plans.notIssued')}
                {plan.late ? ` · ${t('plans.late')}` : ''}
              </Text>
              <Text size="sm">
                {t('plans.doneOf', { done: plan.progress.completed, tasks: plan.progress.tasks })} · <Rate value={plan.progress.completionRate} />
              </Text>
            </div>
            {plan.can.edit && (
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconPencil size={14} />}
                  onClick={() => setPlanForm({ plan })}
                  data-testid={`plan-edit-${plan.code}`}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setTaskForm({ planId: plan.id, task: null })}
                  data-testid={`task-create-${plan.code}`}
                >
                  {t('plans.newTask')}
                </Button>
              </Group>
            )}
          </Group>
          <TaskList plan={plan} onEdit={(task) => setTaskForm({ planId: plan.id, task })} onDelete={(task) => setDeleting({ planId: plan.id, task })} />
        </Card>
      ))}

      {/* Mounted per plan or task edited (a key each), so each dialog starts from what it edits. */}
      {planForm && (
        <PlanModal
          key={planForm.plan?.id ?? 'new'}
          opened
          onClose={() => setPlanForm(null)}
          year={year}
          unit={data.unitCode}
          plan={planForm.plan}
          kinds={data.required}
        />
      )}
      {taskForm && (
        <TaskModal
          key={`${taskForm.planId}/${taskForm.task?.code ?? 'new'}`}
          opened
          onClose={() => setTaskForm(null)}
          planId={taskForm.planId}
          task={taskForm.task}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={t('plans.deleteTask')}
        message={t('plans.confirmDeleteTask', { code: deleting?.task.code ?? '', title: deleting?.task.title ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ planId: deleting.planId, code: deleting.task.code }, { onSuccess: () => setDeleting(null) })}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
      />
    </Stack>
  );
}

/** A plan's tasks: a table on a wide screen, one card per task on a phone (overdue ones marked red either way). */
function TaskList({ plan, onEdit, onDelete }: { plan: Plan; onEdit: (task: Task) => void; onDelete: (task: Task) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const actions = (task: Task) =>
    plan.can.edit && (
      <Group gap={4} wrap="nowrap">
        <RowAction label={t('common.edit')} onClick={() => onEdit(task)}>
          <IconPencil size={16} />
        </RowAction>
        <RowAction label={t('common.delete')} color="red" onClick={() => onDelete(task)}>
          <IconTrash size={16} />
        </RowAction>
      </Group>
    );
  const status = (task: Task) => <Badge color={STATUS_COLORS[task.status]}>{t(`plans.statuses.${task.status}`)}</Badge>;
  if (phone)
    return (
      <Stack gap="xs" mt="sm" data-testid={`plan-tasks-${plan.code}`}>
        {plan.tasks.length === 0 && <Text c="dimmed">{t('common.noRows')}</Text>}
        {plan.tasks.map((task) => (
          <Card
            key={task.code}
            withBorder
            padding="xs"
            bg={task.overdue ? 'var(--mantine-color-red-light)' : undefined}
            data-testid={`task-${plan.code}-${task.code}`}
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600} size="sm">
                {task.code} · {task.title}
              </Text>
              {actions(task)}
            </Group>
            <Group gap="xs" mt={4}>
              {status(task)}
              {task.overdue && <Badge color="red">{t('plans.overdue')}</Badge>}
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t('plans.deadline')}: {displayDate(task.deadline)}
              {task.completedOn ? ` · ${t('plans.completedOn')}: ${displayDate(task.completedOn)}` : ''}
              {task.owner ? ` · ${task.owner}` : ''}
            </Text>
            {task.evidence && (
              <Text size="xs">
                {t('plans.evidence')}: {task.evidence}
              </Text>
            )}
          </Card>
        ))}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={640} mt="sm">
      <Table striped data-testid={`plan-tasks-${plan.code}`}>
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th>{t('plans.taskCode')}</Table.Th>
            <Table.Th>{t('plans.taskTitle')}</Table.Th>
            <Table.Th>{t('plans.owner')}</Table.Th>
            <Table.Th>{t('plans.deadline')}</Table.Th>
            <Table.Th>{t('plans.status')}</Table.Th>
            <Table.Th>{t('plans.evidence')}</Table.Th>
            <Table.Th w={80} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.tasks.map((task) => (
            <Table.Tr key={task.code} bg={task.overdue ? 'var(--mantine-color-red-light)' : undefined} data-testid={`task-${plan.code}-${task.code}`}>
              <Table.Td>{task.code}</Table.Td>
              <Table.Td>{task.title}</Table.Td>
              <Table.Td>{task.owner ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {displayDate(task.deadline)} {task.overdue && <Badge color="red">{t('plans.overdue')}</Badge>}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {status(task)}
                {task.completedOn && <Text size="xs">{displayDate(task.completedOn)}</Text>}
              </Table.Td>
              <Table.Td>{task.evidence ?? '—'}</Table.Td>
              <Table.Td>{actions(task)}</Table.Td>
            </Table.Tr>
          ))}
          <EmptyRow colSpan={7} show={plan.tasks.length === 0} />
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ProvinceProgress({ year, enabled, onOpen }: { year: number; enabled: boolean; onOpen: (unit: string) => void }) {
  const { t } = useTranslation();
  const report = usePlansReport(year, enabled);
  return (
    <Stack>
      <Group gap="xs">
        <Button component="a" href={planUrls.report(year, 'xlsx')} variant="default" size="xs" leftSection={<IconDownload size={14} />}>
          XLSX
        </Button>
        <Button component="a" href={planUrls.report(year, 'csv')} variant="default" size="xs" leftSection={<IconDownload size={14} />}>
          CSV
        </Button>
      </Group>
      {report.error && <ErrorAlert error={report.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table striped withTableBorder data-testid="plans-report">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('plans.unit')}</Table.Th>
              <Table.Th ta="right">{t('plans.requiredIssued')}</Table.Th>
              <Table.Th ta="right">{t('plans.tasks')}</Table.Th>
              <Table.Th ta="right">{t('plans.done')}</Table.Th>
              <Table.Th ta="right">{t('plans.overdue')}</Table.Th>
              <Table.Th ta="right">{t('plans.rate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(report.data ?? []).map((r) => (
              <Table.Tr key={r.unit_code} data-testid={`plans-report-${r.unit_code}`}>
                <Table.Td>
                  <Anchor component="button" onClick={() => onOpen(r.unit_code)}>
                    {r.unit_code}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">
                  {r.plans_issued}/{r.plans_required}
                </Table.Td>
                <Table.Td ta="right">{r.tasks}</Table.Td>
                <Table.Td ta="right">{r.tasks_completed}</Table.Td>
                <Table.Td ta="right" c={r.tasks_overdue > 0 ? 'red' : undefined}>
                  {r.tasks_overdue}
                </Table.Td>
                <Table.Td ta="right">
                  <Rate value={r.completion_rate} />
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={6} show={(report.data ?? []).length === 0 && !report.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

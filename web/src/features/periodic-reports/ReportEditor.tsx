import { Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy, IconDownload, IconLockOpen, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../components/YearSelect';
import { formatDecimal } from '../../format';
import { type ReportPeriod, reportUrls, type UnitReport, useReopenReport, useSaveReport, useSubmitReport, useUnitReport } from './api';
import { StateBadge } from './StateBadge';

/** A unit's report of a period: the figures the platform assembled, the unit's texts per template section, submit. */
export function ReportEditor({ unit, year, period, onBack }: { unit: string; year: number; period: ReportPeriod; onBack: () => void }) {
  const { t } = useTranslation();
  const report = useUnitReport(unit, year, period);
  return (
    <Stack>
      <Group>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={onBack} data-testid="report-back">
          {t('periodicReports.back')}
        </Button>
      </Group>
      {report.error ? <ErrorAlert error={report.error} /> : null}
      {report.data && <ReportForm key={`${report.data.version}`} report={report.data} />}
    </Stack>
  );
}

function ReportForm({ report }: { report: UnitReport }) {
  const { t } = useTranslation();
  const { unitCode, year, period } = report;
  const [sections, setSections] = useState<Record<string, string>>(report.sections);
  const [documentNo, setDocumentNo] = useState(report.documentNo ?? '');
  const [confirming, setConfirming] = useState<'submit' | 'reopen' | null>(null);
  const save = useSaveReport(unitCode, year, period);
  const submit = useSubmitReport(unitCode, year, period);
  const reopen = useReopenReport(unitCode, year, period);
  const editable = report.can.edit;
  const dirty = documentNo !== (report.documentNo ?? '') || JSON.stringify(sections) !== JSON.stringify(report.sections);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3}>
            {t(`periodicReports.periods.${period}`)} {year} · {report.unitName}
          </Title>
          <Text size="sm" c="dimmed">
            {t('periodicReports.coverage', { from: displayDate(report.from), to: displayDate(report.to), asOf: displayDate(report.asOf) })}
          </Text>
          <Group gap="xs" mt={4}>
            <Text size="sm">{t('periodicReports.dueOn', { date: displayDate(report.dueOn) })}</Text>
            <StateBadge state={report.state} />
            {report.submittedOn && (
              <Text size="sm">{t('periodicReports.submittedOn', { date: displayDate(report.submittedOn), by: report.submittedBy ?? '—' })}</Text>
            )}
          </Group>
        </div>
        <Button
          component="a"
          href={reportUrls.docx(unitCode, year, period)}
          variant="default"
          leftSection={<IconDownload size={16} />}
          data-testid="report-docx"
        >
          {t('periodicReports.downloadDocx')}
        </Button>
      </Group>

      <Figures report={report} />

      <TextInput
        label={t('periodicReports.documentNo')}
        placeholder="12/BC-UBND"
        value={documentNo}
        onChange={(e) => setDocumentNo(e.currentTarget.value)}
        readOnly={!editable}
        maw={320}
        data-testid="report-document-no"
      />
      {report.templateSections.map((s, i) => (
        <Textarea
          key={s.key}
          label={`${i + 1}. ${s.title}`}
          description={s.hint}
          autosize
          minRows={3}
          maxRows={16}
          value={sections[s.key] ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setSections((prev) => ({ ...prev, [s.key]: value }));
          }}
          readOnly={!editable}
          data-testid={`report-section-${s.key}`}
        />
      ))}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        {editable && (
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            loading={save.isPending}
            disabled={!dirty}
            onClick={() =>
              save.mutate({
                sections: Object.fromEntries(report.templateSections.map((s) => [s.key, sections[s.key] ?? ''])),
                documentNo,
                version: report.version,
              })
            }
            data-testid="report-save"
          >
            {t('periodicReports.save')}
          </Button>
        )}
        {report.can.submit && (
          <Button color="green" leftSection={<IconSend size={16} />} disabled={dirty} onClick={() => setConfirming('submit')} data-testid="report-submit">
            {t('periodicReports.submit')}
          </Button>
        )}
        {report.can.reopen && (
          <Button color="orange" variant="light" leftSection={<IconLockOpen size={16} />} onClick={() => setConfirming('reopen')} data-testid="report-reopen">
            {t('periodicReports.reopen')}
          </Button>
        )}
        {editable && dirty && report.can.submit && (
          <Text size="sm" c="dimmed">
            {t('periodicReports.saveBeforeSubmit')}
          </Text>
        )}
      </Group>
      <ConfirmModal
        opened={confirming !== null}
        title={confirming === 'reopen' ? t('periodicReports.reopenTitle') : t('periodicReports.submitTitle')}
        message={confirming === 'reopen' ? t('periodicReports.reopenConfirm', { unit: report.unitName }) : t('periodicReports.submitConfirm')}
        confirmLabel={confirming === 'reopen' ? t('periodicReports.reopen') : t('periodicReports.submit')}
        color={confirming === 'reopen' ? 'orange' : 'green'}
        loading={submit.isPending || reopen.isPending}
        error={submit.error ?? reopen.error}
        onConfirm={() => {
          const action = confirming === 'reopen' ? reopen : submit;
          action.mutate(report.version, { onSuccess: () => setConfirming(null) });
        }}
        onClose={() => {
          submit.reset();
          reopen.reset();
          setConfirming(null);
        }}
      />
    </Stack>
  );
}

function FigureCard({ title, lines, testId }: { title: string; lines: string[]; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="sm" fw={700} mb={4}>
        {title}
      </Text>
      {lines.map((line) => (
        <Text size="sm" key={line}>
          {line}
        </Text>
      ))}
    </Card>
  );
}

function Figures({ report }: { report: UnitReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = (v: number | string | null) => (v === null ? '—' : `${formatDecimal(Number(v), lang)} %`);
  const { plans, timeliness, surveys, inspections, registers } = report.figures;
  const registerLines = Object.entries(registers)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${t(`periodicReports.registers.${k}`)}: ${n}`);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
      <FigureCard
        testId="figures-plans"
        title={t('periodicReports.figures.plans')}
        lines={[
          plans.required === 0
            ? t('periodicReports.figures.noneRequired')
            : t('periodicReports.figures.requiredIssued', { issued: plans.issued, required: plans.required, late: plans.late }),
          t('periodicReports.figures.tasksDone', { done: plans.completed, tasks: plans.tasks, rate: pct(plans.completionRate) }),
          t('periodicReports.figures.tasksOverdue', { n: plans.overdue }),
        ]}
      />
      <FigureCard
        testId="figures-timeliness"
        title={t('periodicReports.figures.timeliness')}
        lines={
          timeliness
            ? [
                t('periodicReports.figures.received', { received: timeliness.received, resolved: timeliness.resolved }),
                t('periodicReports.figures.onTime', { rate: pct(timeliness.onTimeRate), late: timeliness.late, overdue: timeliness.overdue }),
              ]
            : [t('periodicReports.figures.noDossiers')]
        }
      />
      <FigureCard
        testId="figures-surveys"
        title={t('periodicReports.figures.surveys')}
        lines={
          surveys.length
            ? surveys.map((s) => t('periodicReports.figures.survey', { name: s.name, responses: s.responses, target: s.target, sipas: pct(s.sipas) }))
            : [t('periodicReports.figures.noSurveys')]
        }
      />
      <FigureCard
        testId="figures-inspections"
        title={t('periodicReports.figures.inspections')}
        lines={
          inspections.inspections === 0
            ? [t('periodicReports.figures.noInspections')]
            : [
                t('periodicReports.figures.inspectionsDone', {
                  conducted: inspections.conducted,
                  planned: inspections.inspections,
                  findings: inspections.findings,
                }),
                t('periodicReports.figures.remediation', { closed: inspections.closed, total: inspections.remediation, overdue: inspections.overdue }),
              ]
        }
      />
      <FigureCard
        testId="figures-registers"
        title={t('periodicReports.figures.registers')}
        lines={registerLines.length ? registerLines : [t('periodicReports.figures.noRegisters')]}
      />
    </SimpleGrid>
  );
}

import { Alert, Badge, Button, Group, List, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isStaleVersion, type ValidationIssue } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert, useReasonText } from '../../components/ErrorAlert';
import { useLang } from '../../components/YearSelect';
import { formatPoints } from '../../format';
import { checkFramework, frameworkKeys, type FrameworkView, useSaveFramework } from './api';
import { CriterionModal } from './CriterionModal';
import {
  type CriterionFields,
  type DraftCriterion,
  draftFromTree,
  insertCriterion,
  newKey,
  nextCode,
  parentOf,
  removeCriterion,
  subtreeSize,
  toInput,
  updateCriterion,
  hundredths,
} from './draft';
import { EditorRow, inheritedAppraiser } from './EditorRow';

const CHECK_DELAY_MS = 400;

type Dialog = { mode: 'add'; parentCode: string | null } | { mode: 'edit'; key: string } | null;

/** A new criterion's defaults: a child of a survey, bonus or penalty criterion keeps its method. */
function blankUnder(list: readonly DraftCriterion[], parentCode: string | null): CriterionFields {
  const parent = parentCode === null ? undefined : list.find((c) => c.code === parentCode);
  const method = parent && (parent.method === 'survey' || parent.method === 'bonus' || parent.method === 'penalty') ? parent.method : 'manual';
  return {
    code: nextCode(list, parentCode),
    title: '',
    maxPoints: '',
    method,
    evidenceRequired: false,
    appraiser: null,
    guidance: '',
    formula: '',
    survey: null,
  };
}

/**
 * The tree editor of a draft framework (one no round uses). Every change is checked by the server as a whole
 * (POST /frameworks/check) and its problems are shown beside their criterion; Save replaces the framework
 * (PUT /frameworks/:id, audited) — the server checks again and refuses anything that breaks a rule.
 */
export function FrameworkEditor({ framework, onClose }: { framework: FrameworkView; onClose: () => void }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const lang = useLang();
  const qc = useQueryClient();
  const [name, setName] = useState(framework.name);
  const [list, setList] = useState<DraftCriterion[]>(() => draftFromTree(framework.criteria, lang !== 'en'));
  const [dirty, setDirty] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [removing, setRemoving] = useState<DraftCriterion | null>(null);
  const [checked, setChecked] = useState<{ issues: ValidationIssue[] } | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  // The draft the latest answer of the check is about: while it is not the draft on screen, a check is under way.
  const [answeredFor, setAnsweredFor] = useState<unknown>(null);
  const sequence = useRef(0);

  const body = useMemo(() => ({ name, classes: framework.classes, criteria: toInput(list) }), [name, list, framework.classes]);

  // The version the draft was loaded with: a save over someone else's meanwhile is refused (409 stale_version, shown
  // by ErrorAlert) and the framework reloaded; the draft being edited stays on screen.
  const saving = useSaveFramework(framework);
  const save = {
    ...saving,
    mutate: () =>
      saving.mutate(
        { ...body, name: body.name.trim() },
        {
          onSuccess: () => {
            notifications.show({ color: 'green', message: t('frameworks.saved') });
            onClose();
          },
          onError: (error) => {
            if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: frameworkKeys.all });
          },
        },
      ),
  };

  // The server checks the whole draft after every change (debounced); only the latest answer counts.
  useEffect(() => {
    const mine = ++sequence.current;
    const timer = setTimeout(() => {
      checkFramework(body)
        .then((answer) => {
          if (mine !== sequence.current) return;
          setChecked(answer);
          setCheckError(null);
        })
        .catch((error: unknown) => {
          if (mine !== sequence.current) return;
          // A request the server refuses outright (400) still names its problems by path.
          setChecked(error instanceof ApiError && error.issues.length ? { issues: error.issues } : null);
          setCheckError(error instanceof ApiError && error.issues.length ? null : error);
        })
        .finally(() => {
          if (mine === sequence.current) setAnsweredFor(body);
        });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body]);

  const change = (next: DraftCriterion[]) => {
    save.reset();
    setList(next);
    setDirty(true);
  };

  // The problems to show: the refused save's, else the latest check's. Paths name the position in the list sent;
  // each reads in the user's language (errors.<reason>), beside its criterion's row.
  const issues: ValidationIssue[] = save.error instanceof ApiError ? save.error.issues : (checked?.issues ?? []);
  const rowIssues = new Map<number, string[]>();
  const general: ValidationIssue[] = [];
  for (const issue of issues) {
    const m = /^criteria\.(\d+)/.exec(issue.path);
    if (m) rowIssues.set(Number(m[1]), [...(rowIssues.get(Number(m[1])) ?? []), reasonText(issue)]);
    else general.push(issue);
  }
  const totalMax = list
    .filter((c) => !c.code.includes('.') && c.method !== 'bonus' && c.method !== 'penalty')
    .reduce<number | null>((sum, c) => (sum === null || hundredths(c.maxPoints) === null ? null : sum + hundredths(c.maxPoints)!), 0);

  const editing = dialog?.mode === 'edit' ? list.find((c) => c.key === dialog.key) : undefined;
  const addParent = dialog?.mode === 'add' && dialog.parentCode !== null ? list.find((c) => c.code === dialog.parentCode) : undefined;

  const checking = answeredFor !== body;
  const status = checking ? (
    <Group gap={6}>
      <Loader size="xs" />
      <Text size="sm" c="dimmed">
        {t('frameworkEditor.checking')}
      </Text>
    </Group>
  ) : issues.length > 0 ? (
    <Badge color="red" variant="light" data-testid="editor-status">
      {t('frameworkEditor.issues', { count: issues.length })}
    </Badge>
  ) : checked ? (
    <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />} data-testid="editor-status">
      {t('frameworkEditor.valid')}
    </Badge>
  ) : null;

  return (
    <Stack data-testid="framework-editor">
      <TextInput
        label={t('frameworks.name')}
        value={name}
        onChange={(e) => {
          save.reset();
          setName(e.currentTarget.value);
          setDirty(true);
        }}
        data-testid="framework-name-input"
      />
      <Text size="sm" c="dimmed">
        {t('frameworkEditor.hint')}
      </Text>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          {status}
          {dirty && (
            <Badge color="yellow" variant="outline">
              {t('frameworkEditor.unsaved')}
            </Badge>
          )}
          <Text size="sm" c="dimmed" data-testid="editor-total">
            {t('frameworkEditor.total', { max: totalMax === null ? '—' : formatPoints(totalMax / 100, lang) })}
          </Text>
        </Group>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() => setDialog({ mode: 'add', parentCode: null })}
            data-testid="editor-add-field"
          >
            {t('frameworkEditor.addField')}
          </Button>
          <Button variant="default" onClick={onClose} data-testid="editor-cancel">
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconCheck size={16} />} loading={save.isPending} onClick={() => save.mutate()} data-testid="framework-save">
            {t('common.save')}
          </Button>
        </Group>
      </Group>

      {general.length > 0 && (
        <Alert color="red" title={t('frameworkEditor.otherIssues')} data-testid="editor-general-issues">
          <List size="sm">
            {general.map((i, n) => (
              <List.Item key={n}>
                {i.path ? <b>{i.path}: </b> : null}
                {reasonText(i)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {checkError ? <ErrorAlert error={checkError} /> : null}
      {save.error && !(save.error instanceof ApiError && save.error.issues.length) ? <ErrorAlert error={save.error} /> : null}

      <Table.ScrollContainer minWidth={940}>
        <Table withTableBorder verticalSpacing={6} data-testid="editor-table">
          <Table.Thead style={{ verticalAlign: 'bottom' }}>
            <Table.Tr>
              <Table.Th>{t('frameworks.code')}</Table.Th>
              <Table.Th>{t('frameworks.criterionTitle')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('frameworks.maxPoints')}</Table.Th>
              <Table.Th>{t('frameworks.method')}</Table.Th>
              <Table.Th>{t('frameworks.appraiser')}</Table.Th>
              <Table.Th>{t('frameworkEditor.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((c, at) => (
              <EditorRow
                key={c.key}
                list={list}
                c={c}
                problems={rowIssues.get(at)}
                lang={lang}
                change={change}
                onEdit={() => setDialog({ mode: 'edit', key: c.key })}
                onAddChild={() => setDialog({ mode: 'add', parentCode: c.code })}
                onRemove={() => setRemoving(c)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {dialog?.mode === 'add' && (
        <CriterionModal
          opened
          title={dialog.parentCode === null ? t('frameworkEditor.addFieldTitle') : t('frameworkEditor.addTitle')}
          context={addParent ? t('frameworkEditor.addUnder', { code: addParent.code, title: addParent.title }) : undefined}
          submitLabel={t('frameworkEditor.add')}
          initial={blankUnder(list, dialog.parentCode)}
          inheritedAppraiser={inheritedAppraiser(list, dialog.parentCode)}
          year={framework.year}
          onSubmit={(fields) => {
            change(insertCriterion(list, dialog.parentCode, { key: newKey(), ...fields, code: fields.code.trim() }));
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.mode === 'edit' && editing && (
        <CriterionModal
          opened
          title={t('frameworkEditor.editTitle', { code: editing.code })}
          submitLabel={t('frameworkEditor.apply')}
          initial={editing}
          inheritedAppraiser={inheritedAppraiser(list, parentOf(editing.code))}
          year={framework.year}
          issues={rowIssues.get(list.indexOf(editing))}
          onSubmit={(fields) => {
            change(updateCriterion(list, editing.key, fields));
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      <ConfirmModal
        opened={removing !== null}
        title={t('frameworkEditor.removeTitle')}
        message={
          removing
            ? `${
                subtreeSize(list, removing.key) > 1
                  ? t('frameworkEditor.confirmRemoveSubtree', { code: removing.code, title: removing.title, count: subtreeSize(list, removing.key) - 1 })
                  : t('frameworkEditor.confirmRemove', { code: removing.code, title: removing.title })
              } ${t('frameworkEditor.removeNote')}`
            : ''
        }
        confirmLabel={t('frameworkEditor.remove')}
        onConfirm={() => {
          if (removing) change(removeCriterion(list, removing.key));
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

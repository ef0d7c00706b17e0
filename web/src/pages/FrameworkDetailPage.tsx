import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Menu,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconCheck,
  IconCopy,
  IconDownload,
  IconInfoCircle,
  IconPencil,
  IconTrash,
  IconVersions,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, buildUrl } from '../api/client';
import { useBlocks, useFramework } from '../api/queries';
import type { CriterionInput, CriterionNode, FrameworkDetail, Method } from '../api/types';
import { isAdmin, useSession } from '../auth/session';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLang } from '../components/results/parts';
import { formatDateTime, formatPoints } from '../format';
import { InUseBadge } from './FrameworksPage';
import { SearchSelect } from '../components/SearchSelect';

const METHOD_COLORS: Record<Method, string> = { manual: 'blue', survey: 'violet', formula: 'cyan', bonus: 'green', penalty: 'red' };

export function MethodBadge({ method }: { method: Method }) {
  const { t } = useTranslation();
  return (
    <Badge color={METHOD_COLORS[method] ?? 'gray'} variant="light" size="sm">
      {t(`frameworks.methods.${method}`, { defaultValue: method })}
    </Badge>
  );
}

interface Row {
  node: CriterionNode;
  depth: number;
}

/** The tree in file order, each criterion with its depth (field = 0). */
function flatten(nodes: CriterionNode[], depth = 0, out: Row[] = []): Row[] {
  for (const node of nodes) {
    out.push({ node, depth });
    flatten(node.children, depth + 1, out);
  }
  return out;
}

/** The criterion as the API takes it back (its own appraiser, not the inherited one). */
function toInput(node: CriterionNode): CriterionInput {
  return {
    code: node.code,
    title: node.title,
    maxPoints: node.maxPoints,
    method: node.method,
    evidenceRequired: node.evidenceRequired,
    appraiser: node.appraiser,
    guidance: node.guidance,
    formula: node.formula,
  };
}

interface Draft {
  title: string;
  maxPoints: string;
  guidance: string;
}

const parsePoints = (text: string) => Number(text.trim().replace(',', '.'));
const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

function CloneModal({ opened, onClose, framework }: { opened: boolean; onClose: () => void; framework: FrameworkDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const blocks = useBlocks();
  const [year, setYear] = useState<number | string>(framework.year + 1);
  const [block, setBlock] = useState<string | null>(framework.blockCode);
  const clone = useMutation({
    mutationFn: () => api.post<FrameworkDetail>(`/frameworks/${framework.id}/clone`, { year: Number(year), blockCode: block }),
    onSuccess: (created) => {
      void qc.invalidateQueries({ queryKey: ['frameworks'] });
      notifications.show({ color: 'green', message: t('frameworks.cloned', { year: created.year, block: created.blockCode, revision: created.revision }) });
      onClose();
      navigate(`/frameworks/${created.id}`);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('frameworks.cloneTitle')}>
      <Stack>
        <Text size="sm">{t('frameworks.cloneHint')}</Text>
        <NumberInput label={t('results.year')} value={year} onChange={setYear} min={2000} max={2100} data-testid="clone-year" />
        <SearchSelect
          label={t('results.block')}
          data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.code} · ${b.name}` }))}
          value={block}
          onChange={setBlock}
          allowDeselect={false}
        />
        {clone.error ? <ErrorAlert error={clone.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={clone.isPending} disabled={typeof year !== 'number'} onClick={() => clone.mutate()} data-testid="clone-submit">
            {t('frameworks.clone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function FrameworkDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useSession();
  const admin = isAdmin(user);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const id = Number(useParams().id);
  const framework = useFramework(id);
  const fw = framework.data;
  const rows = useMemo(() => (fw ? flatten(fw.criteria) : []), [fw]);

  const [cloneOpened, cloneModal] = useDisclosure(false);
  const [revisionOpened, revisionModal] = useDisclosure(false);
  const [deleteOpened, deleteModal] = useDisclosure(false);
  const [drafts, setDrafts] = useState<Record<string, Draft> | null>(null);
  const [name, setName] = useState('');
  const editing = drafts !== null;

  const invalidate = () => qc.invalidateQueries({ queryKey: ['frameworks'] });
  const revise = useMutation({
    mutationFn: () => api.post<FrameworkDetail>(`/frameworks/${id}/revisions`, {}),
    onSuccess: (created) => {
      void invalidate();
      notifications.show({ color: 'green', message: t('frameworks.revised', { revision: created.revision }) });
      revisionModal.close();
      navigate(`/frameworks/${created.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/frameworks/${id}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: ['frameworks', 'detail', id] });
      void invalidate();
      notifications.show({ color: 'green', message: t('frameworks.deleted') });
      navigate('/frameworks', { replace: true });
    },
  });
  const save = useMutation({
    mutationFn: (body: { name: string; classes: FrameworkDetail['classes']; criteria: CriterionInput[] }) =>
      api.put<FrameworkDetail>(`/frameworks/${id}`, body),
    onSuccess: (updated) => {
      qc.setQueryData(['frameworks', 'detail', id], updated);
      void invalidate();
      setDrafts(null);
      notifications.show({ color: 'green', message: t('frameworks.saved') });
    },
  });

  const startEditing = () => {
    if (!fw) return;
    save.reset();
    setName(fw.name);
    setDrafts(
      Object.fromEntries(rows.map(({ node }) => [node.code, { title: node.title, maxPoints: formatPoints(node.maxPoints, 'en'), guidance: node.guidance ?? '' }])),
    );
  };
  const setDraft = (code: string, patch: Partial<Draft>) => setDrafts((d) => (d ? { ...d, [code]: { ...d[code]!, ...patch } } : d));
  const onSave = () => {
    if (!fw || !drafts) return;
    save.mutate({
      name: name.trim(),
      classes: fw.classes,
      criteria: rows.map(({ node }) => {
        const d = drafts[node.code]!;
        return { ...toInput(node), title: d.title, maxPoints: d.maxPoints.trim(), guidance: d.guidance.trim() || null };
      }),
    });
  };

  // The server names problems by position in the list sent: `criteria.3.maxPoints`.
  const rowIssues = new Map<number, string[]>();
  const shownInRows: string[] = [];
  if (save.error instanceof ApiError) {
    for (const issue of save.error.issues) {
      const m = /^criteria\.(\d+)/.exec(issue.path);
      if (!m) continue;
      rowIssues.set(Number(m[1]), [...(rowIssues.get(Number(m[1])) ?? []), issue.message]);
      shownInRows.push(issue.path);
    }
  }

  if (framework.isPending) return <Loader />;
  if (framework.error || !fw) {
    return (
      <Stack>
        <BackLink />
        <ErrorAlert error={framework.error} />
      </Stack>
    );
  }

  // While editing, a parent shows the sum of its children's points, so a change that breaks it is visible before saving.
  const childSum = (node: CriterionNode) =>
    drafts && node.children.length ? node.children.reduce((sum, c) => sum + parsePoints(drafts[c.code]?.maxPoints ?? ''), 0) : null;

  return (
    <Stack>
      <BackLink />
      <Stack gap="sm">
        <Stack gap={4}>
          {editing ? (
            <TextInput label={t('frameworks.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="framework-name-input" />
          ) : (
            <Title order={2} fz={{ base: 'h3', sm: 'h2' }} data-testid="framework-title">
              {fw.name}
            </Title>
          )}
          <Group gap="xs">
            <Badge variant="light" data-testid="framework-year">
              {fw.year}
            </Badge>
            <Badge variant="light" color="gray">
              {fw.blockName} ({fw.blockCode})
            </Badge>
            <Badge variant="outline" data-testid="framework-revision">
              {t('frameworks.revisionN', { revision: fw.revision })}
            </Badge>
            <InUseBadge inUse={fw.inUse} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('frameworks.summary', { count: fw.criterionCount, max: formatPoints(fw.totalMax, lang), at: formatDateTime(fw.updatedAt) })}
          </Text>
        </Stack>
        <Group gap="xs">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="framework-export">
                {t('common.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(['json', 'csv', 'xlsx'] as const).map((format) => (
                <Menu.Item key={format} component="a" href={buildUrl(`/frameworks/${fw.id}/export`, { format })} download>
                  {format.toUpperCase()}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {admin && !editing && (
            <>
              {!fw.inUse && (
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={startEditing} data-testid="framework-edit">
                  {t('common.edit')}
                </Button>
              )}
              <Button variant="default" leftSection={<IconCopy size={16} />} onClick={cloneModal.open} data-testid="framework-clone">
                {t('frameworks.clone')}
              </Button>
              <Button variant="default" leftSection={<IconVersions size={16} />} onClick={revisionModal.open} data-testid="framework-revise">
                {t('frameworks.newRevision')}
              </Button>
              <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={deleteModal.open} data-testid="framework-delete">
                {t('common.delete')}
              </Button>
            </>
          )}
          {editing && (
            <>
              <Button variant="default" onClick={() => setDrafts(null)}>
                {t('common.cancel')}
              </Button>
              <Button leftSection={<IconCheck size={16} />} loading={save.isPending} onClick={onSave} data-testid="framework-save">
                {t('common.save')}
              </Button>
            </>
          )}
        </Group>
      </Stack>

      {fw.inUse && admin && (
        <Text size="sm" c="dimmed">
          {t('frameworks.inUseHint')}
        </Text>
      )}
      {editing && (
        <Text size="sm" c="dimmed">
          {t('frameworks.editHint')}
        </Text>
      )}
      {save.error ? <ErrorAlert error={save.error} hideFieldIssues={shownInRows} /> : null}

      <Paper withBorder p="md" data-testid="framework-classes">
        <Title order={4} mb="xs">
          {t('frameworks.classes')}
        </Title>
        <Group gap="xs">
          {[...fw.classes]
            .sort((a, b) => b.min - a.min)
            .map((band) => (
              <Badge key={band.label} variant="light" size="lg" color="gray">
                {band.label} ≥ {formatPoints(band.min, lang)}
              </Badge>
            ))}
        </Group>
      </Paper>

      <Table.ScrollContainer minWidth={editing ? 1280 : 980}>
        <Table withTableBorder highlightOnHover verticalSpacing={6} data-testid="criteria-table">
          <Table.Thead style={{ verticalAlign: 'bottom' }}>
            <Table.Tr>
              <Table.Th>{t('frameworks.code')}</Table.Th>
              <Table.Th>{t('frameworks.criterionTitle')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('frameworks.maxPoints')}</Table.Th>
              <Table.Th>{t('frameworks.method')}</Table.Th>
              <Table.Th>{t('frameworks.evidence')}</Table.Th>
              <Table.Th>{t('frameworks.appraiser')}</Table.Th>
              <Table.Th>{t('frameworks.guidance')}</Table.Th>
              <Table.Th>{t('frameworks.formula')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ node, depth }, at) => {
              const draft = drafts?.[node.code];
              const issues = rowIssues.get(at);
              const sum = childSum(node);
              const draftMax = draft ? parsePoints(draft.maxPoints) : null;
              const sumMismatch = sum !== null && draftMax !== null && Math.abs(sum - draftMax) > 0.0001;
              return (
                <Table.Tr key={node.code} bg={depth === 0 ? 'var(--mantine-color-gray-0)' : undefined} data-testid={`criterion-${node.code}`}>
                  <Table.Td style={{ ...nowrap, paddingLeft: 12 + depth * 18 }}>
                    <Text size="sm" fw={depth === 0 ? 700 : node.leaf ? 400 : 600} ff="monospace">
                      {node.code}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ minWidth: 240 }}>
                    {draft ? (
                      <TextInput size="xs" value={draft.title} onChange={(e) => setDraft(node.code, { title: e.currentTarget.value })} data-testid={`edit-title-${node.code}`} />
                    ) : (
                      <Text size="sm" fw={depth === 0 ? 700 : undefined}>
                        {node.title}
                      </Text>
                    )}
                    {issues?.map((m, i) => (
                      <Text key={i} size="xs" c="red" data-testid="criterion-issue">
                        {m}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right', ...nowrap }}>
                    {draft ? (
                      <Stack gap={2} align="flex-end">
                        <TextInput
                          size="xs"
                          w={72}
                          value={draft.maxPoints}
                          onChange={(e) => setDraft(node.code, { maxPoints: e.currentTarget.value })}
                          error={sumMismatch}
                          styles={{ input: { textAlign: 'right' } }}
                          data-testid={`edit-max-${node.code}`}
                        />
                        {sum !== null && (
                          <Text size="xs" c={sumMismatch ? 'red' : 'dimmed'}>
                            Σ {formatPoints(Math.round(sum * 100) / 100, lang)}
                          </Text>
                        )}
                      </Stack>
                    ) : (
                      <Text size="sm" fw={depth === 0 ? 700 : undefined}>
                        {formatPoints(node.maxPoints, lang)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={nowrap}>
                    <MethodBadge method={node.method} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'center' }}>
                    {node.evidenceRequired ? (
                      <Tooltip label={t('frameworks.evidenceRequired')}>
                        <IconCheck size={18} color="var(--mantine-color-teal-7)" aria-label={t('frameworks.evidenceRequired')} />
                      </Tooltip>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={nowrap}>
                    {node.effectiveAppraiser ? (
                      node.appraiser ? (
                        <Text size="sm" fw={500}>
                          {node.effectiveAppraiser}
                        </Text>
                      ) : (
                        <Tooltip label={t('frameworks.inherited')}>
                          <Text size="sm" c="dimmed" fs="italic">
                            {node.effectiveAppraiser}
                          </Text>
                        </Tooltip>
                      )
                    ) : (
                      <Text c="dimmed">—</Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ textAlign: draft ? undefined : 'center', minWidth: draft ? 240 : undefined }}>
                    {draft ? (
                      <Textarea size="xs" autosize minRows={1} maxRows={6} value={draft.guidance} onChange={(e) => setDraft(node.code, { guidance: e.currentTarget.value })} />
                    ) : node.guidance ? (
                      <Tooltip label={node.guidance} multiline w={320} events={{ hover: true, focus: true, touch: true }}>
                        <ActionIcon variant="subtle" size="sm" aria-label={t('frameworks.guidance')} data-testid={`guidance-${node.code}`}>
                          <IconInfoCircle size={18} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ minWidth: 200, maxWidth: 320 }}>
                    {node.formula ? (
                      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }} data-testid="criterion-formula">
                        {node.formula}
                      </Code>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {admin && <CloneModal key={fw.id} opened={cloneOpened} onClose={cloneModal.close} framework={fw} />}
      <ConfirmModal
        opened={revisionOpened}
        title={t('frameworks.newRevision')}
        message={t('frameworks.confirmRevision', { revision: fw.revision })}
        confirmLabel={t('frameworks.newRevision')}
        color="indigo"
        loading={revise.isPending}
        error={revise.error}
        onConfirm={() => revise.mutate()}
        onClose={() => {
          revise.reset();
          revisionModal.close();
        }}
      />
      <ConfirmModal
        opened={deleteOpened}
        title={t('frameworks.deleteTitle')}
        message={t('frameworks.confirmDelete', { name: fw.name, revision: fw.revision })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          remove.reset();
          deleteModal.close();
        }}
      />
    </Stack>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/frameworks" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={16} />
        {t('frameworks.back')}
      </Group>
    </Anchor>
  );
}

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
import type { CriterionNode, FrameworkDetail, Method } from '../api/types';
import { isAdmin, useSession } from '../auth/session';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert, useReasonText } from '../components/ErrorAlert';
import { useLang } from '../components/results/parts';
import { formatDateTime, formatPoints } from '../format';
import { InUseBadge } from './FrameworksPage';
import { SearchSelect } from '../components/SearchSelect';
import { FrameworkEditor } from '../components/framework/FrameworkEditor';
import { nameForYear } from '../components/framework/draft';

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

const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

function CloneModal({ opened, onClose, framework }: { opened: boolean; onClose: () => void; framework: FrameworkDetail }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const blocks = useBlocks();
  const [year, setYear] = useState<number | string>(framework.year + 1);
  const [block, setBlock] = useState<string | null>(framework.blockCode);
  // The name follows the chosen year until the organizer types their own.
  const [typedName, setTypedName] = useState<string | null>(null);
  const name = typedName ?? (typeof year === 'number' ? nameForYear(framework.name, framework.year, year) : framework.name);
  const clone = useMutation({
    mutationFn: () => api.post<FrameworkDetail>(`/frameworks/${framework.id}/clone`, { year: Number(year), blockCode: block, name: name.trim() }),
    onSuccess: (created) => {
      void qc.invalidateQueries({ queryKey: ['frameworks'] });
      notifications.show({ color: 'green', message: t('frameworks.cloned', { year: created.year, block: created.blockCode, revision: created.revision }) });
      onClose();
      navigate(`/frameworks/${created.id}`);
    },
  });
  // The name's own problem beside it, in the user's language.
  const nameIssue = clone.error instanceof ApiError ? clone.error.issues.find((i) => i.path === 'name') : undefined;
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
        <TextInput
          label={t('frameworkEditor.cloneName')}
          description={t('frameworkEditor.cloneNameHint')}
          value={name}
          onChange={(e) => setTypedName(e.currentTarget.value)}
          error={nameIssue ? reasonText(nameIssue) : undefined}
          data-testid="clone-name"
        />
        {clone.error ? <ErrorAlert error={clone.error} hideFieldIssues={['name']} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={clone.isPending} disabled={typeof year !== 'number' || !name.trim()} onClick={() => clone.mutate()} data-testid="clone-submit">
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
  const [editing, setEditing] = useState(false);

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
  if (framework.isPending) return <Loader />;
  if (framework.error || !fw) {
    return (
      <Stack>
        <BackLink />
        <ErrorAlert error={framework.error} />
      </Stack>
    );
  }

  return (
    <Stack>
      <BackLink />
      <Stack gap="sm">
        <Stack gap={4}>
          <Title order={2} fz={{ base: 'h3', sm: 'h2' }} data-testid="framework-title">
            {fw.name}
          </Title>
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
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="framework-edit">
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
        </Group>
      </Stack>

      {fw.inUse && admin && (
        <Text size="sm" c="dimmed">
          {t('frameworks.inUseHint')}
        </Text>
      )}

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

      {editing ? (
        <FrameworkEditor framework={fw} onClose={() => setEditing(false)} />
      ) : (
        <Table.ScrollContainer minWidth={980}>
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
              {rows.map(({ node, depth }) => {
                return (
                  <Table.Tr key={node.code} bg={depth === 0 ? 'var(--mantine-color-gray-0)' : undefined} data-testid={`criterion-${node.code}`}>
                    <Table.Td style={{ ...nowrap, paddingLeft: 12 + depth * 18 }}>
                      <Text size="sm" fw={depth === 0 ? 700 : node.leaf ? 400 : 600} ff="monospace">
                        {node.code}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 240 }}>
                      <Text size="sm" fw={depth === 0 ? 700 : undefined}>
                        {node.title}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', ...nowrap }}>
                      <Text size="sm" fw={depth === 0 ? 700 : undefined}>
                        {formatPoints(node.maxPoints, lang)}
                      </Text>
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
                    <Table.Td style={{ textAlign: 'center' }}>
                      {node.guidance ? (
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
      )}

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

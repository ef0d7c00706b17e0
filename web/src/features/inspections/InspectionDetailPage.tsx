import { Anchor, Badge, Button, Card, Group, List, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconCheck, IconDownload, IconLockOpen, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ConfirmModal } from '../../components/ConfirmModal';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow, RowAction } from '../../components/TableParts';
import {
  type Finding,
  type Inspection,
  inspectionUrls,
  type RemediationItem,
  useDeleteFinding,
  useDeleteInspection,
  useDeleteItem,
  useInspection,
  useReopenItem,
} from './api';
import { CloseItemModal, FindingModal, InspectionModal, ItemModal, StatusModal } from './InspectionModals';
import { plannedDates } from './InspectionsPage';

const STEPS = ['planned', 'conducted', 'concluded'] as const;
const KINDS = ['strength', 'shortcoming', 'recommendation'] as const;

type Deleting =
  { kind: 'inspection' } | { kind: 'finding'; finding: Finding } | { kind: 'item'; item: RemediationItem } | { kind: 'reopen'; item: RemediationItem };

/**
 * One inspection: the status stepper, the team and areas, the findings by kind, the remediation items (overdue in
 * red), and the documents. The team edits; the unit's staff close their items with evidence.
 */
export function InspectionDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const phone = useMediaQuery('(max-width: 48em)');
  const query = useInspection(id);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<'conducted' | 'concluded' | null>(null);
  const [finding, setFinding] = useState<{ finding: Finding | null; kind: Finding['kind'] } | null>(null);
  const [item, setItem] = useState<{ item: RemediationItem | null } | null>(null);
  const [closing, setClosing] = useState<RemediationItem | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const removeInspection = useDeleteInspection();
  const removeFinding = useDeleteFinding();
  const removeItem = useDeleteItem();
  const reopen = useReopenItem();
  const i = query.data;
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!i) return null;

  const active = STEPS.indexOf(i.status);
  const pending = removeInspection.isPending || removeFinding.isPending || removeItem.isPending || reopen.isPending;
  const deleteError = removeInspection.error ?? removeFinding.error ?? removeItem.error ?? reopen.error;
  const confirmDelete = () => {
    if (!deleting) return;
    const done = { onSuccess: () => setDeleting(null) };
    if (deleting.kind === 'inspection') removeInspection.mutate({ id: i.id, version: i.version }, { onSuccess: () => navigate('/inspections') });
    else if (deleting.kind === 'finding') removeFinding.mutate({ inspectionId: i.id, finding: deleting.finding }, done);
    else if (deleting.kind === 'item') removeItem.mutate({ inspectionId: i.id, item: deleting.item }, done);
    else reopen.mutate({ inspectionId: i.id, item: deleting.item }, done);
  };
  const confirmText = () => {
    if (!deleting) return { title: '', message: '', label: '' };
    if (deleting.kind === 'inspection')
      return { title: t('inspections.delete'), message: t('inspections.confirmDelete', { unit: i.unitName }), label: t('common.delete') };
    if (deleting.kind === 'finding')
      return {
        title: t('inspections.deleteFinding'),
        message: t('inspections.confirmDeleteFinding', { text: deleting.finding.text }),
        label: t('common.delete'),
      };
    if (deleting.kind === 'item')
      return { title: t('inspections.deleteItem'), message: t('inspections.confirmDeleteItem', { title: deleting.item.title }), label: t('common.delete') };
    return { title: t('inspections.reopenItem'), message: t('inspections.confirmReopen', { title: deleting.item.title }), label: t('inspections.reopenItem') };
  };
  const confirm = confirmText();

  return (
    <Stack>
      <Anchor component={Link} to="/inspections" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('inspections.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t('inspections.detailTitle', { unit: i.unitName })}</Title>
          <Text c="dimmed">
            {t('inspections.yearOf', { year: i.year })}
            {i.decisionNo ? ` · ${t('inspections.decisionOf', { no: i.decisionNo })}` : ''}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            component="a"
            href={inspectionUrls.document(i.id, 'record')}
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
            data-testid="inspection-record"
          >
            {t('inspections.recordDocx')}
          </Button>
          {i.status === 'concluded' && (
            <Button
              component="a"
              href={inspectionUrls.document(i.id, 'conclusion')}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
              data-testid="inspection-conclusion-docx"
            >
              {t('inspections.conclusionDocx')}
            </Button>
          )}
        </Group>
      </Group>

      <Card withBorder>
        <Stepper active={active} size="sm" orientation={phone ? 'vertical' : 'horizontal'} allowNextStepsSelect={false} data-testid="inspection-stepper">
          <Stepper.Step label={t('inspections.statuses.planned')} description={plannedDates(i)} />
          <Stepper.Step label={t('inspections.statuses.conducted')} description={i.conductedOn ? displayDate(i.conductedOn) : undefined} />
          <Stepper.Step label={t('inspections.statuses.concluded')} description={i.concludedOn ? displayDate(i.concludedOn) : undefined} />
        </Stepper>
        {(i.can.edit || i.can.manage) && (
          <Group mt="md" gap="xs">
            {i.can.edit && (
              <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)} data-testid="inspection-edit">
                {t('common.edit')}
              </Button>
            )}
            {i.can.edit && i.status === 'planned' && (
              <Button size="xs" onClick={() => setStatus('conducted')} data-testid="inspection-mark-conducted">
                {t('inspections.markConducted')}
              </Button>
            )}
            {i.can.edit && i.status === 'conducted' && (
              <Button size="xs" onClick={() => setStatus('concluded')} data-testid="inspection-conclude">
                {t('inspections.conclude')}
              </Button>
            )}
            {i.can.manage && (
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconTrash size={14} />}
                onClick={() => setDeleting({ kind: 'inspection' })}
                data-testid="inspection-delete"
              >
                {t('inspections.delete')}
              </Button>
            )}
          </Group>
        )}
      </Card>

      <Group grow align="stretch" wrap="wrap">
        <Card withBorder miw={260} data-testid="inspection-team">
          <Text fw={700} mb="xs">
            {t('inspections.team')}
          </Text>
          {i.members.length === 0 ? (
            <Text c="dimmed">{t('inspections.noTeam')}</Text>
          ) : (
            <List spacing={4}>
              {i.members.map((m) => (
                <List.Item key={m.userId}>
                  {m.displayName} {m.lead && <Badge size="sm">{t('inspections.lead')}</Badge>}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
        <Card withBorder miw={260} data-testid="inspection-areas">
          <Text fw={700} mb="xs">
            {t('inspections.areas')}
          </Text>
          {i.areas.length === 0 ? (
            <Text c="dimmed">{t('common.none')}</Text>
          ) : (
            <List spacing={4}>
              {i.areas.map((a) => (
                <List.Item key={a}>{a}</List.Item>
              ))}
            </List>
          )}
        </Card>
      </Group>

      {i.conclusion && (
        <Card withBorder data-testid="inspection-conclusion">
          <Text fw={700} mb="xs">
            {t('inspections.conclusion')}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{i.conclusion}</Text>
        </Card>
      )}

      {KINDS.map((kind) => (
        <FindingsCard
          key={kind}
          inspection={i}
          kind={kind}
          onAdd={() => setFinding({ finding: null, kind })}
          onEdit={(f) => setFinding({ finding: f, kind })}
          onDelete={(f) => setDeleting({ kind: 'finding', finding: f })}
        />
      ))}

      <Card withBorder data-testid="inspection-remediation">
        <Group justify="space-between" mb="xs">
          <Text fw={700}>{t('inspections.remediation')}</Text>
          {i.can.edit && (
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setItem({ item: null })} data-testid="item-create">
              {t('inspections.addItem')}
            </Button>
          )}
        </Group>
        {phone ? (
          <Stack gap="xs" data-testid="remediation-cards">
            {i.remediation.length === 0 && (
              <Text c="dimmed" size="sm">
                {t('common.none')}
              </Text>
            )}
            {i.remediation.map((r) => (
              <Card key={r.id} withBorder padding="sm" bg={r.overdue ? 'var(--mantine-color-red-light)' : undefined} data-testid={`item-${r.id}`}>
                <Text fw={600}>{r.title}</Text>
                <Text size="sm" c="dimmed">
                  {r.owner ?? '—'} · {t('inspections.deadline')}: {displayDate(r.deadline)}
                </Text>
                <Group gap={4} mt={4}>
                  {r.overdue && <Badge color="red">{t('inspections.overdue')}</Badge>}
                  <ItemStatus item={r} />
                </Group>
                {r.evidence && <Text size="sm">{r.evidence}</Text>}
                <ItemActions
                  inspection={i}
                  item={r}
                  onClose={setClosing}
                  onReopen={(item) => setDeleting({ kind: 'reopen', item })}
                  onEdit={(item) => setItem({ item })}
                  onDelete={(item) => setDeleting({ kind: 'item', item })}
                  buttons
                />
              </Card>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="remediation-table">
              <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                <Table.Tr>
                  <Table.Th>{t('inspections.itemTitle')}</Table.Th>
                  <Table.Th>{t('inspections.owner')}</Table.Th>
                  <Table.Th>{t('inspections.deadline')}</Table.Th>
                  <Table.Th>{t('inspections.itemStatus')}</Table.Th>
                  <Table.Th>{t('inspections.evidence')}</Table.Th>
                  <Table.Th w={120} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {i.remediation.map((r) => (
                  <Table.Tr key={r.id} bg={r.overdue ? 'var(--mantine-color-red-light)' : undefined} data-testid={`item-${r.id}`}>
                    <Table.Td>{r.title}</Table.Td>
                    <Table.Td>{r.owner ?? '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {displayDate(r.deadline)} {r.overdue && <Badge color="red">{t('inspections.overdue')}</Badge>}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ItemStatus item={r} />
                    </Table.Td>
                    <Table.Td>
                      {r.evidence ?? '—'}
                      {r.closedBy && (
                        <Text size="xs" c="dimmed">
                          {r.closedBy}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ItemActions
                        inspection={i}
                        item={r}
                        onClose={setClosing}
                        onReopen={(item) => setDeleting({ kind: 'reopen', item })}
                        onEdit={(item) => setItem({ item })}
                        onDelete={(item) => setDeleting({ kind: 'item', item })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
                <EmptyRow colSpan={6} show={i.remediation.length === 0} />
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      {editing && <InspectionModal onClose={() => setEditing(false)} year={i.year} inspection={i} manage={i.can.manage} />}
      {status && <StatusModal key={status} onClose={() => setStatus(null)} inspection={i} to={status} />}
      {finding && (
        <FindingModal
          key={finding.finding?.id ?? `new-${finding.kind}`}
          onClose={() => setFinding(null)}
          inspectionId={i.id}
          finding={finding.finding}
          kind={finding.kind}
        />
      )}
      {item && <ItemModal key={item.item?.id ?? 'new'} onClose={() => setItem(null)} inspection={i} item={item.item} />}
      {closing && <CloseItemModal key={closing.id} onClose={() => setClosing(null)} inspectionId={i.id} item={closing} today={i.asOf} />}
      <ConfirmModal
        opened={deleting !== null}
        title={confirm.title}
        message={confirm.message}
        confirmLabel={confirm.label}
        loading={pending}
        error={deleteError}
        onConfirm={confirmDelete}
        onClose={() => {
          removeInspection.reset();
          removeFinding.reset();
          removeItem.reset();
          reopen.reset();
          setDeleting(null);
        }}
      />
    </Stack>
  );
}

function FindingsCard(props: {
  inspection: Inspection;
  kind: Finding['kind'];
  onAdd: () => void;
  onEdit: (f: Finding) => void;
  onDelete: (f: Finding) => void;
}) {
  const { t } = useTranslation();
  const findings = props.inspection.findings.filter((f) => f.kind === props.kind);
  const canEdit = props.inspection.can.edit;
  return (
    <Card withBorder data-testid={`findings-${props.kind}`}>
      <Group justify="space-between" mb="xs">
        <Text fw={700}>{t(`inspections.kindsPlural.${props.kind}`)}</Text>
        {canEdit && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={props.onAdd} data-testid={`finding-create-${props.kind}`}>
            {t('inspections.addFinding')}
          </Button>
        )}
      </Group>
      {findings.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('common.none')}
        </Text>
      ) : (
        <Stack gap="xs">
          {findings.map((f) => (
            <Group key={f.id} justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                {f.area && (
                  <Text size="xs" c="dimmed">
                    {f.area}
                  </Text>
                )}
                <Text size="sm">{f.text}</Text>
              </div>
              {canEdit && (
                <Group gap={4} wrap="nowrap">
                  <RowAction label={t('common.edit')} onClick={() => props.onEdit(f)}>
                    <IconPencil size={16} />
                  </RowAction>
                  <RowAction label={t('common.delete')} color="red" onClick={() => props.onDelete(f)}>
                    <IconTrash size={16} />
                  </RowAction>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ItemStatus({ item }: { item: RemediationItem }) {
  const { t } = useTranslation();
  return item.closedOn ? (
    <Badge color="green">{t('inspections.closedAt', { date: displayDate(item.closedOn) })}</Badge>
  ) : (
    <Badge color="gray">{t('inspections.open')}</Badge>
  );
}

/** What the viewer may do with an item: close or reopen (the unit, the team), edit or delete (the team). */
function ItemActions(props: {
  inspection: Inspection;
  item: RemediationItem;
  onClose: (item: RemediationItem) => void;
  onReopen: (item: RemediationItem) => void;
  onEdit: (item: RemediationItem) => void;
  onDelete: (item: RemediationItem) => void;
  /** Labelled buttons (a phone's card) rather than icons (a table row). */
  buttons?: boolean;
}) {
  const { t } = useTranslation();
  const { inspection: i, item: r } = props;
  return (
    <Group gap={4} wrap={props.buttons ? 'wrap' : 'nowrap'} mt={props.buttons ? 'xs' : undefined}>
      {i.can.close &&
        !r.closedOn &&
        (props.buttons ? (
          <Button size="xs" color="green" leftSection={<IconCheck size={14} />} onClick={() => props.onClose(r)}>
            {t('inspections.closeItem')}
          </Button>
        ) : (
          <RowAction label={t('inspections.closeItem')} color="green" onClick={() => props.onClose(r)}>
            <IconCheck size={16} />
          </RowAction>
        ))}
      {i.can.close &&
        r.closedOn &&
        (props.buttons ? (
          <Button size="xs" variant="default" leftSection={<IconLockOpen size={14} />} onClick={() => props.onReopen(r)}>
            {t('inspections.reopenItem')}
          </Button>
        ) : (
          <RowAction label={t('inspections.reopenItem')} onClick={() => props.onReopen(r)}>
            <IconLockOpen size={16} />
          </RowAction>
        ))}
      {i.can.edit && (
        <>
          <RowAction label={t('common.edit')} onClick={() => props.onEdit(r)}>
            <IconPencil size={16} />
          </RowAction>
          <RowAction label={t('common.delete')} color="red" onClick={() => props.onDelete(r)}>
            <IconTrash size={16} />
          </RowAction>
        </>
      )}
    </Group>
  );
}

import { Anchor, Badge, Button, Group, Loader, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCopy, IconDownload, IconPencil, IconTrash, IconVersions } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../components/YearSelect';
import { formatDateTime, formatPoints } from '../../format';
import { frameworkExportUrl, useDeleteFramework, useFramework, useReviseFramework } from './api';
import { CloneModal } from './CloneModal';
import { CriteriaTable } from './CriteriaTable';
import { FrameworkEditor } from './FrameworkEditor';
import { InUseBadge } from './FrameworksPage';

/** One framework: its classes and criteria; the organizer edits a draft, clones, revises or deletes (by `can`). */
export function FrameworkDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const framework = useFramework(id);
  const fw = framework.data;

  const [cloneOpened, cloneModal] = useDisclosure(false);
  const [revisionOpened, revisionModal] = useDisclosure(false);
  const [deleteOpened, deleteModal] = useDisclosure(false);
  const [editing, setEditing] = useState(false);

  const revise = useReviseFramework(id);
  const reviseNow = () =>
    revise.mutate(undefined, {
      onSuccess: (created) => {
        notifications.show({ color: 'green', message: t('frameworks.revised', { revision: created.revision }) });
        revisionModal.close();
        navigate(`/frameworks/${created.id}`);
      },
    });
  const remove = useDeleteFramework(id);
  const removeNow = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('frameworks.deleted') });
        navigate('/frameworks', { replace: true });
      },
    });
  const can = fw?.can;
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
                <Menu.Item key={format} component="a" href={frameworkExportUrl(fw.id, format)} download>
                  {format.toUpperCase()}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {!editing && (
            <>
              {can?.edit && (
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="framework-edit">
                  {t('common.edit')}
                </Button>
              )}
              {can?.clone && (
                <Button variant="default" leftSection={<IconCopy size={16} />} onClick={cloneModal.open} data-testid="framework-clone">
                  {t('frameworks.clone')}
                </Button>
              )}
              {can?.revise && (
                <Button variant="default" leftSection={<IconVersions size={16} />} onClick={revisionModal.open} data-testid="framework-revise">
                  {t('frameworks.newRevision')}
                </Button>
              )}
              {can?.delete && (
                <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={deleteModal.open} data-testid="framework-delete">
                  {t('common.delete')}
                </Button>
              )}
            </>
          )}
        </Group>
      </Stack>

      {fw.inUse && fw.can.revise && (
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

      {editing ? <FrameworkEditor framework={fw} onClose={() => setEditing(false)} /> : <CriteriaTable criteria={fw.criteria} />}

      {fw.can.clone && <CloneModal key={fw.id} opened={cloneOpened} onClose={cloneModal.close} framework={fw} />}
      <ConfirmModal
        opened={revisionOpened}
        title={t('frameworks.newRevision')}
        message={t('frameworks.confirmRevision', { revision: fw.revision })}
        confirmLabel={t('frameworks.newRevision')}
        color="indigo"
        loading={revise.isPending}
        error={revise.error}
        onConfirm={reviseNow}
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
        onConfirm={removeNow}
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

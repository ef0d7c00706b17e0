import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesSearch } from '../../../src/domain/text';
import { api } from '../api/client';
import { keys, useUnits, useUsers } from '../api/queries';
import { ROLES, UNIT_BOUND_ROLES, type Role, type UserAdmin } from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmptyRow, RowAction } from '../components/TableParts';
import { formatDateTime } from '../format';
import { SearchSelect, unitOption } from '../components/SearchSelect';
import { useFieldErrors } from '../components/fieldErrors';

const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  unit_officer: 'blue',
  unit_leader: 'indigo',
  appraiser: 'teal',
  council: 'orange',
  viewer: 'gray',
};

/** The temporary password is shown exactly once; the server never returns it again. */
function TemporaryPasswordModal({ value, username, onClose }: { value: string | null; username: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={value !== null} onClose={onClose} title={t('users.tempPasswordTitle')} closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow">{t('users.tempPasswordOnce', { username })}</Alert>
        <Group wrap="nowrap">
          <Code fz="lg" p="sm" style={{ flex: 1, wordBreak: 'break-all' }} data-testid="temporary-password">
            {value}
          </Code>
          <CopyButton value={value ?? ''}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                <ActionIcon variant="light" size="lg" onClick={copy} color={copied ? 'teal' : undefined} aria-label={t('common.copy')}>
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="temporary-password-done">
            {t('common.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface UserFormProps {
  user: UserAdmin | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (username: string, temporaryPassword: string) => void;
}

function UserFormModal({ user, opened, onClose, onCreated }: UserFormProps) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const units = useUnits({ status: 'active' });
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [disabled, setDisabled] = useState(false);
  const [lastUser, setLastUser] = useState<UserAdmin | null | undefined>(undefined);
  if (opened && lastUser !== user) {
    setLastUser(user);
    setUsername(user?.username ?? '');
    setDisplayName(user?.displayName ?? '');
    setRole(user?.role ?? 'viewer');
    setUnitCode(user?.unitCode ?? null);
    setDisabled(user?.disabled ?? false);
  }
  const needsUnit = UNIT_BOUND_ROLES.includes(role);

  const save = useMutation({
    mutationFn: async () => {
      const unit = needsUnit ? unitCode : null;
      if (user) {
        await api.patch<UserAdmin>(`/users/${encodeURIComponent(String(user.id))}`, {
          displayName: displayName.trim(),
          role,
          unitCode: unit,
          disabled,
        });
        return null;
      }
      return api.post<{ user: UserAdmin; temporaryPassword: string }>('/users', {
        username: username.trim(),
        displayName: displayName.trim(),
        role,
        ...(unit ? { unitCode: unit } : {}),
      });
    },
    onSuccess: (created) => {
      void qc.invalidateQueries({ queryKey: keys.usersAll });
      close();
      if (created) onCreated(created.user.username, created.temporaryPassword);
      else notifications.show({ color: 'green', message: t('users.saved') });
    },
  });
  const close = () => {
    save.reset();
    setLastUser(undefined);
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const errors = fieldErrorsOf(save.error);

  return (
    <Modal opened={opened} onClose={close} title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {save.error && (
            <ErrorAlert error={save.error} hideFieldIssues={['username', 'displayName', 'role', 'unitCode', 'disabled']} />
          )}
          <TextInput
            label={t('users.username')}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.username}
            disabled={!!user}
            required
            autoComplete="off"
            data-testid="user-form-username"
          />
          <TextInput
            label={t('users.displayName')}
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={errors.displayName}
            required
            data-testid="user-form-display-name"
          />
          <Select
            label={t('users.role')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            error={errors.role}
            allowDeselect={false}
            required
            data-testid="user-form-role"
          />
          <SearchSelect
            label={t('users.unit')}
            description={needsUnit ? t('users.unitRequired') : t('users.unitNotUsed')}
            data={(units.data?.items ?? []).map(unitOption)}
            value={needsUnit ? unitCode : null}
            onChange={setUnitCode}
            error={errors.unitCode}
            disabled={!needsUnit}
            required={needsUnit}
            clearable
            data-testid="user-form-unit"
          />
          {user && (
            <Switch
              label={t('users.disabled')}
              checked={disabled}
              onChange={(e) => setDisabled(e.currentTarget.checked)}
              error={errors.disabled}
              data-testid="user-form-disabled"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="user-form-submit">
              {user ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const users = useUsers({ role: role ?? undefined, unit: unit ?? undefined });
  const units = useUnits();
  const [formOpened, formModal] = useDisclosure(false);
  const [editing, setEditing] = useState<UserAdmin | null>(null);
  const [resetting, setResetting] = useState<UserAdmin | null>(null);
  const [temp, setTemp] = useState<{ username: string; password: string } | null>(null);

  const reset = useMutation({
    mutationFn: (u: UserAdmin) =>
      api.post<{ temporaryPassword: string }>(`/users/${encodeURIComponent(String(u.id))}/reset-password`),
    onSuccess: (res, u) => {
      closeReset();
      setTemp({ username: u.username, password: res.temporaryPassword });
    },
  });
  const closeReset = () => {
    reset.reset();
    setResetting(null);
  };

  const rows = useMemo(
    () =>
      (users.data ?? []).filter((u) =>
        matchesSearch(`${u.username} ${u.displayName} ${u.unitCode ?? ''} ${u.unitName ?? ''}`, search),
      ),
    [users.data, search],
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('users.title')}</Title>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => {
            setEditing(null);
            formModal.open();
          }}
          data-testid="user-create-button"
        >
          {t('users.create')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
        <TextInput
          label={t('common.search')}
          placeholder={t('users.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="users-search"
        />
        <Select
          label={t('users.role')}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          placeholder={t('common.all')}
          clearable
        />
        <SearchSelect
          label={t('users.unit')}
          data={(units.data?.items ?? []).map(unitOption)}
          value={unit}
          onChange={setUnit}
          placeholder={t('common.all')}
          clearable
        />
      </SimpleGrid>
      {users.error && <ErrorAlert error={users.error} />}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover withTableBorder data-testid="users-table" style={{ whiteSpace: 'nowrap' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.username')}</Table.Th>
              <Table.Th>{t('users.displayName')}</Table.Th>
              <Table.Th>{t('users.role')}</Table.Th>
              <Table.Th>{t('users.unit')}</Table.Th>
              <Table.Th>{t('users.state')}</Table.Th>
              <Table.Th>{t('users.lastLogin')}</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => (
              <Table.Tr key={String(u.id)} data-testid={`user-row-${u.username}`}>
                <Table.Td>{u.username}</Table.Td>
                <Table.Td>{u.displayName}</Table.Td>
                <Table.Td>
                  <Badge color={ROLE_COLORS[u.role] ?? 'gray'} variant="light">
                    {t(`roles.${u.role}`, { defaultValue: u.role })}
                  </Badge>
                </Table.Td>
                <Table.Td>{u.unitName ?? u.unitCode ?? '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.disabled ? (
                      <Badge color="gray">{t('users.disabledBadge')}</Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        {t('users.activeBadge')}
                      </Badge>
                    )}
                    {u.mustChangePassword && (
                      <Badge color="yellow" variant="light">
                        {t('users.mustChangeBadge')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{formatDateTime(u.lastLoginAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <RowAction label={t('common.edit')} onClick={() => {
                          setEditing(u);
                          formModal.open();
                        }}>
<IconPencil size={16} />
</RowAction>
                    <RowAction label={t('users.resetPassword')} color="orange" onClick={() => setResetting(u)}>
<IconKey size={16} />
</RowAction>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={7} show={rows.length === 0 && !users.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <UserFormModal
        user={editing}
        opened={formOpened}
        onClose={formModal.close}
        onCreated={(username, password) => setTemp({ username, password })}
      />
      <ConfirmModal
        opened={resetting !== null}
        title={t('users.resetPassword')}
        message={t('users.confirmReset', { username: resetting?.username ?? '' })}
        confirmLabel={t('users.resetPassword')}
        color="orange"
        loading={reset.isPending}
        error={reset.error}
        onConfirm={() => resetting && reset.mutate(resetting)}
        onClose={closeReset}
      />
      <TemporaryPasswordModal value={temp?.password ?? null} username={temp?.username ?? ''} onClose={() => setTemp(null)} />
    </Stack>
  );
}

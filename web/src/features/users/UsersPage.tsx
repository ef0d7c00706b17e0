import { Button, Group, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesSearch } from '../../../../src/domain/text';
import { ROLES, type Role } from '../../../../src/domain/vocabulary';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useUnits } from '../units/api';
import { type User, useResetPassword, useUsers } from './api';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';
import { UserFormModal } from './UserFormModal';
import { UsersTable } from './UsersTable';

export function UsersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const users = useUsers({ role: role ?? undefined, unit: unit ?? undefined });
  const units = useUnits();
  const [formOpened, formModal] = useDisclosure(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [temp, setTemp] = useState<{ username: string; password: string } | null>(null);

  const reset = useResetPassword();
  const closeReset = () => {
    reset.reset();
    setResetting(null);
  };
  const openForm = (user: User | null) => {
    setEditing(user);
    formModal.open();
  };

  const rows = useMemo(
    () => (users.data?.items ?? []).filter((u) => matchesSearch(`${u.username} ${u.displayName} ${u.unitCode ?? ''} ${u.unitName ?? ''}`, search)),
    [users.data, search],
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('users.title')}</Title>
        {users.data?.can.create && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(null)} data-testid="user-create-button">
            {t('users.create')}
          </Button>
        )}
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
      <UsersTable users={rows} loading={users.isPending} onEdit={openForm} onResetPassword={setResetting} />

      <UserFormModal user={editing} opened={formOpened} onClose={formModal.close} onCreated={(username, password) => setTemp({ username, password })} />
      <ConfirmModal
        opened={resetting !== null}
        title={t('users.resetPassword')}
        message={t('users.confirmReset', { username: resetting?.username ?? '' })}
        confirmLabel={t('users.resetPassword')}
        color="orange"
        loading={reset.isPending}
        error={reset.error}
        onConfirm={() =>
          resetting &&
          reset.mutate(resetting, {
            onSuccess: (result, user) => {
              closeReset();
              setTemp({ username: user.username, password: result.temporaryPassword });
            },
          })
        }
        onClose={closeReset}
      />
      <TemporaryPasswordModal value={temp?.password ?? null} username={temp?.username ?? ''} onClose={() => setTemp(null)} />
    </Stack>
  );
}

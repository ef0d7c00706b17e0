import { Select, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, UNIT_BOUND_ROLES } from '../../../../src/domain/vocabulary';
import { FormModal } from '../../components/FormModal';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';
import { useUnits } from '../units/api';
import type { CreatedUser } from '@server/modules/users/schemas';
import { type User, useSaveUser } from './api';

/** Roles whose accounts belong to a unit (the server refuses the others with a unit: users/service.ts). */
const FIELDS = ['username', 'displayName', 'email', 'role', 'unitCode', 'disabled'] as const;

interface Props {
  /** The account to edit; null creates one. */
  user: User | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (username: string, temporaryPassword: string) => void;
}

export function UserFormModal({ user, opened, onClose, onCreated }: Props) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const units = useUnits({ status: 'active' });
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [disabled, setDisabled] = useState(false);
  const [lastUser, setLastUser] = useState<User | null | undefined>(undefined);
  if (opened && lastUser !== user) {
    setLastUser(user);
    setUsername(user?.username ?? '');
    setDisplayName(user?.displayName ?? '');
    setEmail(user?.email ?? '');
    setRole(user?.role ?? 'viewer');
    setUnitCode(user?.unitCode ?? null);
    setDisabled(user?.disabled ?? false);
  }
  const needsUnit = UNIT_BOUND_ROLES.includes(role);

  const save = useSaveUser();
  const close = () => {
    save.reset();
    setLastUser(undefined);
    onClose();
  };
  const onSaved = (created: CreatedUser | null) => {
    close();
    if (created) onCreated(created.user.username, created.temporaryPassword);
    else notifications.show({ color: 'green', message: t('users.saved') });
  };
  const submit = () => {
    const unit = needsUnit ? unitCode : null;
    // An empty address is none: no reminder e-mail (docs/reminders.md).
    const address = email.trim() || null;
    const input = user
      ? { id: user.id, patch: { displayName: displayName.trim(), email: address, role, unitCode: unit, disabled } }
      : {
          create: {
            username: username.trim(),
            displayName: displayName.trim(),
            role,
            ...(unit ? { unitCode: unit } : {}),
            ...(address ? { email: address } : {}),
          },
        };
    save.mutate(input, { onSuccess: onSaved });
  };
  const errors = fieldErrorsOf(save.error);

  return (
    <FormModal
      opened={opened}
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      onClose={close}
      onSubmit={submit}
      submitLabel={user ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={FIELDS}
      testId="user-form"
    >
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
      <TextInput
        label={t('reminders.email.label')}
        description={t('reminders.email.description')}
        placeholder={t('reminders.email.placeholder')}
        inputMode="email"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={errors.email}
        autoComplete="off"
        data-testid="user-form-email"
      />
      <Select
        label={t('users.role')}
        data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        value={role}
        onChange={(v) => v && setRole(v as Role)}
        error={errors.role}
        allowDeselect={false}
        disabled={user ? !user.can.changeRole : false}
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
          disabled={!user.can.disable}
          data-testid="user-form-disabled"
        />
      )}
    </FormModal>
  );
}

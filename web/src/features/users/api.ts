import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedUser, NewUserBody, UserList, UserPatchBody, UserWithCan } from '@server/modules/users/schemas';
import type { Role } from '../../../../src/domain/vocabulary';
import { api } from '../../api/client';

export type { UserWithCan as User };

export interface UserListParams {
  role?: Role;
  unit?: string;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', params] as const,
};

/** The accounts, each with what the caller may do with it, and what the caller may do with accounts at all. */
export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: () => api.get<UserList>('/users', { ...params }),
    placeholderData: keepPreviousData,
  });
}

const userPath = (id: number) => `/users/${encodeURIComponent(String(id))}`;

/** Creates an account (answering its temporary password) or changes one (answering null). */
export function useSaveUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { id: number; patch: UserPatchBody } | { create: NewUserBody }) => {
      if ('create' in input) return api.post<CreatedUser>('/users', input.create);
      await api.patch<UserWithCan>(userPath(input.id), input.patch);
      return null;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (user: UserWithCan) => api.post<{ temporaryPassword: string }>(`${userPath(user.id)}/reset-password`),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, LoginBody, SessionResponse, SessionUser } from '@server/modules/auth/schemas';
import { ApiError, api, setCsrfToken } from '../../api/client';

export const SESSION_KEY = ['auth', 'me'] as const;

async function fetchSession(): Promise<SessionUser | null> {
  try {
    const res = await api.get<SessionResponse>('/auth/me', undefined, { skipAuthHandlers: true });
    setCsrfToken(res.csrfToken, res.user.id);
    return res.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in user (null when signed out); undefined while the first check runs. */
export function useSession() {
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: 5 * 60_000,
    retry: false,
  });
  return { user: query.data, isLoading: query.isPending, error: query.error };
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginBody) => api.post<SessionResponse>('/auth/login', input, { skipAuthHandlers: true }),
    onSuccess: (res) => {
      setCsrfToken(res.csrfToken, res.user.id);
      // Data from the previous account must not leak into this one.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, res.user);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordBody) => api.post<SessionResponse>('/auth/change-password', input, { skipAuthHandlers: true }),
    onSuccess: (res) => {
      setCsrfToken(res.csrfToken, res.user.id);
      qc.setQueryData(SESSION_KEY, res.user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout', undefined, { skipAuthHandlers: true }),
    // Even if the server call fails (session already gone), the client forgets the session.
    onSettled: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}

export type { SessionUser };

/** Whether the signed-in user is the organizer (menus; pages act on the `can` of their data). */
export function isAdmin(user: SessionUser | null | undefined): boolean {
  return user?.role === 'admin';
}

// Server state through TanStack Query: one cache, keyed by API path and query, so a page that
// mutates invalidates the lists that show what it changed (by path prefix).
import {
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  keepPreviousData,
  type UseQueryResult,
} from '@tanstack/react-query'
import { ApiError, api, apiPage, type Page, type Query } from './api.ts'

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not fix itself: only network trouble and 5xx are retried (once).
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
      staleTime: 10_000,
      refetchOnWindowFocus: false,
    },
  },
})

/** GET /api/<path>: the cache key is the path plus the query, so filters each get their own entry. */
export function useApi<T>(path: string | null, query: Query = {}, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [path, query],
    queryFn: () => api<T>('GET', path!, { query }),
    enabled: path !== null,
    refetchInterval: options.refetchInterval,
  }) as UseQueryResult<T, Error>
}

/** A paged list; the previous page stays on screen while the next one loads. */
export function usePage<T>(path: string, query: Query, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [path, query],
    queryFn: () => apiPage<T>(path, query),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  }) as UseQueryResult<Page<T>, Error>
}

/**
 * A write: `invalidates` lists the path prefixes whose cached answers it makes stale. The
 * mutation's error stays on it (shown by the form) until the next try.
 */
export function useApiMutation<TInput, TResult = unknown>(
  request: (input: TInput) => Promise<TResult>,
  options: { invalidates?: string[]; onSuccess?: (result: TResult, input: TInput) => void } = {},
) {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: request,
    onSuccess: async (result, input) => {
      options.onSuccess?.(result, input)
      await invalidate(...(options.invalidates ?? []))
    },
  })
}

/** Marks every cached answer under these path prefixes stale (the visible ones refetch). */
export function useInvalidate() {
  const client = useQueryClient()
  return (...prefixes: string[]) =>
    Promise.all(
      prefixes.map((prefix) =>
        client.invalidateQueries({
          predicate: (q) => typeof q.queryKey[0] === 'string' && (q.queryKey[0] as string).startsWith(prefix),
        }),
      ),
    )
}

/**
 * A one-off write from a button (revoke, archive, …): pending and error state for the page, and the
 * lists under `invalidates` refetched after it succeeds. `run` resolves to undefined on failure.
 */
export function useAction(invalidates: string[] = []) {
  const invalidate = useInvalidate()
  const mutation = useMutation({
    mutationFn: async (request: () => Promise<unknown>) => {
      const result = await request()
      await invalidate(...invalidates)
      return result
    },
  })
  return {
    pending: mutation.isPending,
    error: mutation.error,
    run: <T>(request: () => Promise<T>) =>
      mutation.mutateAsync(request).then(
        (r) => r as T,
        () => undefined,
      ),
    reset: mutation.reset,
  }
}

import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

/** One cache for the console: answers stay fresh for a second; 4xx answers are not retried (asking again won't help). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 1000,
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

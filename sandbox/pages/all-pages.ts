import type { PageHandler } from '../http/page-handler';

/** Browser pages, tried in order. */
export const pageHandlers: PageHandler[] = [];

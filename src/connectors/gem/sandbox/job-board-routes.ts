import { Router } from 'express';
import type { GemStore } from './sandbox-store.js';

/**
 * Gem's public Job Board API (`/job_board/v0/{board}/job_posts/`): no auth, no paging, the live
 * posts with their public URLs. Any board name answers; the URLs carry it.
 */
export function jobBoardRoutes(store: GemStore): Router {
  const router = Router();
  router.get('/:board/job_posts', (req, res) => {
    const posts = store.jobPosts.items.filter((p) => p.live && p.active && !p.deleted_at);
    res.json(
      posts.map((p) => ({
        id: p.id,
        title: p.title,
        job_id: p.job_id,
        first_published_at: p.first_published_at,
        absolute_url: `https://jobs.gem.com/${encodeURIComponent(req.params.board)}/${p.id}`,
      })),
    );
  });
  return router;
}

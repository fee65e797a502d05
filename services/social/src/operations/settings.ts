import { social } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import type { SocialDeps } from './deps.js';

export function settingsHandlers(deps: SocialDeps) {
  const { graph } = deps;

  return {
    [social.getSettings.name]: async (_input, ctx) => ({ shareActivity: await graph.sharesActivity(ctx.user!.id) }),
    [social.updateSettings.name]: async (input, ctx) => ({ shareActivity: await graph.setShareActivity(ctx.user!.id, input.shareActivity) }),
  } satisfies HandlersOf<'social'>;
}

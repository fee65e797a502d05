import { social } from '@platform/contracts';
import type { SocialDeps } from './deps.js';

export function registerSettingsOperations(deps: SocialDeps): void {
  const { service, graph } = deps;

  service.handle(social.getSettings, async (_input, ctx) => ({ shareActivity: await graph.sharesActivity(ctx.user!.id) }));

  service.handle(social.updateSettings, async (input, ctx) => ({ shareActivity: await graph.setShareActivity(ctx.user!.id, input.shareActivity) }));
}

import type { Logger } from '@platform/service-kit';
import type { BookingsConfig } from '../config.js';
import { LogNotifier } from './log-notifier.js';
import type { Notifier } from './notifier.js';
import { SmtpNotifier } from './smtp-notifier.js';

/** Email through SMTP when SMTP_URL is set, a log line otherwise. */
export function createNotifier(config: BookingsConfig, logger: Logger): Notifier {
  if (config.SMTP_URL) {
    logger.info({ from: config.MAIL_FROM }, 'notifications: email via SMTP');
    return SmtpNotifier.fromUrl(config.SMTP_URL, config.MAIL_FROM);
  }
  return new LogNotifier(logger);
}

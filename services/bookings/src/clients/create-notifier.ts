import type { Logger } from '@platform/service-kit';
import type { BookingsConfig } from '../config.js';
import { LogNotifier } from './log-notifier.js';
import type { Notifier } from './notifier.js';

/**
 * Email through SMTP when SMTP_URL is set, a log line otherwise. The SMTP
 * notifier (and nodemailer with it) is imported only when it is configured,
 * so a service that only logs does not keep the mailer in memory.
 */
export async function createNotifier(config: BookingsConfig, logger: Logger): Promise<Notifier> {
  if (config.SMTP_URL) {
    const { SmtpNotifier } = await import('./smtp-notifier.js');
    logger.info({ from: config.MAIL_FROM }, 'notifications: email via SMTP');
    return SmtpNotifier.fromUrl(config.SMTP_URL, config.MAIL_FROM);
  }
  return new LogNotifier(logger);
}

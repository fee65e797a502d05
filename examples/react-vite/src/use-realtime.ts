import type { ChatMessage, RealtimeConnection } from '@platform/client';
import { useEffect, useState } from 'react';
import { api } from './api';
import { messageFr } from './messages-fr';

/**
 * The signed-in fan's live messages: opens the SDK's realtime connection
 * while `signedIn`, closes it on sign-out or unmount. The SDK reconnects and
 * resumes by itself; a refused connection (401, 429, no WebSocket) shows as
 * French text in `error`.
 */
export function useRealtime(signedIn: boolean) {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [status, setStatus] = useState<'off' | 'connecting' | 'live' | 'error'>('off');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!signedIn) return;
    let connection: RealtimeConnection | undefined;
    let cancelled = false;
    setStatus('connecting');
    api
      .connectRealtime({
        onMessage: (message) => setMessages((previous) => [...previous, message]),
        onReady: () => setStatus('live'),
        onClose: ({ reconnecting }) => setStatus(reconnecting ? 'connecting' : 'off'),
      })
      .then((opened) => {
        if (cancelled) opened.close();
        else connection = opened;
      })
      .catch((failure: unknown) => {
        if (cancelled) return;
        setStatus('error');
        setError(messageFr(failure));
      });
    return () => {
      cancelled = true;
      connection?.close();
    };
  }, [signedIn]);

  return { messages, status, error };
}

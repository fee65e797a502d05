import { ApiError, type ChatMessage, type RealtimeConnection } from '@platform/client';
import { useEffect, useState } from 'react';
import { api } from './api';
import { messageFr } from './messages-fr';

/**
 * The signed-in fan's live messages: opens the SDK's realtime connection
 * while `signedIn`, closes it on sign-out or unmount. The SDK reconnects and
 * resumes by itself once connected. A first connection that fails for a
 * reason that may pass (a busy server: timeout, 429, 503) is tried again after
 * Retry-After or 3 s, its French text in `error` meanwhile; a refused sign-in
 * (401/403) or a browser without WebSocket stops at `error`.
 */
const RETRY_MS = 3_000;

const isWorthRetrying = (failure: unknown) =>
  !(failure instanceof ApiError) || !(failure.status === 401 || failure.status === 403 || failure.code === 'WEBSOCKET_UNAVAILABLE');

export function useRealtime(signedIn: boolean) {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [status, setStatus] = useState<'off' | 'connecting' | 'live' | 'error'>('off');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!signedIn) return;
    let connection: RealtimeConnection | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const open = () => {
      setStatus('connecting');
      api
        // A connection this effect has let go of (sign-out, unmount, a re-render that reconnects)
        // still reports its close: it must not overwrite the state of the one that replaced it.
        .connectRealtime({
          onMessage: (message) => {
            if (!cancelled) setMessages((previous) => [...previous, message]);
          },
          onReady: () => {
            if (cancelled) return;
            setStatus('live');
            setError(undefined);
          },
          onClose: ({ reconnecting }) => {
            if (!cancelled) setStatus(reconnecting ? 'connecting' : 'off');
          },
        })
        .then((opened) => {
          if (cancelled) opened.close();
          else connection = opened;
        })
        .catch((failure: unknown) => {
          if (cancelled) return;
          setError(messageFr(failure));
          // A refused sign-in or a browser without WebSocket will not get better by trying again;
          // a busy or unreachable server (timeout, 429, 503, network) may: try again as it asks.
          if (!isWorthRetrying(failure)) return setStatus('error');
          const waitMs = failure instanceof ApiError && failure.retryAfter ? failure.retryAfter * 1000 : RETRY_MS;
          retry = setTimeout(open, waitMs);
        });
    };
    open();
    return () => {
      cancelled = true;
      clearTimeout(retry);
      connection?.close();
    };
  }, [signedIn]);

  return { messages, status, error };
}

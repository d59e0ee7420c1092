import { protocol, type CustomScheme } from 'electron';
import { MEDIA_SCHEME } from '../../shared/values';
import type { MediaStore } from '../services/media/media-store';
import { answerMediaProtocolRequest } from './media-request';

/**
 * echoes-media://media/<id>. `stream` lets <video> read it progressively and seek; Range is parsed by
 * the shared core, since net.fetch of a file:// URL ignores Range and breaks seeking.
 */
export const mediaScheme: CustomScheme = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function handleMediaProtocol(store: MediaStore): void {
  protocol.handle(MEDIA_SCHEME, (request) => answerMediaProtocolRequest(store, request));
}

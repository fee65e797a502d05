import { byId, onSubmit } from '../dom.js';

/**
 * Upload of a real file chosen in <input type=file>: the SDK asks the storage
 * service for a presigned URL, PUTs the bytes straight to the bucket and
 * confirms. An image is then previewed through its download URL.
 */
export function mountStorage({ client, run }) {
  const result = byId('upload-result');
  const preview = byId('upload-preview');

  onSubmit(byId('upload-form'), async ({ visibility }) => {
    const file = byId('upload-file').files?.[0];
    if (!file) return;
    preview.hidden = true;
    const contentType = file.type || 'application/octet-stream';
    const stored = await run('uploadFile(file, {name, contentType, visibility})', () => client.uploadFile(file, { name: file.name, contentType, visibility }));
    if (!stored?.object_id) return;
    result.textContent = `Fichier enregistré : ${stored.key} (${stored.size} octets, ${stored.status})`;
    result.dataset.objectId = stored.object_id;
    result.dataset.key = stored.key;
    result.hidden = false;
    if (!contentType.startsWith('image/')) return;
    const download = await run('getDownloadUrl(objectId)', () => client.getDownloadUrl(stored.object_id));
    if (download?.url) {
      preview.src = download.url;
      preview.hidden = false;
    }
  });
}

// Prints a new API key for TEMPLATE_MASTER_API_KEY (Template) and
// TEMPLATE_API_KEY (Dashboard): the equivalent of the seed's
// `python3 -c "import secrets; print(secrets.token_urlsafe(32))"`.
import { newApiKey } from './domain/api-key.js';

console.log(newApiKey());

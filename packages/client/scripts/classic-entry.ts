// The classic-script build (dist/client.js, served at /sdk/client.js): the seed's
// pages load `api/client.js` with a <script> tag and use a global
// PaieCashFanAPIClient. ApiError rides along as PaieCashFanAPIClient.ApiError.
import { ApiError, PaieCashFanAPIClient } from '../src/index.js';

Object.assign(PaieCashFanAPIClient, { ApiError });
(globalThis as { PaieCashFanAPIClient?: typeof PaieCashFanAPIClient }).PaieCashFanAPIClient = PaieCashFanAPIClient;

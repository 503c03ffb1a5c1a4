// The real wx-server-sdk pointed at the local cloud endpoint, for one test file:
// started before its tests, stopped after.
import * as cloud from 'wx-server-sdk';
import type { CloudDatabase } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { type CloudEndpoint, pointSdkAt, startCloudEndpoint } from '../cloud-endpoint';

export interface LocalCloud {
  endpoint: CloudEndpoint;
  db: CloudDatabase;
}

/** Registers beforeAll/afterAll; the returned object is filled in once the endpoint is up. */
export function useLocalCloud(): LocalCloud {
  const local = {} as LocalCloud;
  let restoreEnv: () => void;
  beforeAll(async () => {
    local.endpoint = await startCloudEndpoint();
    restoreEnv = pointSdkAt(local.endpoint.url);
    // Deployed functions run without keep-alive (the SDK turns it off inside SCF); with it,
    // the SDK's timeout bookkeeping piles listeners onto reused sockets and Node warns.
    cloud.init({ env: 'huozhun-local', keepalive: false } as Parameters<typeof cloud.init>[0]);
    local.db = cloud.database() as unknown as CloudDatabase;
  });
  afterAll(async () => {
    await local.endpoint.close();
    restoreEnv();
  });
  return local;
}

// npm run deploy:config — write cloudbaserc.json from cloudfunctions/functions.ts.
import { writeFileSync } from 'node:fs';
import { CLOUDBASERC_PATH, renderCloudbaserc } from '../cloudfunctions/cloudbaserc';

writeFileSync(CLOUDBASERC_PATH, renderCloudbaserc());
console.log(`已写入 ${CLOUDBASERC_PATH}`);

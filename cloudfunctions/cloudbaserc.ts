// cloudbaserc.json, the deploy configuration the CloudBase CLI reads (`tcb fn deploy`),
// generated from functions.ts so the two never disagree: run `npm run deploy:config`
// after changing a function; `npm run deploy:check` and a test refuse a stale file.
// Values only the deploying machine knows are CLI template variables ({{env.X}}), which
// the deploy script fills in from its own environment (never committed).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLOUD_RUNTIME, DEPLOYED_FUNCTIONS } from './functions';

export const CLOUDBASERC_PATH = resolve(__dirname, '..', 'cloudbaserc.json');

/** Where the CLI finds each function's folder, relative to the repo root. */
export const FUNCTION_ROOT = './cloudfunctions/dist';

export function cloudbaseConfig(): Record<string, unknown> {
  return {
    version: '2.0',
    envId: '{{env.HUOZHUN_CLOUD_ENV}}',
    functionRoot: FUNCTION_ROOT,
    functions: DEPLOYED_FUNCTIONS.map((fn) => ({
      name: fn.name,
      runtime: CLOUD_RUNTIME,
      handler: 'index.main',
      timeout: fn.timeoutSeconds,
      memorySize: fn.memorySize,
      // The bundle carries everything but wx-server-sdk, which the cloud installs from package.json.
      installDependency: true,
      ignore: ['node_modules', 'node_modules/**/*'],
      ...(fn.envFromDeploy ? { envVariables: Object.fromEntries(fn.envFromDeploy.map((v) => [v, `{{env.${v}}}`])) } : {}),
      ...(fn.config.triggers ? { triggers: fn.config.triggers } : {}),
    })),
  };
}

export const renderCloudbaserc = (): string => `${JSON.stringify(cloudbaseConfig(), null, 2)}\n`;

/** The committed file, or null when there is none. */
export function committedCloudbaserc(path = CLOUDBASERC_PATH): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The configuration with its template variables filled in from `env`; a variable not
 * set becomes '' (for the bootstrap code: no code, so the bootstrap stays off).
 */
export function resolvedCloudbaserc(env: NodeJS.ProcessEnv): string {
  return renderCloudbaserc().replace(/\{\{env\.([A-Z0-9_]+)\}\}/g, (_, name: string) => JSON.stringify(env[name] ?? '').slice(1, -1));
}

// The wire types the app and the functions share stay a contract: the app compiles
// against them alone, so they may lean on the pure domain and nothing with I/O.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CONTRACT = join(__dirname, '../../cloudfunctions/src/contract/api.ts');

describe('the contract module', () => {
  it('imports only from the domain, and only types', () => {
    const imports = [...readFileSync(CONTRACT, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*from\s+'([^']+)'/gm)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [line, typeOnly, from] of imports) {
      expect({ line, from: from!.startsWith('../domain/'), typeOnly: typeOnly !== undefined }).toEqual({ line, from: true, typeOnly: true });
    }
  });

  it('is what the app imports its wire types from', () => {
    const appTypes = readFileSync(join(__dirname, '../../miniprogram/src/services/types.ts'), 'utf8');
    expect(appTypes).toContain("from '../../../cloudfunctions/src/contract/api'");
    expect(appTypes).not.toMatch(/cloudfunctions\/src\/(handlers|storage)\//);
  });
});

// Signing examples for the supplier's developer, exactly as the docs page shows them and
// the tests run them: each pushes one snapshot line, reading HZ_BASE (the server),
// HZ_KEY, HZ_SECRET and HZ_CODE (a product code) from the environment.

export const CURL_EXAMPLE = `#!/usr/bin/env bash
# 需要 curl 和 openssl。用法：HZ_BASE=https://你的域名 HZ_KEY=密钥ID HZ_SECRET=密钥 HZ_CODE=商品编码 bash push.sh
set -euo pipefail
TS=$(date +%s)
NONCE=$(openssl rand -hex 16)
BODY="{\\"requestId\\":\\"curl-$TS-$NONCE\\",\\"mode\\":\\"snapshot\\",\\"items\\":[{\\"code\\":\\"$HZ_CODE\\",\\"quantity\\":120}]}"
SIG=$(printf '%s\\n%s\\n%s' "$TS" "$NONCE" "$BODY" | openssl dgst -sha256 -hmac "$HZ_SECRET" -hex | sed 's/^.*= *//')
curl -sS -X POST "$HZ_BASE/api/open/v1/stock" \\
  -H 'content-type: application/json' \\
  -H "X-HZ-Key: $HZ_KEY" -H "X-HZ-Timestamp: $TS" -H "X-HZ-Nonce: $NONCE" -H "X-HZ-Signature: $SIG" \\
  --data-binary "$BODY"
`;

export const NODE_EXAMPLE = `// Node 18 及以上。用法：HZ_BASE=… HZ_KEY=… HZ_SECRET=… HZ_CODE=… node push.mjs
import { createHmac, randomBytes } from 'node:crypto';

const { HZ_BASE, HZ_KEY, HZ_SECRET, HZ_CODE } = process.env;
const timestamp = String(Math.floor(Date.now() / 1000));
const nonce = randomBytes(16).toString('hex');
const body = JSON.stringify({ requestId: \`node-\${timestamp}-\${nonce}\`, mode: 'snapshot', items: [{ code: HZ_CODE, quantity: 120 }] });
const signature = createHmac('sha256', HZ_SECRET).update(\`\${timestamp}\\n\${nonce}\\n\${body}\`).digest('hex');
const res = await fetch(\`\${HZ_BASE}/api/open/v1/stock\`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'X-HZ-Key': HZ_KEY, 'X-HZ-Timestamp': timestamp, 'X-HZ-Nonce': nonce, 'X-HZ-Signature': signature },
  body,
});
console.log(await res.text());
`;

export const PYTHON_EXAMPLE = `# Python 3，只用标准库。用法：HZ_BASE=… HZ_KEY=… HZ_SECRET=… HZ_CODE=… python3 push.py
import hashlib, hmac, json, os, secrets, time, urllib.request

base, key, secret, code = (os.environ[k] for k in ("HZ_BASE", "HZ_KEY", "HZ_SECRET", "HZ_CODE"))
timestamp = str(int(time.time()))
nonce = secrets.token_hex(16)
body = json.dumps({"requestId": f"py-{timestamp}-{nonce}", "mode": "snapshot", "items": [{"code": code, "quantity": 120}]}).encode()
signature = hmac.new(secret.encode(), f"{timestamp}\\n{nonce}\\n".encode() + body, hashlib.sha256).hexdigest()
request = urllib.request.Request(f"{base}/api/open/v1/stock", data=body, method="POST", headers={
    "content-type": "application/json", "X-HZ-Key": key, "X-HZ-Timestamp": timestamp, "X-HZ-Nonce": nonce, "X-HZ-Signature": signature,
})
try:
    with urllib.request.urlopen(request) as response:
        print(response.read().decode())
except urllib.error.HTTPError as refused:
    print(refused.read().decode())
`;

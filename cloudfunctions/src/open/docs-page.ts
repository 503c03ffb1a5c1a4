// The partner API's page for the supplier's developer (Chinese): how to sign, what each
// endpoint takes and answers, the refusals, and the examples the tests run.
import { CURL_EXAMPLE, NODE_EXAMPLE, PYTHON_EXAMPLE } from './examples';
import { MAX_PUSH_ITEMS } from './schemas';
import { SIGNATURE_WINDOW_S } from './signature';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (text: string): string => `<pre><code>${escape(text)}</code></pre>`;

export function docsPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>货准 供应商接口说明</title>
<style>body{font:15px/1.7 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f5f5f5;padding:1em;overflow-x:auto;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}</style>
</head><body>
<h1>货准 供应商接口（v1）</h1>
<p>供应商的 ERP、WMS 或自建系统用这个接口把库存推给平台、读取截单后的订单、确认可发数量并标记发货。机器可读的说明见 <a href="openapi.json">openapi.json</a>（OpenAPI 3.1）。</p>

<h2>1. 密钥与签名</h2>
<p>运营在“供应商”页为你创建密钥：<b>密钥 ID</b>（如 <code>hzk_3f9a…</code>）和<b>密钥</b>（只显示一次，请妥善保存）。更换密钥时可同时有两把有效，换好后请运营停用旧的。每把密钥只能操作本供应商的商品和订单。</p>
<p>每个请求带四个请求头：</p>
<table><tr><th>请求头</th><th>内容</th></tr>
<tr><td>X-HZ-Key</td><td>密钥 ID</td></tr>
<tr><td>X-HZ-Timestamp</td><td>Unix 时间（秒），与平台时间相差不能超过 ${SIGNATURE_WINDOW_S} 秒</td></tr>
<tr><td>X-HZ-Nonce</td><td>16–64 位随机串（字母、数字、- 或 _），每个请求都不同</td></tr>
<tr><td>X-HZ-Signature</td><td>HMAC-SHA256(密钥, timestamp + "\\n" + nonce + "\\n" + 原始请求体) 的小写十六进制；GET 请求的请求体为空串</td></tr></table>
<p>签名按<b>原样发送的字节</b>计算：先生成请求体字符串，签名后原样发送，不要再次序列化。</p>
<p>签名未通过时返回 HTTP 401，<code>error.code</code> 说明原因：</p>
<table><tr><th>code</th><th>原因</th></tr>
<tr><td>UNAUTHENTICATED</td><td>缺少请求头，或 nonce 格式不对</td></tr>
<tr><td>KEY_UNKNOWN</td><td>没有这个密钥，或已停用</td></tr>
<tr><td>SIGNATURE_INVALID</td><td>签名不对（密钥错，或请求体在签名后被改动）</td></tr>
<tr><td>TIMESTAMP_OUT_OF_WINDOW</td><td>时间戳相差超过 ${SIGNATURE_WINDOW_S} 秒：请校准服务器时钟</td></tr>
<tr><td>NONCE_REUSED</td><td>nonce 用过了：每个请求要用新的随机值</td></tr></table>

<h2>2. 推送库存 POST /api/open/v1/stock</h2>
${code(`{
  "requestId": "erp-20261204-0001",
  "countedAt": 1796371200,
  "mode": "snapshot",
  "items": [{ "code": "HZ1001", "quantity": 120 }, { "code": "ZJ-0042", "quantity": 36 }]
}`)}
<ul>
<li><b>code</b>：平台统一商品编码，或你在平台登记的自有货号。</li>
<li><b>snapshot</b>：quantity 是盘点数（实物数或可用数，按运营为你设置的口径）。未变化的商品也请定期整批推送一次：平台把“最后一次确认”当作库存的时间，长时间没有推送的商品会被加宽安全库存并提醒运营检查接口。</li>
<li><b>delta</b>：每项写 op：<code>set</code> 设为该数、<code>add</code> 入库增加、<code>sub</code> 出库扣减。对平台还没有库存数的商品不能 add/sub；扣减后为负会被拒绝（请改用 set 报实数）。</li>
<li>一次最多 ${MAX_PUSH_ITEMS} 项。整批生效或整批拒绝：有错时返回 422，<code>error.issues</code> 逐项给出位置（如 <code>items[3].code</code>）和原因，什么都没有改变。</li>
<li><b>requestId</b> 是幂等键：超时或断线后用同一个 requestId 原样重发是安全的，返回第一次的结果（<code>replayed: true</code>）；同一个 requestId 配不同内容会返回 409 IDEMPOTENCY_KEY_REUSED。</li>
<li>与上次相差很大的商品（默认 3 倍以上或三分之一以下，且相差至少 20 件）不会直接生效，列在 <code>held</code> 里等运营确认，其余商品照常生效。运营可以为信得过的系统关闭这项检查。</li>
</ul>

<h2>3. 读取订单 GET /api/open/v1/orders</h2>
<p>参数：<code>status</code>（forwarded 已截单待确认，默认；confirmed 已确认待发货；shipped 已发货）、<code>since</code>（Unix 秒，只要此后截单的波次）、<code>limit</code>（1–500，默认 100）、<code>cursor</code>（上一页的 nextCursor）。每行给出波次、行号、平台编码和你的货号、数量、团长的自提点、电话、地址和接龙顾客。</p>

<h2>4. 确认可发数量 POST /api/open/v1/waves/{waveId}/confirm</h2>
${code(`{ "lines": [{ "lineId": "ln_…", "shippable": 2 }, { "lineId": "ln_…", "shippable": 0 }] }`)}
<p>波次的每一行都要给出可发数量（不超过订购数）。与小程序里的“确认可发数量”相同：缺货的行会生成团长的售后任务。重复确认返回第一次的结果。确认后可以 <b>POST /api/open/v1/waves/{waveId}/ship</b> 标记发货。</p>

<h2>5. 示例</h2>
<p>以下示例推送一个商品的盘点数。设置环境变量 HZ_BASE（平台地址）、HZ_KEY、HZ_SECRET、HZ_CODE 后运行。</p>
<h3>curl + openssl</h3>${code(CURL_EXAMPLE)}
<h3>Node.js</h3>${code(NODE_EXAMPLE)}
<h3>Python</h3>${code(PYTHON_EXAMPLE)}
</body></html>`;
}

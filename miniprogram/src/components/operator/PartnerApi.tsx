// The operator's side of the partner API on a supplier's page (DESIGN §4, level `api`):
// its keys, and how its pulls have gone.
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { now } from '../../services/clock';
import { formatTime } from '../../services/format';
import type { PullHealth } from '../../services/types';
import type { PartnerKeysStore } from '../../stores/operator/partner-keys';
import { LoadingLine } from '../Loading';
import { Notice } from '../Notice';
import { Button, Tag } from '../nutui';

/** Failures in a row after which the supplier's counts read as estimated (the server's PULL_FAILURES_ALERT). */
export const PULL_FAILURES_SHOWN = 3;

/** The secret of a key just made: shown this once, with its copy button. */
const NewSecret = observer(function NewSecret({ keys }: { keys: PartnerKeysStore }) {
  const made = keys.created!;
  return (
    <View className="hz-card hz-invite hz-new-key">
      <Text className="hz-invite-title">新密钥已创建</Text>
      <Text className="hz-muted">密钥 ID {made.id}</Text>
      <Text className="hz-invite-code hz-invite-code--small hz-key-secret" userSelect>
        {made.secret}
      </Text>
      <Text className="hz-op-alert hz-key-once">只显示一次，请立即复制，交给对方技术人员配置到系统里</Text>
      <View className="hz-inline-actions">
        <Button type="primary" className="hz-copy-secret" onClick={() => void keys.copySecret()}>
          复制密钥
        </Button>
        <Button onClick={() => keys.hideSecret()}>我已保存</Button>
      </View>
      {keys.copied === 'yes' && <Text className="hz-invite-copied">已复制</Text>}
      {keys.copied === 'failed' && <Text className="hz-field-error">复制失败，请长按密钥复制</Text>}
    </View>
  );
});

/** 接口密钥: each key with when it was made and whether it still signs; 新建密钥 and 停用. */
export const PartnerKeysSection = observer(function PartnerKeysSection({ keys }: { keys: PartnerKeysStore }) {
  const at = now();
  return (
    <View className="hz-form-section hz-partner-keys">
      <Text className="hz-section-title">接口密钥</Text>
      <Text className="hz-form-section-note">对方系统用密钥 ID 和密钥给每个请求签名；最多 2 把同时有效，换密钥时先新建，对方切换后再停用旧的</Text>
      <Notice notice={keys.notice} onClose={() => keys.dismiss()} />
      {keys.created && <NewSecret keys={keys} />}
      <View className="hz-card hz-form-card">
        {keys.status === 'idle' || keys.status === 'loading' ? (
          <LoadingLine text="正在加载密钥…" />
        ) : keys.status === 'error' ? (
          <Text className="hz-field-error">密钥加载失败：{keys.error}</Text>
        ) : keys.keys.length === 0 ? (
          <Text className="hz-muted hz-keys-empty">还没有密钥，新建后把密钥 ID 和密钥交给对方技术人员</Text>
        ) : (
          keys.sorted.map((k) => (
            <View key={k.id} className={`hz-field hz-partner-key${k.revokedAt !== undefined ? ' hz-partner-key--revoked' : ''}`}>
              <View className="hz-row-between">
                <Text className="hz-partner-key-id" userSelect>
                  {k.id}
                </Text>
                <Tag type={k.revokedAt === undefined ? 'success' : 'default'} plain={k.revokedAt !== undefined}>
                  {k.revokedAt === undefined ? '有效' : '已停用'}
                </Tag>
              </View>
              <Text className="hz-muted">
                创建于 {formatTime(k.createdAt, at)}
                {k.revokedAt !== undefined ? ` · 停用于 ${formatTime(k.revokedAt, at)}` : ''}
              </Text>
              {k.revokedAt === undefined && keys.asking !== k.id && (
                <Button size="small" type="danger" fill="outline" className="hz-key-revoke" onClick={() => keys.ask(k.id)}>
                  停用
                </Button>
              )}
              {keys.asking === k.id && (
                <View className="hz-card hz-access-ask">
                  <Text>停用后，对方系统用这把密钥签名的请求会立即被拒绝，停用不能撤销。</Text>
                  <View className="hz-inline-actions">
                    <Button size="small" onClick={() => keys.ask(null)}>
                      取消
                    </Button>
                    <Button size="small" type="danger" className="hz-key-revoke-confirm" loading={keys.busy} onClick={() => void keys.revoke()}>
                      确认停用
                    </Button>
                  </View>
                </View>
              )}
            </View>
          ))
        )}
      </View>
      {keys.refusal && <Text className="hz-field-error hz-keys-refusal">{keys.refusal}</Text>}
      {keys.status === 'ready' && (
        <Button type="primary" fill="outline" className="hz-key-create" loading={keys.busy && !keys.asking} disabled={keys.busy} onClick={() => void keys.create()}>
          新建密钥
        </Button>
      )}
    </View>
  );
});

/** 上次成功, 延迟, 最近错误 of the supplier's pulls, and when its counts read as estimated. */
export function PullHealthLine({ health }: { health: PullHealth | undefined }) {
  const at = now();
  if (!health || health.lastAttemptAt === undefined) {
    return (
      <View className="hz-pull-health">
        <Text className="hz-muted">还没有拉取过：保存后按商品的同步优先级定时拉取</Text>
      </View>
    );
  }
  const failing = health.failuresInRow >= PULL_FAILURES_SHOWN;
  return (
    <View className={`hz-pull-health${failing ? ' hz-pull-health--failing' : ''}`}>
      <Text className="hz-op-line">
        上次成功 {health.lastSuccessAt !== undefined ? formatTime(health.lastSuccessAt, at) : '无'}
        {health.lastLatencyMs !== undefined ? ` · 延迟 ${health.lastLatencyMs} ms` : ''}
      </Text>
      {health.lastError && (
        <Text className={failing ? 'hz-op-alert' : 'hz-op-line'}>
          最近错误（{formatTime(health.lastError.at, at)}）：{health.lastError.message}
        </Text>
      )}
      {failing && <Text className="hz-op-alert hz-pull-failing">连续失败 {health.failuresInRow} 次，数量按估算显示</Text>}
    </View>
  );
}

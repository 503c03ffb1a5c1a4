import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Input, Tag } from '../../components/nutui';
import { LoadError } from '../../components/LoadError';
import { LoadingLine } from '../../components/Loading';
import { nav } from '../../services/nav';
import type { DemoIdentity } from '../../services/types';
import { useStores } from '../../stores';
import './index.scss';

const ROLE_TAG = { supplier: 'success', leader: 'primary', operator: 'default' } as const;

const LoginPage = observer(function LoginPage() {
  const { session } = useStores();

  useEffect(() => {
    void session.load().then(() => {
      if (session.user && session.autoEnter) nav.relaunch(session.homePath);
    });
  }, [session]);

  const enter = () => nav.relaunch(session.homePath);
  const typedSignIn = session.signingIn !== null && !session.demoIdentities.some((p) => p.inviteCode === session.signingIn);
  const signInAs = async (person: DemoIdentity) => {
    if (await session.signIn(person.inviteCode)) enter();
  };
  const signInWithCode = async () => {
    if (await session.signInWithCode()) enter();
  };

  return (
    <View className="hz-login">
      <View className="hz-login-brand">
        <Text className="hz-login-title">货准</Text>
        <Text className="hz-login-slogan">卖出去的都有货，有货的都能卖出去</Text>
      </View>

      {session.status === 'loading' && <LoadingLine />}
      {session.status === 'error' && (
        <LoadError title="连接不上服务器" message={session.loadError} onRetry={() => void session.load()} />
      )}

      {session.status === 'ready' && session.user && (
        <View className="hz-login-current">
          <Text className="hz-login-current-label">当前身份</Text>
          <Text className="hz-login-current-name">{session.userLabel}</Text>
          <Button type="primary" block onClick={enter}>
            进入
          </Button>
        </View>
      )}

      {session.status === 'ready' && session.showsDemoPicker && (
        <View className="hz-login-section">
          <Text className="hz-section-title">演示账号 · 点一下即可登录</Text>
          <View className="hz-login-people">
            {session.demoIdentities.map((person) => (
              <Cell
                key={person.inviteCode}
                className="hz-login-person"
                clickable
                title={<Text className="hz-login-person-name">{person.name}</Text>}
                description={person.description}
                extra={
                  session.signingIn === person.inviteCode ? (
                    <Text className="hz-muted">登录中…</Text>
                  ) : (
                    <Tag type={ROLE_TAG[person.role]} plain>
                      {session.roleLabel(person.role)}
                    </Tag>
                  )
                }
                onClick={() => void signInAs(person)}
              />
            ))}
          </View>
        </View>
      )}

      {session.status === 'ready' && (
        <View className="hz-login-section">
          <Text className="hz-section-title">{session.showsDemoPicker ? '或输入邀请码' : '输入运营给你的邀请码'}</Text>
          <View className="hz-login-code">
            <Input
              className="hz-login-code-input"
              value={session.inviteCode}
              placeholder="邀请码"
              maxLength={32}
              clearable
              onChange={(text) => session.setInviteCode(text)}
            />
            {session.inviteCodeError && <Text className="hz-field-error">{session.inviteCodeError}</Text>}
          </View>
          <Button type="primary" block loading={typedSignIn} disabled={typedSignIn} onClick={() => void signInWithCode()}>
            登录
          </Button>
        </View>
      )}

      {session.signInError && <Text className="hz-form-error">{session.signInError}</Text>}
    </View>
  );
});

export default LoginPage;

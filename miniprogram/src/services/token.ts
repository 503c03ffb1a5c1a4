import Taro from '@tarojs/taro';

// Self-hosted sessions only; in WeChat the OPENID is the identity and no token exists.
const TOKEN_KEY = 'huozhun.sessionToken';

export function getToken(): string | null {
  try {
    const value: unknown = Taro.getStorageSync(TOKEN_KEY);
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  try {
    Taro.setStorageSync(TOKEN_KEY, token);
  } catch {
    // Storage full or blocked: the session still works until the page reloads.
  }
}

export function clearToken(): void {
  try {
    Taro.removeStorageSync(TOKEN_KEY);
  } catch {
    // Nothing to clear.
  }
}

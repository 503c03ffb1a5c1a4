// Values the build writes into the app (miniprogram/config/index.ts defineConstants).

/** The WeChat cloud environment id the mini-program's cloud calls go to ('' outside a release build). */
declare const HUOZHUN_CLOUD_ENV: string;

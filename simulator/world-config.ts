// The simulated world's parameters: every default written down once, with the reason
// for it (WORLD_NOTES). The world is the same for every policy and never tuned to flatter one.

export interface WorldConfig {
  skus: number;
  suppliers: number;
  /** Days measured, after the warm-up. */
  days: number;
  warmupDays: number;
  stepMinutes: number;
  leaders: number;
  /** The first simulated day (Shanghai), a Monday. */
  startDay: string;
  /** Share of suppliers at each level: api, portal, rules. */
  levelMix: [number, number, number];
  reportTimes: string[];
  ourMedianPerDay: number;
  ourSpread: number;
  hotShare: number;
  hotMultiplier: number;
  dailyNoise: number;
  meanOrderUnits: number;
  hotMeanOrderUnits: number;
  /** Relative weight of our orders in each hour 0–23 (Shanghai). */
  ourHourly: number[];
  /** Monday … Sunday. */
  weekday: number[];
  hiddenMedianRatio: number;
  hiddenSpread: number;
  hiddenNoneShare: number;
  hiddenHourly: number[];
  bulkChancePerSkuDay: number;
  bulkShare: [number, number];
  initialCoverDays: [number, number];
  reviewHour: number;
  reorderCoverDays: number;
  orderCoverDays: number;
  leadDays: [number, number];
  arrivalHours: [number, number];
  limitedShare: number;
  apiPushMinutes: number;
  apiPushLoss: number;
  apiHeldConfirmMinutes: number;
  portalLateMinutes: [number, number];
  portalMissRate: number;
  portalAdhocRatio: number;
  portalAdhocMinUnits: number;
  portalAdhocCompliance: number;
  portalAdhocDelayMinutes: [number, number];
  portalCountErrorRate: number;
  portalHeldConfirmMinutes: number;
  portalRemindCompliance: number;
  portalRemindDelayMinutes: [number, number];
  rulesPostLateMinutes: [number, number];
  rulesEntryLagMinutes: [number, number];
  rulesMissRate: number;
  rulesCountErrorRate: number;
  countErrorSize: number;
  rulesHeldConfirmMinutes: number;
  confirmAfterCutoffMinutes: number;
  /** Share of each SKU's other-channel units taken in one batch at hiddenNightlyHour (rivals picking after their cutoff). */
  hiddenNightlyShare: number;
  hiddenNightlyHour: number;
  /** Share of other-channel units that come in bursts (a live stream, a flash sale) at random working-hour steps. */
  hiddenBurstShare: number;
  hiddenBurstsPerDay: number;
  /** Spread (log sigma) of each supplier's unreliability factor, a mean-one lognormal. */
  supplierSpread: number;
  /** Share of suppliers that are chronically bad, and how much worse they are. */
  chronicShare: number;
  chronicFactor: number;
  /** Chance that a scheduled portal or rules report resends the last numbers instead of a count. */
  copyLastRate: number;
  /**
   * An API supplier's system, as the product's pull reaches it (supplier-systems.ts): it
   * serves its ERP's snapshot this many minutes old (whole steps, rounded up), fails this
   * often (half no answer before the product's timeout, half HTTP 503), and answers at
   * most this many calls a day (HTTP 429 after). When to call is the product's.
   */
  pullLatencyMinutes: number;
  pullFailRate: number;
  pullCallsPerDay: number;
  /** The daily limit the operator entered on the pull source (the product spreads its pulls by it); 0: none entered. */
  pullDeclaredCallsPerDay: number;
  /** Chance that a portal supplier, after reporting, grants one more subscription consent. */
  consentGrantRate: number;
  /** Share of reminders acted on when no consent was left (the reminder sat in the inbox). */
  portalInboxCompliance: number;
  /** Share of rules-level reminders an operator chases in the supplier's WeChat group, and how long the answer takes. */
  operatorChaseRate: number;
  operatorChaseDelayMinutes: [number, number];
  /** Chance that a report gives available stock (our open orders already deducted) although the supplier's basis is physical. */
  basisMixRate: number;
  /** Share of SKUs that are fresh produce: restocked every morning to a target instead of reordered; what is left at the end of the day spoils. */
  freshShare: number;
  /** A fresh SKU's morning target, in days of its mean sales over all channels. */
  freshTargetDays: number;
  /** When the morning's fresh delivery arrives (hours, Shanghai). */
  freshArrivalHours: [number, number];
  /** Chance, per SKU of a confirmed wave, that the supplier finds fewer units at dispatch than it confirmed; and at most what share of them. */
  confirmShortRate: number;
  confirmShortSize: number;
}

export const DEFAULT_WORLD: WorldConfig = {
  skus: 500,
  suppliers: 20,
  days: 14,
  warmupDays: 7,
  stepMinutes: 15,
  leaders: 60,
  startDay: '2026-03-02',
  levelMix: [0.3, 0.4, 0.3],
  reportTimes: ['08:00', '20:00'],
  ourMedianPerDay: 3,
  ourSpread: 1.0,
  hotShare: 0.04,
  hotMultiplier: 5,
  dailyNoise: 0.35,
  meanOrderUnits: 2.5,
  hotMeanOrderUnits: 4,
  //          0    1    2     3     4     5    6    7    8    9    10   11   12   13   14   15   16   17   18   19   20   21   22   23
  ourHourly: [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.0, 1.4, 1.2, 1.0, 1.0, 1.2, 0.9, 0.7, 0.7, 0.8, 1.0, 1.3, 1.8, 2.4, 2.8, 0.6, 0.3],
  weekday: [0.95, 0.95, 0.95, 1.0, 1.05, 1.1, 1.0],
  hiddenMedianRatio: 1.0,
  hiddenSpread: 0.8,
  hiddenNoneShare: 0.2,
  hiddenHourly: [0.5, 0.3, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 0.8, 1.0, 1.2, 1.2, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 1.5, 1.5, 1.2, 0.8],
  bulkChancePerSkuDay: 0.02,
  bulkShare: [0.2, 0.5],
  initialCoverDays: [3, 10],
  reviewHour: 7,
  reorderCoverDays: 4,
  orderCoverDays: 7,
  leadDays: [1, 3],
  arrivalHours: [9, 17],
  limitedShare: 0.1,
  apiPushMinutes: 30,
  apiPushLoss: 0.02,
  apiHeldConfirmMinutes: 60,
  portalLateMinutes: [0, 45],
  portalMissRate: 0.05,
  portalAdhocRatio: 0.3,
  portalAdhocMinUnits: 10,
  portalAdhocCompliance: 0.6,
  portalAdhocDelayMinutes: [0, 60],
  portalCountErrorRate: 0.02,
  portalHeldConfirmMinutes: 0,
  portalRemindCompliance: 0.5,
  portalRemindDelayMinutes: [15, 45],
  rulesPostLateMinutes: [0, 60],
  rulesEntryLagMinutes: [10, 90],
  rulesMissRate: 0.1,
  rulesCountErrorRate: 0.04,
  countErrorSize: 0.15,
  rulesHeldConfirmMinutes: 0,
  confirmAfterCutoffMinutes: 30,
  hiddenNightlyShare: 0,
  hiddenNightlyHour: 23,
  hiddenBurstShare: 0,
  hiddenBurstsPerDay: 2,
  supplierSpread: 0.5,
  chronicShare: 0.1,
  chronicFactor: 3,
  copyLastRate: 0.03,
  pullLatencyMinutes: 10,
  pullFailRate: 0.05,
  pullCallsPerDay: 48,
  pullDeclaredCallsPerDay: 48,
  consentGrantRate: 0.5,
  portalInboxCompliance: 0.1,
  operatorChaseRate: 0.5,
  operatorChaseDelayMinutes: [30, 120],
  basisMixRate: 0.02,
  freshShare: 0.25,
  freshTargetDays: 1.3,
  freshArrivalHours: [4, 6],
  confirmShortRate: 0.01,
  confirmShortSize: 0.3,
};

export interface WorldNote {
  /** What the operator reads in the report (Chinese, English where helpful). */
  label: string;
  reason: string;
}

/** Every parameter with its reason: the type makes a new parameter without one a compile error. */
export const WORLD_NOTES: { [K in keyof WorldConfig]: WorldNote } = {
  skus: { label: '商品数 SKUs', reason: '课题要求的默认规模：一个中等运营方的在售商品数。' },
  suppliers: { label: '供应商数 Suppliers', reason: '课题要求的默认规模：每家约 25 个商品。' },
  days: { label: '计量天数 Measured days', reason: '两周：覆盖两个完整的周末和补货周期。' },
  warmupDays: { label: '预热天数 Warm-up days', reason: '速度缓冲按最近 7 天的订单计算；实际运营方已有这段历史，所以先跑 7 天同样的策略但不计入指标。' },
  stepMinutes: { label: '步长（分钟）Step', reason: '15 分钟一步：比报数、截单的节奏细得多；调度器每 5 分钟一跳，15 分钟内的差别对结果影响很小而耗时少三倍。' },
  leaders: { label: '团长数 Leaders', reason: '一个中等运营方的团长数；只影响限购（每个团长的份额），不影响总需求。' },
  startDay: { label: '起始日 Start day', reason: '从周一开始，周内/周末的起伏按真实星期排。' },
  levelMix: { label: '对接层级占比 api / portal / rules', reason: '假设（无实测数据）：小供应商多没有 ERP；30% 有接口、40% 用小程序报数、30% 只在微信群报数。可用 --world 改成自己的供应商结构。' },
  reportTimes: { label: '报数时间 Report times', reason: 'DESIGN §1：早 08:00、晚 20:00 报数。' },
  ourMedianPerDay: { label: '我方日销中位数（件/商品/天）', reason: '约 500 个商品日销合计 2,500–3,500 件，中等运营方 60 个团的量级。' },
  ourSpread: { label: '我方日销离散度（对数标准差）', reason: '长尾分布：多数商品每天一两件，少数每天几十件。' },
  hotShare: { label: '爆品占比 Hot items', reason: '每期主推的少数爆品（约 4%）。' },
  hotMultiplier: { label: '爆品倍数', reason: '主推商品的销量约为同类的 5 倍。' },
  dailyNoise: { label: '逐日波动（对数标准差）', reason: '同一商品每天的销量上下浮动约三成（天气、团长推不推）。均值为 1 的对数正态：波动越大不等于需求越多。' },
  meanOrderUnits: { label: '每笔订单平均件数', reason: '团长汇总接龙后下单，一笔通常 1–4 件。' },
  hotMeanOrderUnits: { label: '爆品每笔平均件数', reason: '爆品接龙人多，一笔更大。' },
  ourHourly: { label: '我方订单的小时分布', reason: '早上发接龙、午间和下班后跟团，截单（22:00）前最后几小时是高峰，截单后很少。' },
  weekday: { label: '星期系数（周一…周日）', reason: '周五、周六略高；假设，幅度保守。' },
  hiddenMedianRatio: { label: '其他渠道销量 ÷ 我方销量（中位数）', reason: '假设：一件代发供应商同时供货其他团购平台、电商和批发，其他渠道通常与我方相当。' },
  hiddenSpread: { label: '其他渠道比例离散度', reason: '有的供应商主要靠我们，有的我们只是小渠道。' },
  hiddenNoneShare: { label: '无其他渠道的商品占比', reason: '约两成商品是给我们的专供款。' },
  hiddenHourly: { label: '其他渠道的小时分布', reason: '电商和其他平台全天都在卖，晚间略高，比团购平缓。' },
  bulkChancePerSkuDay: { label: '批发大单概率（每商品每天）', reason: '偶有批发客户或直播一次拿走一大批，约每 50 个商品天一次；这是临时报数要抓的情况。' },
  bulkShare: { label: '批发大单拿走的库存比例', reason: '一次拿走现有库存的两到五成。' },
  initialCoverDays: { label: '初始库存可售天数', reason: '开始时各商品的库存够卖 3–10 天（按全部渠道的销量）。' },
  reviewHour: { label: '供应商补货检查时刻', reason: '每天早上 07:00 看一次库存决定是否补货。' },
  reorderCoverDays: { label: '补货点（可售天数）', reason: '库存（含在途）不够卖 4 天时补货：最长到货期 3 天再加 1 天余量。' },
  orderCoverDays: { label: '每次补货量（天数）', reason: '一次补够一周的量。' },
  leadDays: { label: '到货期（天）', reason: '从产地或上游发货 1–3 天。' },
  arrivalHours: { label: '到货时段', reason: '白天 09:00–17:00 到仓。' },
  limitedShare: { label: '限量批次商品占比', reason: '约一成是季节性或限量批次（如草莓、海鲜一批），卖完不再补。' },
  apiPushMinutes: { label: '接口推送间隔（分钟）', reason: 'ERP 库存同步常见 10–60 分钟跑一次，取 30 分钟，推送变动过的商品。' },
  apiPushLoss: { label: '接口推送失败率', reason: 'Webhook 偶尔失败且 ERP 很少重推；假设 1/50，该商品下次变动时才再推。' },
  apiHeldConfirmMinutes: { label: '接口报数被暂扣后确认用时', reason: '机器推送时没人盯着手机；暂扣提醒到运营后约一小时确认。' },
  portalLateMinutes: { label: '小程序报数迟到（分钟）', reason: '供应商在报数时间后 0–45 分钟内提交。' },
  portalMissRate: { label: '小程序报数漏报率', reason: '有提醒仍约 1/20 次忘报。' },
  portalAdhocRatio: { label: '临时报数门槛（比例）', reason: 'DESIGN §4：变动超过门槛须立即报；取上次报数的 30%…' },
  portalAdhocMinUnits: { label: '临时报数门槛（件）', reason: '…且至少 10 件。' },
  portalAdhocCompliance: { label: '临时报数执行率', reason: '运营经验：大变动约六成会被及时补报，其余等下次定时报数。' },
  portalAdhocDelayMinutes: { label: '临时报数延迟（分钟）', reason: '发现变动到提交 0–60 分钟。' },
  portalCountErrorRate: { label: '小程序报数点错率（每行）', reason: '手工清点和输入，约 2% 的行有偏差。' },
  portalHeldConfirmMinutes: { label: '小程序报数被暂扣后确认用时', reason: '提交时当场看到确认提示，随即确认（真实的数就该确认）。' },
  portalRemindCompliance: { label: '按优先级催报的响应率', reason: '同步优先级开启时，对超龄商品催报一次约一半供应商会补报。' },
  portalRemindDelayMinutes: { label: '催报后补报用时（分钟）', reason: '收到提醒后 15–45 分钟。' },
  rulesPostLateMinutes: { label: '微信群报数迟到（分钟）', reason: '供应商在群里发数常晚 0–60 分钟。' },
  rulesEntryLagMinutes: { label: '运营代录延迟（分钟）', reason: '运营看到群消息后 10–90 分钟录入；系统按录入时间记，数其实更旧。' },
  rulesMissRate: { label: '微信群报数漏报率', reason: '运营经验：微信群报数约 1/10 次漏报。' },
  rulesCountErrorRate: { label: '微信群报数错误率（每行）', reason: '口头/手写数字再转录，约 4% 的行有偏差。' },
  countErrorSize: { label: '点错幅度', reason: '点错时偏差在 ±15% 以内。' },
  rulesHeldConfirmMinutes: { label: '代录报数被暂扣后确认用时', reason: '运营录入时当场看到提示并确认。' },
  confirmAfterCutoffMinutes: { label: '截单后确认发货（分钟）', reason: '供应商在 23:00 截止前确认，取截单后 30 分钟；确认后当即出库。' },
  hiddenNightlyShare: { label: '其他渠道夜间批量占比', reason: '默认 0（全天平稳）。其他团购平台截单后集中拣货：设 0.67 即三分之二在夜间一次拿走（课题 13 的严苛世界）。' },
  hiddenNightlyHour: { label: '其他渠道夜间批量时刻', reason: '对手平台 22:00 截单后约 23:00 拣货。' },
  hiddenBurstShare: { label: '其他渠道突发占比', reason: '默认 0。直播、秒杀把一天的一部分销量集中在某一刻；设 0.3–0.5 试突发世界。' },
  hiddenBurstsPerDay: { label: '每天突发次数', reason: '假设：一天两场（午间、晚间），时刻在 08:00–22:00 间随机。' },
  supplierSpread: { label: '供应商可靠性离散度（对数标准差）', reason: '漏报、迟到、点错、照抄上次的概率因供应商而异：每家乘一个均值为 1 的对数正态系数，平均水平不变。' },
  chronicShare: { label: '长期不靠谱供应商占比', reason: '运营经验：约一成供应商常年漏报错报。' },
  chronicFactor: { label: '长期不靠谱的倍数', reason: '这些供应商的漏报、迟到、点错、照抄概率约为平均的 3 倍。' },
  copyLastRate: { label: '照抄上次报数的概率（每次定时报数）', reason: '假设：约 3% 的定时报数没有真的清点，把上次的数重发一遍（系统看不出来）。' },
  pullLatencyMinutes: { label: '接口库存的滞后（分钟）', reason: '供应商接口返回的常是 ERP 几分钟前的快照；取 10 分钟（按整步向上取，即上一步的库存）。何时拉取由产品的分层拉取决定。' },
  pullFailRate: { label: '拉取接口失败率', reason: '小供应商的接口偶尔超时或报错；取 1/20（一半在产品的超时内没有答复，一半返回 HTTP 503），产品按失败计，连续失败后退避。' },
  pullCallsPerDay: { label: '每家每天可答的拉取（次）', reason: '供应商接口通常限频；取每天 48 次（平均半小时一次），超出返回 HTTP 429，产品按失败计。' },
  pullDeclaredCallsPerDay: { label: '运营填写的每日调用上限（次）', reason: '运营按对方接口文档把每日上限填在拉取设置里（0 = 没填）；产品据此把一天的拉取摊开，不在清早用完。取与接口实际上限相同的 48。' },
  consentGrantRate: { label: '报数后再授权订阅的概率', reason: '订阅消息每次授权只能发一条（DESIGN §6）；假设供应商报数后看到授权弹窗，约一半会点“允许”。' },
  portalInboxCompliance: { label: '没有订阅次数时的催报响应率', reason: '提醒只进了站内信，要等供应商自己打开小程序才看到；假设约 1/10 会及时补报。' },
  operatorChaseRate: { label: '运营追问微信群供应商的比例', reason: '微信群供应商的超龄提醒发给运营；假设运营约一半会去群里要数。' },
  operatorChaseDelayMinutes: { label: '追问到拿到数（分钟）', reason: '群里回复再由运营代录，30–120 分钟（按供应商可靠性拉长）。' },
  basisMixRate: { label: '口径混用概率（每次报数）', reason: '假设：约 2% 的报数给的是扣过我方未发订单的“可用数”，而供应商口径设的是“实物数”，于是我方订单被扣了两次。' },
  freshShare: { label: '生鲜商品占比（每天补货）', reason: '假设：约四分之一的商品是蔬菜、水果、鲜肉、鲜蛋，供应商每天凌晨从批发市场进货补到目标量，当天卖不完的在 24:00 作损耗；其余（干货、冻品、包装食品）按周补货。设 0 即只有周补货的世界。' },
  freshTargetDays: { label: '生鲜每天补到（天的销量）', reason: '假设：补到约 1.3 天的全渠道平均销量（至少 2 件）：忙的日子会卖空，闲的日子剩下两三成扔掉。' },
  freshArrivalHours: { label: '生鲜到货时段', reason: '凌晨拿货，04:00–06:00 到仓，早上 08:00 报数前已上架。' },
  confirmShortRate: { label: '确认后出库短少的概率（每波次每商品）', reason: '假设：供应商按当时的货确认了可发数量，出库时才发现坏果、破损或点错，约 1/100 的波次商品会这样（按供应商可靠性放大）。顾客已被告知能发，这些件数算超卖。' },
  confirmShortSize: { label: '出库短少的幅度', reason: '短少时少了确认数的至多三成（至少 1 件）；这些货作损耗离开真实库存。' },
};

/**
 * The world many-seed runs use (bench:simulate, --sweep): the default world's mix at 80
 * SKUs and 8 suppliers, a week of warm-up and a week measured, so 20 seeds of every
 * policy finish in minutes on 2 cores. Overridable like any world parameter.
 */
export const SEEDS_WORLD: Partial<WorldConfig> = { skus: 80, suppliers: 8, warmupDays: 7, days: 7 };

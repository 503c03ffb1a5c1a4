// The words suppliers put around counts, and the one normalising every line and spec goes through.

export const WEIGHT_UNITS = ['公斤', '千克', 'kg', '斤', '克', 'g', '吨', '毫升', 'ml', '升', 'l'];
export const COUNT_UNITS = ['箱', '件', '盒', '个', '袋', '瓶', '桶', '只', '包', '提', '份', '枚', '串', '板', '筐', '框', '兜', '扎', '支', '条', '块', '把', '罐', '听', '颗', '粒', '头', '棵', '根', '对', '套', '组', '排', '托', '筒', '捆'];
export const UNITS = [...WEIGHT_UNITS, ...COUNT_UNITS].sort((a, b) => b.length - a.length);
export const UNIT_RE = UNITS.map((u) => (/^[a-z]+$/.test(u) ? `${u}(?![a-z])` : u)).join('|');
export const CN_NUM_CHARS = '零一二两俩仨三四五六七八九十百千万';

/** Words that say a SKU is out. */
export const ZERO_RE = /^(?:暂时没有货?|暂时没货|暂无货?|已售完|已售罄|已卖完|售罄|售完|卖完了?|卖光了?|没有货了?|没货了?|无货|断货|缺货|没有了|没有|没了|完了|光了)/;
/** "无"/"空" alone after a name ("草莓：无"); inside a name ("无籽西瓜") it is a letter. */
export const ZERO_SHORT_RE = /^(?:无|空)(?=$|[\s,，;；。!！])/;
export const UNCHANGED_RE = /没变|没有变|不变|同上|同昨天|和昨天一样|跟昨天一样|照旧/;
export const DELTA_RE = /加了?|补了?|再来|又到|减|少了|多了|卖了|卖出|出了|走了|订了|已订|预留|留了/;
export const INCOMING_RE = /明天|明日|后天|在路上|路上|到货|待入库|还没到|预计|下午到|晚上到|要到/;
export const APPROX_BEFORE_RE = /(?:大约|大概|约|差不多|估计|将近|接近|近)\s*$/;

/** Filler a supplier puts around a name or a number; stripped from the name's edges only. */
export const LEAD_FILLER = ['今天', '今日', '目前', '现在', '早上', '上午', '下午', '晚上', '还有', '还剩', '剩下', '剩余', '库存', '现货', '现有', '另外', '然后', '都', '还', '和', '跟', '及', '的'];
export const TRAIL_FILLER = ['还有', '还剩', '剩下', '剩余', '库存', '现货', '现有', '一共', '总共', '共', '都', '还', '有', '剩', '的', '了', '啦', '哦', '呢', '吧', '是', '为', '约', '大约', '大概'];
export const GREETING_RE = /^(?:各位|老板|大家|亲|早上好|上午好|下午好|晚上好|您好|你好|收到|好的|谢谢|辛苦)/;

// Normalising: one UTF-16 unit per typed character, so positions map back to what was typed.

export interface Norm { s: string; orig: string[] }

export function normaliseLine(raw: string): Norm {
  const s: string[] = [];
  const orig: string[] = [];
  for (const ch of raw) {
    const cp = ch.codePointAt(0) ?? 0;
    if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    orig.push(ch);
    if (cp === 0x3000 || /\s/u.test(ch)) s.push(' ');
    else if (cp >= 0xff01 && cp <= 0xff5e) s.push(String.fromCharCode(cp - 0xfee0).toLowerCase());
    else if (/\p{Extended_Pictographic}|\p{So}/u.test(ch)) s.push(' ');
    else if (cp > 0xffff) s.push('\uE000');
    else s.push(ch.toLowerCase());
  }
  return { s: s.join(''), orig };
}

export const isLetter = (c: string): boolean => /[\p{L}\uE000\uE001]/u.test(c) && !CN_NUM_CHARS.includes(c);
export const CODE_CHAR = '\uE001';

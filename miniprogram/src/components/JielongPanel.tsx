import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Input, Tag } from './nutui';
import { PasteBox } from './PasteBox';
import { formatYuan } from '../services/format';
import type { JielongItem } from '../services/types';
import type { PreviewItem } from '../stores/jielong';
import { useStores } from '../stores';

type Unmatched = Extract<JielongItem, { kind: 'unmatched' }>;
type Matched = Extract<JielongItem, { kind: 'matched' }>;

const PLACEHOLDER = '把群接龙整段复制过来，如：\n1. 张三 脐橙5斤×2\n2. 李四 砂糖橘 2份';

/** One SKU to choose for an item: name, price, what is sellable now. A sold-out one is shown, not chosen. */
const SkuChoice = observer(function SkuChoice({ itemKey, skuId }: { itemKey: string; skuId: string }) {
  const { jielong, availability } = useStores();
  const listed = availability.item(skuId);
  const sellable = listed?.sellable ?? 0;
  return (
    <View className={`hz-jl-choice${sellable === 0 ? ' hz-jl-choice--soldout' : ''}`} onClick={() => sellable > 0 && jielong.choose(itemKey, skuId)}>
      <Text className="hz-jl-choice-name">{jielong.nameOf(skuId)}</Text>
      <Text className="hz-muted">
        {listed ? `${formatYuan(listed.price)} · ${sellable > 0 ? `可售 ${sellable}` : '售罄，不能选'}` : '未上架'}
      </Text>
    </View>
  );
});

/** "选其他商品": any listed SKU, found by what is typed. */
const SearchPicker = observer(function SearchPicker({ itemKey }: { itemKey: string }) {
  const { jielong } = useStores();
  if (jielong.searching !== itemKey) return null;
  return (
    <View className="hz-jl-search">
      <Input className="hz-text-input hz-jl-search-input" value={jielong.query} placeholder="搜商品名或编码" aria-label="搜索商品" onChange={(text) => jielong.setQuery(text)} />
      {jielong.searchResults.map((i) => (
        <SkuChoice key={i.skuId} itemKey={itemKey} skuId={i.skuId} />
      ))}
      {jielong.searchResults.length === 0 && <Text className="hz-muted">没有找到，换个词试试</Text>}
    </View>
  );
});

/** A choice made for an item: what it becomes, and the way back. */
const Decided = observer(function Decided({ itemKey, qty }: { itemKey: string; qty: number }) {
  const { jielong } = useStores();
  const chosen = jielong.chosenSku(itemKey);
  return (
    <View className="hz-row-between hz-jl-decided">
      {chosen ? <Text className="hz-jl-chosen">改为：{jielong.nameOf(chosen)} × {qty}</Text> : <Text className="hz-muted">这一项不下单</Text>}
      <Text className="hz-link hz-jl-rechoose" onClick={() => jielong.reopen(itemKey)}>
        重选
      </Text>
    </View>
  );
});

/** After a choice for a flagged item: "以后'酒精'都是这个商品？" — 记住 teaches the word for this leader's lists. */
const TeachOffer = observer(function TeachOffer({ itemKey }: { itemKey: string }) {
  const { jielong } = useStores();
  const word = jielong.wordOf(itemKey);
  const chosen = jielong.chosenSku(itemKey);
  const state = jielong.teaching[itemKey];
  if (!word || !chosen) return null;
  if (state === 'taught') {
    return <Text className="hz-muted hz-jl-taught">已记住：以后接龙里的“{word}”就是 {jielong.nameOf(chosen)}</Text>;
  }
  if (state === 'no') return null;
  return (
    <View className="hz-jl-teach">
      <Text className="hz-jl-teach-question">以后“{word}”都是这个商品？</Text>
      <View className="hz-jl-picker-actions">
        <Text className="hz-link hz-jl-teach-yes" onClick={() => state !== 'saving' && void jielong.teach(itemKey)}>
          {state === 'saving' ? '正在记住…' : '记住'}
        </Text>
        <Text className="hz-link hz-jl-teach-no" onClick={() => jielong.declineTeaching(itemKey)}>
          不用
        </Text>
      </View>
      {typeof state === 'object' && <Text className="hz-field-error hz-jl-teach-error">{state.error}</Text>}
    </View>
  );
});

/** A line that matched one SKU: marked when it has nothing sellable (left out unless another is chosen) or less than asked. */
const MatchedRow = observer(function MatchedRow({ entry }: { entry: PreviewItem<Matched> }) {
  const { jielong } = useStores();
  const { key, item, customer } = entry;
  const sellable = jielong.sellableOf(item.skuId);
  const decided = jielong.chosenSku(key) !== null || jielong.isSkipped(key);
  const soldOut = !decided && sellable === 0;
  return (
    <View className={`hz-jl-item hz-jl-matched${soldOut ? ' hz-jl-matched--soldout' : ''}`}>
      <View className="hz-row-between">
        <Text className="hz-jl-customer">{customer}</Text>
        <Text className="hz-jl-line">
          {jielong.nameOf(item.skuId)} × {item.qty}
        </Text>
      </View>
      {decided ? (
        <Decided itemKey={key} qty={item.qty} />
      ) : soldOut ? (
        <View className="hz-jl-picker-actions hz-jl-soldout">
          <Tag type="danger">售罄，不加入订单</Tag>
          <Text className="hz-link hz-jl-search-toggle" onClick={() => jielong.openSearch(key)}>
            {jielong.searching === key ? '收起' : '换个商品'}
          </Text>
        </View>
      ) : (
        sellable !== null && sellable < item.qty && <Tag type="danger">可售只有 {sellable} 件</Tag>
      )}
      {!decided && <SearchPicker itemKey={key} />}
    </View>
  );
});

/** An item the parser could not pin to one SKU: the leader picks a candidate or any SKU, or leaves it out on purpose. */
const UnmatchedRow = observer(function UnmatchedRow({ entry }: { entry: PreviewItem<Unmatched> }) {
  const { jielong } = useStores();
  const { key, item, customer } = entry;
  const chosen = jielong.chosenSku(key);
  const skipped = jielong.isSkipped(key);
  const searching = jielong.searching === key;
  return (
    <View className={`hz-jl-item hz-jl-unmatched${chosen || skipped ? ' hz-jl-unmatched--done' : ''}`}>
      <View className="hz-row-between">
        <Text className="hz-jl-customer">{customer || `第${entry.lineNo}行`}</Text>
        <Text className="hz-jl-text">
          “{item.text}” × {item.qty}
        </Text>
      </View>
      {chosen || skipped ? (
        <>
          <Decided itemKey={key} qty={item.qty} />
          <TeachOffer itemKey={key} />
        </>
      ) : (
        <View className="hz-jl-picker">
          <Text className="hz-field-error hz-jl-reason">{item.reason}</Text>
          {item.candidates.length > 0 && (
            <View className="hz-jl-candidates">
              {item.candidates.map((skuId) => (
                <SkuChoice key={skuId} itemKey={key} skuId={skuId} />
              ))}
            </View>
          )}
          <View className="hz-jl-picker-actions">
            <Text className="hz-link hz-jl-search-toggle" onClick={() => jielong.openSearch(key)}>
              {searching ? '收起' : '选其他商品'}
            </Text>
            <Text className="hz-link hz-jl-skip" onClick={() => jielong.skip(key)}>
              这项不要
            </Text>
          </View>
          <SearchPicker itemKey={key} />
        </View>
      )}
    </View>
  );
});

const Preview = observer(function Preview() {
  const { jielong, cart } = useStores();
  if (!jielong.view) return null;
  const { matched, unmatched, ignored, menu } = jielong;
  return (
    <View className="hz-jl-preview">
      <Text className="hz-section-title">
        识别出 {matched.length + unmatched.length} 项：{matched.length} 项已对上商品
        {unmatched.length > 0 ? `，${unmatched.length} 项需要选择` : ''}
        {jielong.soldOutLeft > 0 ? `，${jielong.soldOutLeft} 项售罄不加入` : ''}
      </Text>
      {unmatched.length > 0 && (
        <View className="hz-jl-group hz-jl-group--unmatched">
          {unmatched.map((entry) => (
            <UnmatchedRow key={entry.key} entry={entry} />
          ))}
        </View>
      )}
      {matched.length > 0 && (
        <View className="hz-jl-group hz-jl-group--matched">
          {matched.map((entry) => (
            <MatchedRow key={entry.key} entry={entry} />
          ))}
        </View>
      )}
      {menu.length > 0 && (
        <View className="hz-jl-menu">
          <Text className="hz-muted">按帖子里的菜单识别（写字母、序号或表情的行）：</Text>
          {menu.map((m) => (
            <Text key={`${m.lineNo}-${m.key ?? m.text}`} className="hz-jl-menu-line">
              {[m.key, ...(m.emoji ?? [])].filter(Boolean).join(' ')} {m.text} → {m.skuId ? jielong.nameOf(m.skuId) : '没对上商品，写它的行需要选择'}
            </Text>
          ))}
        </View>
      )}
      {jielong.amended.length > 0 && (
        <View className="hz-jl-group hz-jl-group--amended">
          <Text className="hz-muted">改过的单（划掉的不下单）</Text>
          {jielong.amended.map((a) => (
            <View key={a.lineNo} className="hz-jl-item hz-jl-amended">
              <View className="hz-row-between">
                <Text className="hz-jl-customer">{a.customer}</Text>
                <Text className="hz-jl-amend-note">{a.note}</Text>
              </View>
              <Text className="hz-jl-struck">{a.said || '（没有商品）'}</Text>
              <Text className="hz-muted">第{a.lineNo}行 → 第{a.by}行</Text>
            </View>
          ))}
        </View>
      )}
      {ignored.length > 0 && (
        <View className="hz-jl-ignored">
          <Text className="hz-link hz-jl-ignored-toggle" onClick={() => jielong.toggleIgnored()}>
            另有 {ignored.length} 行不是订单（标题、说明等）{jielong.showIgnored ? ' ▴' : ' ▾'}
          </Text>
          {jielong.showIgnored &&
            ignored.map((l) => (
              <Text key={l.lineNo} className="hz-jl-ignored-line">
                第{l.lineNo}行：{l.text}
              </Text>
            ))}
        </View>
      )}
      <View className="hz-inline-actions">
        <Button size="small" onClick={() => jielong.cancel()}>
          重新粘贴
        </Button>
        <Button
          size="small"
          type="primary"
          className="hz-jl-add"
          disabled={jielong.pending > 0 || jielong.ready === 0 || cart.locked}
          onClick={() => void jielong.addToCart()}
        >
          {jielong.pending > 0 ? `还有 ${jielong.pending} 项未选择` : `加入订单（${jielong.ready} 行）`}
        </Button>
      </View>
    </View>
  );
});

/** "记住的叫法": the words this leader taught, each with what it means and a way to forget it. */
const TaughtWords = observer(function TaughtWords() {
  const { jielong } = useStores();
  return (
    <View className="hz-jl-aliases">
      <Text className="hz-link hz-jl-aliases-toggle" onClick={() => void jielong.toggleAliases()}>
        记住的叫法{jielong.aliasesOpen ? ' ▴' : ' ▾'}
      </Text>
      {jielong.aliasesOpen && jielong.aliases?.length === 0 && <Text className="hz-muted">还没有记住的叫法：选商品时点“记住”即可</Text>}
      {jielong.aliasesOpen &&
        jielong.aliases?.map((a) => (
          <View key={a.word} className="hz-row-between hz-jl-alias">
            <Text className="hz-jl-alias-text">
              “{a.word}” → {a.name}
            </Text>
            <Text className="hz-link hz-jl-forget" onClick={() => void jielong.forget(a.word)}>
              忘掉
            </Text>
          </View>
        ))}
      {jielong.aliasError && <Text className="hz-field-error">{jielong.aliasError}</Text>}
    </View>
  );
});

/** "粘贴接龙": a pasted group list becomes cart lines, one per customer item. */
export const JielongPanel = observer(function JielongPanel() {
  const { jielong, cart } = useStores();
  if (!jielong.open) {
    return (
      <View className="hz-jl-closed">
        <Button size="small" fill="outline" type="primary" className="hz-jl-open" onClick={() => jielong.toggle()}>
          粘贴接龙
        </Button>
        {jielong.added !== null && !cart.isEmpty && <Text className="hz-muted hz-jl-added">已从接龙加入 {jielong.added} 行，请核对后提交</Text>}
        {jielong.leftOut.length > 0 && <Text className="hz-field-error hz-jl-left-out">售罄未加入：{jielong.leftOut.join('；')}</Text>}
      </View>
    );
  }
  return (
    <View className="hz-card hz-jl">
      <View className="hz-row-between">
        <Text className="hz-jl-title">粘贴接龙</Text>
        <Text className="hz-link" onClick={() => jielong.toggle()}>
          收起
        </Text>
      </View>
      {!jielong.view && (
        <View>
          <PasteBox value={jielong.text} placeholder={PLACEHOLDER} label="接龙内容" disabled={jielong.parsing} onChange={(text) => jielong.setText(text)} />
          <View className="hz-inline-actions">
            <Button size="small" type="primary" className="hz-jl-parse" loading={jielong.parsing} disabled={jielong.parsing} onClick={() => void jielong.parse()}>
              识别接龙
            </Button>
          </View>
          <TaughtWords />
        </View>
      )}
      {jielong.error && <Text className="hz-field-error">{jielong.error}</Text>}
      <Preview />
    </View>
  );
});

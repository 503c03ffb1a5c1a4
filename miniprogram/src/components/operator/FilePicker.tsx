import { Text, View } from '@tarojs/components';
import { type PickedFile, formatBytes, fromBrowserFile, files } from '../../services/files';
import { Button } from '../nutui';

interface FilePickerProps {
  file: PickedFile | null;
  disabled?: boolean;
  onPick(file: PickedFile | null): void;
  /** WeChat: open a chat's files. */
  onChoose(): void;
  /** What the file input is called for screen readers (and tests). */
  label?: string;
}

const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/**
 * Choosing the spreadsheet. A browser only lets a page read a file the person picked in a
 * real file input, so H5 shows one (styled as a button); WeChat picks from a chat.
 */
export function FilePicker({ file, disabled, onPick, onChoose, label: inputLabel = '选择库存表文件' }: FilePickerProps) {
  const label = file ? '换一个文件' : '选择文件';
  return (
    <View className="hz-file-picker">
      {files().pickWith === 'input' ? (
        <View className={`hz-file-button${disabled ? ' hz-file-button--disabled' : ''}`}>
          <Text>{label}</Text>
          <input
            className="hz-file-input"
            type="file"
            accept={ACCEPT}
            aria-label={inputLabel}
            disabled={disabled}
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0];
              onPick(chosen ? fromBrowserFile(chosen) : null);
              // The same file chosen again (after fixing it) must fire change again.
              e.currentTarget.value = '';
            }}
          />
        </View>
      ) : (
        <Button className="hz-file-button" disabled={disabled} onClick={onChoose}>
          {file ? '换一个文件' : '从微信聊天选择文件'}
        </Button>
      )}
      {file ? (
        <Text className="hz-file-name">
          {file.name} · {formatBytes(file.size)}
        </Text>
      ) : (
        <Text className="hz-muted">支持 .xlsx 和 .csv</Text>
      )}
    </View>
  );
}
